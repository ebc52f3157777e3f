import type { Clock } from '../core/clock';
import { TicketExistsError, TicketNotFoundError, TicketVersionConflictError } from '../core/errors';
import type { Lang } from '../nlu/types';
import { maskIdCardNumbers } from '../validation/idCard';
import {
  decide,
  involvedDepartments,
  newLifecycle,
  type Actor,
  type Command,
  type LifecycleState,
  type LifecycleStatus,
  type Outcome,
} from './lifecycle';
import { requesterNotice, type DepartmentName } from './notices';
import type { CreateResult, Notifier, TicketScope, TicketStore } from './ports';
import type { SlaPolicy } from './sla';
import type {
  ClassificationRecord,
  ConversationPointer,
  Requester,
  Ticket,
  TicketEvent,
} from './ticket';
import { formatTicketId } from './ticketId';
import type { WorkCalendar } from './workCalendar';

export interface NewTicketInput {
  channel: string;
  conversation: ConversationPointer;
  requester: Requester;
  text: string;
  lang: Lang;
  classification: ClassificationRecord;
  district: string | null;
  location: string | null;
  /**
   * false when nobody confirmed the department (the handoff path files what is known): the
   * ticket then waits as `received` for duty staff to dispatch it. Defaults to true.
   */
  departmentConfirmed?: boolean;
  /** Same key, same ticket: guards against re-sent activities and double confirmation. */
  dedupeKey?: string;
}

export interface TicketView {
  ticket: Ticket;
  history: TicketEvent[];
}

/** Someone acting on tickets through the API: who they are, besides the role they act in. */
export interface StaffActor extends Actor {
  name?: string;
}

export interface TicketQuery {
  /** Tickets this department is involved in; all tickets when absent. */
  department?: string;
  status?: LifecycleStatus;
  cursor?: number;
  limit?: number;
}

export interface TicketListing {
  tickets: Ticket[];
  /** Pass back as `cursor` for the next page; null after the last. */
  next: number | null;
}

/** Re-reads after a concurrent change before giving up: each retry means someone else won. */
const MAX_CONFLICT_RETRIES = 5;
/** Index entries read per round while filling a filtered page. */
const SCAN_BATCH = 100;
const MAX_PAGE = 100;
/** Index entries one listing request reads at most. */
const MAX_SCAN = 1000;

/** Taken numbers skipped in a row before giving up: far more than any plausible gap. */
const MAX_TAKEN_NUMBERS = 1000;

export interface TicketServiceDeps {
  store: TicketStore;
  clock: Clock;
  calendar: WorkCalendar;
  sla: SlaPolicy;
  ticketPrefix: string;
  /** Tells the requester, in their chat, when their ticket is accepted, answered or added to. */
  notifier?: Notifier;
  departmentName?: DepartmentName;
}

/** Creating and reading tickets under the first-contact rule (首接负责制). */
export class TicketService {
  /** The highest number this instance has issued today (process memory, a floor only). */
  private issued = { date: '', seq: 0 };
  private readonly deliveries = new Set<Promise<void>>();

  constructor(private readonly deps: TicketServiceDeps) {}

  async create(input: NewTicketInput): Promise<CreateResult> {
    const { store, clock, calendar, ticketPrefix } = this.deps;
    // The store de-duplicates atomically too; asking first just spares a daily number.
    if (input.dedupeKey !== undefined) {
      const existingId = await store.findByDedupeKey(input.dedupeKey);
      const existing = existingId === null ? null : await store.get(existingId);
      if (existing !== null) return { ticket: existing, created: false };
    }
    const now = clock.now();
    const localDate = calendar.localDate(now);
    const { department, category, decidedBy } = input.classification;
    const event: TicketEvent = {
      at: now.toISOString(),
      actor: { kind: 'bot' },
      type: 'created',
      data: { department, category, decidedBy },
    };
    // A number is never issued twice: one already taken (the counter lost, Redis restored from
    // an older snapshot) is skipped, and the highest number this instance issued is a floor.
    for (let attempt = 1; ; attempt++) {
      const seq = await store.nextSequence(localDate, this.highestIssued(localDate));
      this.issued = { date: localDate, seq: Math.max(seq, this.highestIssued(localDate)) };
      const ticket = this.draft(input, formatTicketId(ticketPrefix, localDate, seq), now);
      try {
        return await store.create(ticket, event, input.dedupeKey);
      } catch (err) {
        if (!(err instanceof TicketExistsError) || attempt >= MAX_TAKEN_NUMBERS) throw err;
      }
    }
  }

  private draft(input: NewTicketInput, id: string, now: Date): Ticket {
    const { calendar, sla } = this.deps;
    const at = now.toISOString();
    const { department, category } = input.classification;
    const lifecycle = newLifecycle(input.departmentConfirmed === false ? null : department);
    return {
      id,
      createdAt: at,
      updatedAt: at,
      channel: input.channel,
      conversation: input.conversation,
      requester: input.requester,
      // Resident ID numbers are never stored whole, whichever way the text arrived.
      text: maskIdCardNumbers(input.text),
      lang: input.lang,
      classification: input.classification,
      category,
      district: input.district,
      location: input.location === null ? null : maskIdCardNumbers(input.location),
      dueAt: calendar.dueAfterWorkingDays(now, sla.workingDays(category)).toISOString(),
      ...lifecycle,
      deadlines: [],
      version: 0,
    };
  }

  private highestIssued(localDate: string): number {
    return this.issued.date === localDate ? this.issued.seq : 0;
  }

  /**
   * A ticket with its history, only for the person who filed it. Someone else's ticket is
   * reported exactly like an unknown one, so ticket numbers cannot be probed.
   */
  async findForRequester(id: string, requesterKey: string): Promise<TicketView | null> {
    const ticket = await this.deps.store.get(id);
    if (ticket === null || ticket.requester.key !== requesterKey) return null;
    return { ticket, history: await this.deps.store.history(id) };
  }

  /**
   * One lifecycle step by `actor`: load, decide, apply atomically. When someone else changed the
   * ticket in between, it is read again and decided again, so of two concurrent accepts one wins
   * and the other is refused as not allowed. A department not involved in the ticket is told it
   * does not exist (TICKET_NOT_FOUND), exactly as for an unknown number; so is a requester
   * (actor id: their requester key) for someone else's ticket.
   */
  async act(id: string, command: Command, actor: StaffActor): Promise<TicketView> {
    const { store, clock } = this.deps;
    for (let attempt = 1; ; attempt++) {
      const current = await store.get(id);
      if (current === null || !this.visibleTo(current, actor)) throw new TicketNotFoundError(id);
      const outcome = decide(lifecycleOf(current), command, actor);
      const at = clock.now().toISOString();
      const next: Ticket = {
        ...current,
        ...outcome.state,
        updatedAt: at,
        version: current.version + 1,
      };
      const why = reasonOf(command);
      const event: TicketEvent = {
        at,
        actor: {
          kind:
            actor.role === 'requester' ? 'requester' : actor.role === 'system' ? 'system' : 'staff',
          id: actor.id,
          role: actor.role,
          ...(actor.department === undefined ? {} : { department: actor.department }),
          ...(actor.name === undefined ? {} : { name: actor.name }),
        },
        type: outcome.event.type,
        ...(why === undefined ? {} : { note: why }),
        data: eventData(current, command, outcome),
      };
      try {
        await store.transition(current, next, event);
        this.deliver(this.tellRequester(next, outcome.event));
        return { ticket: next, history: await store.history(id) };
      } catch (err) {
        if (!(err instanceof TicketVersionConflictError) || attempt >= MAX_CONFLICT_RETRIES)
          throw err;
      }
    }
  }

  /**
   * The requester's own words added to the history (what a 不满意 left unsolved), after the
   * rating itself was recorded, so an interrupted question never loses the rating. Someone
   * else's ticket is reported as absent.
   */
  async addRequesterComment(id: string, requesterKey: string, comment: string): Promise<void> {
    const ticket = await this.deps.store.get(id);
    if (ticket === null || ticket.requester.key !== requesterKey) throw new TicketNotFoundError(id);
    await this.deps.store.appendEvent(id, {
      at: this.deps.clock.now().toISOString(),
      actor: { kind: 'requester', id: requesterKey, role: 'requester' },
      type: 'note',
      note: comment,
      data: { about: 'rating', requesterType: ticket.requester.type },
    });
  }

  /** A duty-staff step on the conversation behind the ticket, kept in the ticket's history. */
  async recordHandoff(
    id: string,
    staff: { username: string; name: string } | null,
    note: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.store.appendEvent(id, {
      at: this.deps.clock.now().toISOString(),
      actor:
        staff === null
          ? { kind: 'bot' }
          : { kind: 'staff', id: staff.username, role: 'duty', name: staff.name },
      type: 'handoff',
      note,
      data,
    });
  }

  /** A ticket with its history for staff; another department's ticket is reported as absent. */
  async findForStaff(id: string, actor: StaffActor): Promise<TicketView | null> {
    const ticket = await this.deps.store.get(id);
    if (ticket === null || !this.visibleTo(ticket, actor)) return null;
    return { ticket, history: await this.deps.store.history(id) };
  }

  /**
   * A page of tickets, newest first, filtered by status. A department actor sees only tickets it
   * is involved in, whatever department it asks for.
   */
  async listForStaff(query: TicketQuery, actor: StaffActor): Promise<TicketListing> {
    const limit = Math.min(Math.max(query.limit ?? 20, 1), MAX_PAGE);
    const department = actor.role === 'department' ? actor.department : query.department;
    const scope: TicketScope =
      department === undefined ? { kind: 'all' } : { kind: 'department', department };
    const tickets: Ticket[] = [];
    const start = query.cursor ?? 0;
    let cursor: number | null = start;
    // A rare status could mean reading the whole index in one request: a page may come back
    // short, with a cursor to carry on from.
    while (cursor !== null && tickets.length < limit && cursor - start < MAX_SCAN) {
      const page = await this.deps.store.page(
        scope,
        cursor,
        Math.min(SCAN_BATCH, limit - tickets.length),
      );
      const wanted = page.tickets.filter(
        (t) =>
          this.visibleTo(t, actor) &&
          (department === undefined || involvedDepartments(t).includes(department)) &&
          (query.status === undefined || t.status === query.status),
      );
      tickets.push(...wanted);
      cursor = page.next;
    }
    return { tickets, next: cursor };
  }

  /**
   * Waits for the messages to requesters still on their way (before shutting down, and in tests).
   * A department's request does not wait for a chat service's latency or retries.
   */
  async settle(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.allSettled([...this.deliveries]);
  }

  /** How many messages to requesters are still on their way. */
  get delivering(): number {
    return this.deliveries.size;
  }

  private deliver(delivery: Promise<void>): void {
    this.deliveries.add(delivery);
    void delivery.finally(() => this.deliveries.delete(delivery));
  }

  /**
   * The change is made whatever happens here: a chat that cannot be reached (the notifier logs
   * why) does not undo a department's accept or reply, and the person sees it on "查询".
   */
  private async tellRequester(ticket: Ticket, event: Outcome['event']): Promise<void> {
    const { notifier, departmentName = (code: string) => code } = this.deps;
    if (notifier === undefined) return;
    const notice = requesterNotice(ticket, event, departmentName);
    if (notice === null) return;
    try {
      await notifier.notify(ticket.conversation, notice.text, notice.actions);
    } catch {
      // Reported by the notifier; the ticket's history already holds what happened.
    }
  }

  /** A requester sees only their own tickets (actor id = requester key), a department its own. */
  private visibleTo(ticket: Ticket, actor: StaffActor): boolean {
    if (actor.role === 'requester') return ticket.requester.key === actor.id;
    if (actor.role !== 'department') return true;
    return actor.department !== undefined && involvedDepartments(ticket).includes(actor.department);
  }

  async listForRequester(requesterKey: string, limit = 5): Promise<Ticket[]> {
    return this.deps.store.listByRequester(requesterKey, limit);
  }
}

/** The lifecycle part of a ticket, as the state machine sees it. */
export function lifecycleOf(ticket: Ticket): LifecycleState {
  return {
    status: ticket.status,
    firstContactDepartment: ticket.firstContactDepartment,
    leadDepartment: ticket.leadDepartment,
    coDepartments: ticket.coDepartments,
    transferRequests: ticket.transferRequests,
    pendingTransfer: ticket.pendingTransfer,
    reopenCount: ticket.reopenCount,
    supervised: ticket.supervised,
    rating: ticket.rating,
  };
}

/**
 * What the history records of a step. A rating says who gave it, citizen or enterprise: the
 * enterprise satisfaction index is computed from the rating events.
 */
function eventData(ticket: Ticket, command: Command, outcome: Outcome): Record<string, unknown> {
  if (command.type !== 'rate') return outcome.event.data;
  return { ...outcome.event.data, requesterType: ticket.requester.type };
}

/** The words a person gave with a command, for the history's "why". */
function reasonOf(command: Command): string | undefined {
  if ('message' in command) return command.message;
  if ('reason' in command) return command.reason;
  if ('comment' in command) return command.comment;
  return undefined;
}
