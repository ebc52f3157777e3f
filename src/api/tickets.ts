import { sendApiError } from './errors';
import type { Request, Response, Server } from 'restify';
import type { Principal } from '../access/tokens';
import { HotlineError, InvalidInputError, TicketNotFoundError } from '../core/errors';
import { COMMAND_ZH, ForbiddenError, roleRefusal, type Command } from '../tickets/lifecycle';
import { parseTicketId } from '../tickets/ticketId';
import type { Ticket, TicketEvent } from '../tickets/ticket';
import type { StaffActor, TicketService, TicketView } from '../tickets/ticketService';
import type { Logger } from '../log';
import { openApiDocument } from './openapi';
import { ACTIONS, ListQuerySchema, UnlinkBodySchema, type ActionRoute } from './schemas';

export interface TicketApiDeps {
  tickets: TicketService;
  /** Who is behind a bearer token (AccessTokens). */
  authenticate(token: string): Promise<Principal | null>;
  /** Department codes a body may name (intents/departments.yaml). */
  departments: ReadonlySet<string>;
  logger: Logger;
}

export class UnauthorizedError extends HotlineError {
  constructor() {
    super(
      'UNAUTHORIZED',
      '须提供有效的令牌（Authorization: Bearer <令牌>） / a valid "Authorization: Bearer <token>" header is required',
      401,
    );
  }
}

class UnknownDepartmentError extends HotlineError {
  constructor(code: string) {
    super(
      'UNKNOWN_DEPARTMENT',
      `没有代码为 "${code}" 的部门 / no department with code "${code}"`,
      400,
    );
  }
}

type Reply = [status: number, body: unknown];

/** The lifecycle step behind each action route, for a refusal that names it in Chinese. */
const ACTION_COMMAND: Partial<Record<string, Command['type']>> = {
  accept: 'accept',
  transfer: 'request_transfer',
  'approve-transfer': 'approve_transfer',
  'reject-transfer': 'reject_transfer',
  'co-departments': 'add_co_departments',
  input: 'submit_input',
  progress: 'progress',
  reply: 'reply',
  close: 'close',
  coordinate: 'coordinate',
  dispatch: 'dispatch',
  supervise: 'supervise',
  'request-extension': 'request_extension',
  'approve-extension': 'approve_extension',
  'reject-extension': 'reject_extension',
};

/**
 * The department, duty and supervisor API: tickets listed, read and moved through their
 * lifecycle. A department sees only tickets it is involved in; another's answers 404.
 */
export function mountTicketApi(server: Server, deps: TicketApiDeps): void {
  const { tickets, logger } = deps;
  const route =
    (fn: (req: Request, actor: StaffActor) => Promise<Reply>) =>
    async (req: Request, res: Response) => {
      try {
        const actor = await authenticate(req, deps);
        const [status, body] = await fn(req, actor);
        res.send(status, body);
      } catch (err) {
        sendError(res, err, logger);
      }
    };

  server.get('/api/openapi.json', async (_req: Request, res: Response) => {
    res.send(200, openApiDocument());
  });

  server.get(
    '/api/tickets',
    route(async (req, actor) => {
      const query = ListQuerySchema.parse(req.query ?? {});
      if (
        actor.role === 'department' &&
        query.department !== undefined &&
        query.department !== actor.department
      ) {
        throw new ForbiddenError(
          '部门令牌只能查看本部门的工单 / a department token lists only its own department',
        );
      }
      if (query.as !== undefined && actor.role !== 'department' && query.department === undefined) {
        throw new InvalidInputError('as: 须同时指定 department / name the department too');
      }
      const page = await tickets.listForStaff(query, actor);
      return [
        200,
        {
          tickets: page.tickets.map(staffTicket),
          next: page.next === null ? null : String(page.next),
        },
      ];
    }),
  );

  server.get(
    '/api/tickets/:id',
    route(async (req, actor) => {
      const id = ticketIdParam(req);
      const view = await tickets.findForStaff(id, actor);
      if (view === null) throw new TicketNotFoundError(id);
      return [200, staffView(view)];
    }),
  );

  // Not a lifecycle step: rejecting a proposed merge (并单) changes the links of two tickets.
  server.post(
    '/api/tickets/:id/unlink',
    route(async (req, actor) => {
      if (actor.role !== 'duty' && actor.role !== 'supervisor') {
        throw roleRefusal(actor.role, ['duty', 'supervisor'], '撤销并单', 'unlink');
      }
      const { ticketId } = UnlinkBodySchema.parse(req.body ?? {});
      return [200, staffView(await tickets.unlink(ticketIdParam(req), ticketId, actor))];
    }),
  );

  for (const a of ACTIONS) {
    server.post(
      `/api/tickets/:id/${a.action}`,
      route(async (req, actor) => [200, staffView(await act(req, actor, a, deps))]),
    );
  }
}

async function act(
  req: Request,
  actor: StaffActor,
  a: ActionRoute,
  deps: TicketApiDeps,
): Promise<TicketView> {
  if (!a.roles.some((r) => r === actor.role)) {
    const zh = ACTION_COMMAND[a.action];
    throw roleRefusal(actor.role, a.roles, zh === undefined ? a.action : COMMAND_ZH[zh], a.action);
  }
  const body: unknown = req.body ?? {};
  for (const d of a.departments(body)) {
    if (!deps.departments.has(d)) throw new UnknownDepartmentError(d);
  }
  return deps.tickets.act(ticketIdParam(req), a.command(body), actor);
}

/** The staff member behind the request's bearer token; 401 without a valid one. */
export async function authenticate(
  req: Request,
  deps: Pick<TicketApiDeps, 'authenticate'>,
): Promise<StaffActor> {
  const header = req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const principal = match?.[1] === undefined ? null : await deps.authenticate(match[1]);
  if (principal === null) throw new UnauthorizedError();
  return {
    role: principal.role,
    id: principal.tokenId,
    ...(principal.department === undefined ? {} : { department: principal.department }),
    ...(principal.name === undefined ? {} : { name: principal.name }),
  };
}

/**
 * The ticket number in the path, in canonical form ('qd20261128-000123' reads as usual). Anything
 * else cannot name a ticket: 404 without echoing it (a path could carry any text, direction
 * overrides included, into the message) and without a store lookup under a made-up key.
 */
function ticketIdParam(req: Request): string {
  const id: unknown = req.params?.id;
  const parsed = typeof id === 'string' && id.length <= 40 ? parseTicketId(id) : null;
  if (parsed?.ok !== true) throw new NotATicketNumberError();
  return parsed.value.value;
}

class NotATicketNumberError extends HotlineError {
  constructor() {
    super(
      'TICKET_NOT_FOUND',
      '没有该编号的工单（工单号如 QD20261128-000123） / no ticket has that number (e.g. QD20261128-000123)',
      404,
    );
  }
}

/** A ticket as staff see it: everything but where the chat lives (internal to the bot). */
function staffTicket(ticket: Ticket): Omit<Ticket, 'conversation'> {
  const { conversation: _conversation, ...rest } = ticket;
  return rest;
}

function staffView(view: TicketView): {
  ticket: Omit<Ticket, 'conversation'>;
  history: TicketEvent[];
} {
  return { ticket: staffTicket(view.ticket), history: view.history };
}

/** A failure as JSON `{code, message}` with its status (sendApiError), asking for a bearer token on 401. */
export function sendError(res: Response, err: unknown, logger: Logger): void {
  if (err instanceof UnauthorizedError && !res.headersSent)
    res.header('WWW-Authenticate', 'Bearer');
  sendApiError(res, err, logger, 'ticket api');
}
