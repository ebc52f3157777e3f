import { z } from 'zod';
import type { Clock } from '../core/clock';
import { TicketVersionConflictError } from '../core/errors';
import { OPEN_STATUSES, type LifecycleStatus } from './lifecycle';
import type { TicketStore } from './ports';
import type { Ticket, TicketEvent } from './ticket';

/**
 * 催办: a requester presses for their open ticket. The urge is kept in the ticket's history (a
 * requester's `note` with `data.about: 'urge'`, readable by instances that predate it) and the
 * handling department is told through the supervision feed; at most one per ticket in 24 hours.
 */

/** One urge per ticket in this long: a second within it is answered, not recorded. */
export const URGE_INTERVAL_MS = 24 * 3600 * 1000;

/** Tickets of the requester read when looking for their open ones, newest first. */
const REQUESTER_TICKETS = 20;
const MAX_CONFLICT_RETRIES = 5;

/** Still with a department (or the duty desk): an answer is owed, so an urge means something. */
const AWAITING_HANDLING: ReadonlySet<LifecycleStatus> = new Set(OPEN_STATUSES);

/** What an urge's history event keeps: enough to tell the desk the same notice again. */
const UrgeDataSchema = z.object({
  about: z.literal('urge'),
  level: z.enum(['yellow', 'red']),
  department: z.string().nullable(),
  dueAt: z.iso.datetime(),
  /** Urged by a member of the filer's enterprise, not the filer; absent when the filer urged. */
  by: z.literal('colleague').optional(),
});

/** What the handling department (and, when red, the supervisors) is told of an urge. */
export interface UrgeNotice {
  ticketId: string;
  /** The lead department; null while the duty desk has yet to dispatch it. */
  department: string | null;
  /** Red when the ticket is past a time limit or already under 督办 (supervisors hear it too). */
  level: 'yellow' | 'red';
  /** When the answer is due. */
  dueAt: string;
  /** When the requester urged: with the ticket, what makes the notice one of a kind. */
  at: string;
}

/** Where urges reach the departments: the supervision notification feeds and their webhooks. */
export interface UrgeDesk {
  /** Idempotent by ticket and `at`: telling it twice stores and sends it once. */
  urge(notice: UrgeNotice): Promise<void>;
}

export type UrgeResult =
  /** The requester has no ticket waiting for an answer (none, or all closed). */
  | { outcome: 'none' }
  /** The named ticket does not exist or is someone else's: reported alike. */
  | { outcome: 'not_found'; id: string }
  | { outcome: 'closed'; ticket: Ticket }
  /** Answered and waiting for the requester's rating: there is nothing left to press for. */
  | { outcome: 'answered'; ticket: Ticket }
  | {
      outcome: 'urged';
      ticket: Ticket;
      notice: UrgeNotice;
      /** Whether the department's feed has it (false: recorded, not delivered; urge again). */
      notified: boolean;
      /** The requester's other tickets waiting for an answer, newest first. */
      others: Ticket[];
    }
  | {
      outcome: 'already_urged';
      ticket: Ticket;
      /** The urge within the last 24 hours, as recorded; told to the desk again (idempotent). */
      notice: UrgeNotice;
      /** The requester key of who urged it then (a colleague, for an enterprise); null if unknown. */
      urgedBy: string | null;
      notified: boolean;
      others: Ticket[];
    };

export interface TicketUrgesDeps {
  store: Pick<
    TicketStore,
    'get' | 'history' | 'listByRequester' | 'listByOrganization' | 'transition'
  >;
  clock: Clock;
  desk?: UrgeDesk;
  onError?: (err: unknown, what: string) => void;
}

export class TicketUrges {
  constructor(private readonly deps: TicketUrgesDeps) {}

  /**
   * Urges the ticket `id` if named, else the requester's most recent one waiting for an answer.
   * With an `organization` (a Teams member of a known enterprise), its colleagues' tickets count
   * too, as "我的工单" lists them. Anyone else's is reported like an unknown number.
   */
  async urge(
    requesterKey: string,
    id: string | null,
    organization: string | null = null,
  ): Promise<UrgeResult> {
    const { store } = this.deps;
    const own = await this.ticketsOf(requesterKey, organization);
    const waiting = own.filter((t) => AWAITING_HANDLING.has(t.status));
    let target: Ticket | undefined;
    if (id !== null) {
      const named = await store.get(id);
      const shared =
        named !== null &&
        (named.requester.key === requesterKey ||
          (organization !== null && named.requester.organization === organization));
      if (named === null || !shared) {
        return { outcome: 'not_found', id };
      }
      target = named;
    } else {
      // None waiting: the newest not closed (answered) says why, else there is nothing.
      target = waiting[0] ?? own.find((t) => t.status !== 'closed');
      if (target === undefined) return { outcome: 'none' };
    }
    const others = waiting.filter((t) => t.id !== target.id);
    return this.record(target, others, requesterKey);
  }

  /** The person's tickets, with their organisation's when they write for one, newest first. */
  private async ticketsOf(requesterKey: string, organization: string | null): Promise<Ticket[]> {
    const { store } = this.deps;
    const [own, shared] = await Promise.all([
      store.listByRequester(requesterKey, REQUESTER_TICKETS),
      organization === null ? [] : store.listByOrganization(organization, REQUESTER_TICKETS),
    ]);
    const byId = new Map([...own, ...shared].map((t) => [t.id, t]));
    return [...byId.values()].sort(
      (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
    );
  }

  /**
   * The urge's history event, written at the ticket's version so two concurrent urges record
   * one: the second re-reads, finds the first and is answered with it. Then the desk is told.
   */
  private async record(read: Ticket, others: Ticket[], urgedBy: string): Promise<UrgeResult> {
    const { store, clock } = this.deps;
    for (let attempt = 1; ; attempt++) {
      const current = attempt === 1 ? read : await store.get(read.id);
      if (current === null) throw new Error(`ticket ${read.id} disappeared`);
      const refused = refusal(current);
      if (refused !== null) return refused;
      const now = clock.now();
      const earlier = lastUrge(current.id, await store.history(current.id), now);
      if (earlier !== null) {
        const { notice, urgedBy } = earlier;
        const notified = await this.tell(notice);
        return { outcome: 'already_urged', ticket: current, notice, urgedBy, notified, others };
      }
      const notice = noticeOf(current, now);
      const at = now.toISOString();
      // A member of the filer's enterprise is not the filer: the history says so, without a name.
      const colleague = urgedBy !== current.requester.key;
      const event: TicketEvent = {
        at,
        actor: { kind: 'requester', id: urgedBy, role: 'requester' },
        type: 'note',
        note: colleague ? '企业同事催办' : '市民催办',
        data: {
          about: 'urge',
          level: notice.level,
          department: notice.department,
          dueAt: notice.dueAt,
          ...(colleague ? { by: 'colleague' as const } : {}),
        } satisfies z.infer<typeof UrgeDataSchema>,
      };
      const next: Ticket = { ...current, updatedAt: at, version: current.version + 1 };
      try {
        await store.transition(current, next, event);
      } catch (err) {
        if (!(err instanceof TicketVersionConflictError) || attempt >= MAX_CONFLICT_RETRIES) {
          throw err;
        }
        continue;
      }
      return { outcome: 'urged', ticket: next, notice, notified: await this.tell(notice), others };
    }
  }

  /** The urge stands whatever happens here: the requester is told it has not reached anyone. */
  private async tell(notice: UrgeNotice): Promise<boolean> {
    const { desk, onError } = this.deps;
    if (desk === undefined) return false;
    try {
      await desk.urge(notice);
      return true;
    } catch (err) {
      onError?.(err, `urge notice for ${notice.ticketId}`);
      return false;
    }
  }
}

/** Why a ticket is not urged (closed, or answered and waiting for its rating); null when it is. */
function refusal(ticket: Ticket): UrgeResult | null {
  if (ticket.status === 'closed') return { outcome: 'closed', ticket };
  if (!AWAITING_HANDLING.has(ticket.status)) return { outcome: 'answered', ticket };
  return null;
}

/** Past any step's time limit (an open step overdue), as of `now`. */
export function isOverdue(ticket: Ticket, now: Date): boolean {
  const passed = (dueAt: string) => Date.parse(dueAt) <= now.getTime();
  return passed(ticket.dueAt) || ticket.deadlines.some((d) => d.metAt === null && passed(d.dueAt));
}

function noticeOf(ticket: Ticket, now: Date): UrgeNotice {
  const red = ticket.supervised || isOverdue(ticket, now);
  return {
    ticketId: ticket.id,
    department: ticket.leadDepartment,
    level: red ? 'red' : 'yellow',
    dueAt: ticket.dueAt,
    at: now.toISOString(),
  };
}

/**
 * The latest urge recorded within URGE_INTERVAL_MS before `now`, as it was told to the desk, and
 * who urged (their requester key).
 */
function lastUrge(
  ticketId: string,
  history: readonly TicketEvent[],
  now: Date,
): { notice: UrgeNotice; urgedBy: string | null } | null {
  for (const e of [...history].reverse()) {
    const data = e.type === 'note' ? UrgeDataSchema.safeParse(e.data) : null;
    if (data?.success !== true) continue;
    if (now.getTime() - Date.parse(e.at) >= URGE_INTERVAL_MS) return null;
    const { level, department, dueAt } = data.data;
    return {
      notice: { ticketId, department, level, dueAt, at: e.at },
      urgedBy: e.actor.id ?? null,
    };
  }
  return null;
}
