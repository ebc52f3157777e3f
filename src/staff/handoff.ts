import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { StaffMember } from '../access/staff';
import { sendStaffError, type StaffGuard } from './session';
import type { HandoffService } from '../handoff/service';
import { TicketNotDispatchedError } from '../handoff/ticketDesk';
import {
  PresenceSchema,
  REASON_PRIORITY,
  type HandoffCase,
  type HandoffEvent,
  type TranscriptEntry,
} from '../handoff/types';
import { CATEGORIES } from '../nlu/types';
import type { Logger } from '../log';
import type { Ticket } from '../tickets/ticket';
import type { TicketView } from '../tickets/ticketService';
import { TicketNotFoundError } from '../core/errors';
import { lookupTicketId, lookupView, type CatalogueEntry } from './ticketLookup';

/** Files or dispatches the conversation's ticket on staff's word. */
export interface HandoffTickets {
  get(id: string): Promise<Ticket | null>;
  /** Any ticket with its history, for duty staff checking it for a caller. */
  find(id: string): Promise<TicketView | null>;
  /** Sets the department (and category) of the conversation's ticket, filing one if it has none. */
  decide(
    c: HandoffCase,
    staff: StaffMember,
    change: { department?: string | undefined; category?: string | undefined },
  ): Promise<Ticket>;
}

/** How long a console's event stream trusts a session check before making it again. */
const SESSION_RECHECK_MS = 2000;

export interface HandoffApiDeps {
  handoff: HandoffService;
  /** The session behind the cookie, with the CSRF token checked on state changes. */
  guard: StaffGuard;
  /** Whether the request's session still stands (not logged out, expired or disabled). */
  signedIn(req: Request): Promise<boolean>;
  tickets: HandoffTickets;
  departments: readonly CatalogueEntry[];
  /** The city's districts (intents/districts.yaml): a ticket keeps the code. */
  districts: readonly CatalogueEntry[];
  now(): Date;
  logger: Logger;
}

const TextSchema = z.object({ text: z.string().trim().min(1).max(2000) });
const TransferSchema = z.object({ username: z.string().min(1).max(64) });
const PresenceBodySchema = z.object({ presence: PresenceSchema });
const TicketBodySchema = z
  .object({
    department: z.string().min(1).max(64).optional(),
    category: z.enum(CATEGORIES).optional(),
  })
  .refine((b) => b.department !== undefined || b.category !== undefined, {
    message: '请选择承办部门 / choose the department',
  });

const HEARTBEAT_MS = 15_000;
/** Lines of the transcript shown with a case in the queue. */
const LAST_MESSAGES = 3;
const STAFF_ROLES = ['duty', 'supervisor'] as const;

/** The duty staff's API (docs/handoff-api.md): the console is one client of it. */
export function mountHandoffApi(server: Server, deps: HandoffApiDeps): { closeStreams(): void } {
  const { handoff } = deps;
  const streams = new Set<Response>();

  const route =
    (csrf: boolean, fn: (req: Request, staff: StaffMember) => Promise<[number, unknown]>) =>
    async (req: Request, res: Response) => {
      try {
        const { member: staff } = await deps.guard(req, res, { roles: STAFF_ROLES, csrf });
        const [status, body] = await fn(req, staff);
        if (status === 204) res.send(204);
        else res.send(status, body);
      } catch (err) {
        sendStaffError(res, err, deps.logger);
      }
    };

  const actor = (staff: StaffMember) => ({ ...staff, supervisor: staff.role === 'supervisor' });

  server.get(
    '/api/handoff/queue',
    route(false, async () => {
      const now = deps.now();
      const { waiting, claimed } = await handoff.queue();
      const staff = await handoff.presence();
      return [
        200,
        {
          now: now.toISOString(),
          waiting: await Promise.all(waiting.map((c, i) => caseView(c, i + 1, now))),
          claimed: await Promise.all(claimed.map((c) => caseView(c, null, now))),
          staff,
          departments: deps.departments,
        },
      ];
    }),
  );

  server.get('/api/handoff/events', async (req: Request, res: Response) => {
    try {
      await deps.guard(req, res, { roles: STAFF_ROLES, csrf: false });
    } catch (err) {
      sendStaffError(res, err, deps.logger);
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');
    streams.add(res);
    // The stream is one long request: the session is checked again before writing, so a
    // disabled or logged-out account stops hearing what people tell the hotline. At most once
    // in SESSION_RECHECK_MS, not once per event: every console would otherwise cost Redis a
    // read for every message, typing signal and queue move of every conversation.
    let writes = Promise.resolve();
    let confirmedAt = -Infinity;
    const stillSignedIn = async () => {
      const now = deps.now().getTime();
      if (now - confirmedAt < SESSION_RECHECK_MS) return true;
      const signedIn = await deps.signedIn(req);
      if (signedIn) confirmedAt = now;
      return signedIn;
    };
    const write = (text: string) => {
      writes = writes
        .then(async () => {
          if (res.writableEnded) return;
          if (await stillSignedIn()) res.write(text);
          else res.end();
        })
        .catch((err: unknown) => {
          deps.logger.warn({ err }, 'handoff events: session check failed');
          res.end();
        });
    };
    const stop = await handoff.subscribe((event: HandoffEvent) =>
      write(`event: handoff\ndata: ${JSON.stringify(event)}\n\n`),
    );
    const beat = setInterval(() => write(': ping\n\n'), HEARTBEAT_MS);
    const end = () => {
      clearInterval(beat);
      streams.delete(res);
      stop().catch((err: unknown) => deps.logger.warn({ err }, 'handoff events: unsubscribe'));
    };
    req.on('close', end);
  });

  // A person who filed in another chat or by phone is told staff can check it for them.
  // Reading is not a step on the ticket (nor is it in its history); the log says who looked.
  server.get(
    '/api/handoff/tickets/:id',
    route(false, async (req, staff) => {
      const raw: unknown = req.params?.id;
      const id = lookupTicketId(typeof raw === 'string' ? raw : '');
      const view = await deps.tickets.find(id);
      deps.logger.info(
        { username: staff.username, role: staff.role, ticketId: id, found: view !== null },
        'staff looked up a ticket',
      );
      if (view === null) throw new TicketNotFoundError(id);
      return [200, { ticket: lookupView(view, deps) }];
    }),
  );

  server.get(
    '/api/handoff/:key',
    route(false, async (req) => {
      const found = await required(req);
      const now = deps.now();
      const position = await handoff.position(found.request.conversationKey);
      const ticket =
        found.request.ticketId === null ? null : await deps.tickets.get(found.request.ticketId);
      const transcript = await handoff.transcript(found.request.conversationKey);
      return [
        200,
        {
          // The last lines come from the transcript already read, not a second read of it.
          case: await caseView(found, position, now, transcript.slice(-LAST_MESSAGES)),
          transcript,
          ticket: ticket === null ? null : ticketSummary(ticket),
        },
      ];
    }),
  );

  const post = (
    action: string,
    fn: (req: Request, key: string, staff: StaffMember) => Promise<[number, unknown]>,
  ) =>
    server.post(
      `/api/handoff/:key/${action}`,
      route(true, (req, staff) => fn(req, keyParam(req), staff)),
    );

  post('claim', async (_req, key, staff) => [
    200,
    { case: await caseView(await handoff.claim(key, staff), null, deps.now()) },
  ]);
  post('messages', async (req, key, staff) => {
    const { text } = TextSchema.parse(req.body ?? {});
    return [201, { entry: await handoff.staffSays(key, staff, text) }];
  });
  post('typing', async (_req, key, staff) => {
    await handoff.typing(key, staff);
    return [204, null];
  });
  post('notes', async (req, key, staff) => {
    const { text } = TextSchema.parse(req.body ?? {});
    return [201, { entry: await handoff.note(key, staff, text) }];
  });
  post('ticket', async (req, key, staff) => {
    const change = TicketBodySchema.parse(req.body ?? {});
    const found = await handoff.requireOwnedBy(key, actor(staff));
    if (found.staff?.username === staff.username) await handoff.stillWorking(key, staff);
    const ticket = await deps.tickets.decide(found, staff, change);
    if (found.request.ticketId !== ticket.id) await handoff.linkTicket(key, ticket.id);
    return [200, { ticket: ticketSummary(ticket) }];
  });
  post('release', async (_req, key, staff) => {
    await requireDispatched(key, staff);
    return [
      200,
      { case: await caseView(await handoff.release(key, actor(staff)), null, deps.now()) },
    ];
  });
  post('close', async (_req, key, staff) => {
    await requireDispatched(key, staff);
    return [
      200,
      { case: await caseView(await handoff.close(key, actor(staff)), null, deps.now()) },
    ];
  });
  post('transfer', async (req, key, staff) => {
    const { username } = TransferSchema.parse(req.body ?? {});
    const moved = await handoff.transfer(key, actor(staff), username);
    return [200, { case: await caseView(moved, null, deps.now()) }];
  });

  server.put(
    '/api/staff/presence',
    route(true, async (req, staff) => {
      const { presence } = PresenceBodySchema.parse(req.body ?? {});
      await handoff.setPresence(staff, presence);
      return [200, { presence }];
    }),
  );

  /**
   * A ticket still waiting for a department is seen by duty staff only in this conversation:
   * letting the conversation go would leave it with nobody until its answer was overdue. A
   * supervisor may (they can close the ticket too).
   */
  async function requireDispatched(key: string, staff: StaffMember): Promise<void> {
    if (staff.role === 'supervisor') return;
    const found = await handoff.requireOwnedBy(key, actor(staff));
    const id = found.request.ticketId;
    const ticket = id === null ? null : await deps.tickets.get(id);
    if (ticket?.status === 'received') throw new TicketNotDispatchedError(ticket.id);
  }

  async function required(req: Request): Promise<HandoffCase> {
    return handoff.require(keyParam(req));
  }

  async function caseView(
    c: HandoffCase,
    position: number | null,
    now: Date,
    lastMessages?: TranscriptEntry[],
  ) {
    const r = c.request;
    const last = lastMessages ?? (await handoff.transcript(r.conversationKey, LAST_MESSAGES));
    return {
      conversationKey: r.conversationKey,
      channelId: r.conversation.channelId,
      status: c.status,
      reason: r.reason,
      priority: REASON_PRIORITY[r.reason],
      emergencyKind: r.emergencyKind,
      lang: r.lang,
      since: r.at,
      waitSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(r.at)) / 1000)),
      position: c.status === 'waiting' ? position : null,
      ticketId: r.ticketId,
      message: r.message,
      place: r.place,
      classification: r.classification,
      requesterType: r.requesterType,
      enterprise: r.enterprise,
      contactName: r.contactName,
      callback: r.callback,
      staff: c.staff,
      claimedAt: c.claimedAt,
      lastMessages: last,
    };
  }

  return {
    closeStreams() {
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}

function keyParam(req: Request): string {
  const key: unknown = req.params?.key;
  return typeof key === 'string' ? key : '';
}

function ticketSummary(t: Ticket) {
  return {
    id: t.id,
    status: t.status,
    leadDepartment: t.leadDepartment,
    category: t.category,
    dueAt: t.dueAt,
  };
}
