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
import type { CoordinationDesk, DuplicateLinker } from './duplicateLinker';
import { linkedReports, type CoordinationProposal } from './duplicates';
import { filedByStaffNotice, requesterNotice, type DepartmentName } from './notices';
import type { CreateResult, Notifier, TicketScope, TicketStore } from './ports';
import { changeRequesterPhone } from './requesterPhone';
import {
  assignDepartment,
  checkTimeLimits,
  extendDeadlines,
  meetSteps,
  planDeadlines,
  openDeadline,
  replaceSteps,
  replacedDeadlines,
  stepsMetBy,
  type Deadline,
  type DeadlineStep,
} from './deadlines';
import type { SlaTable } from './sla';
import type {
  ClassificationRecord,
  ConversationPointer,
  Requester,
  Ticket,
  TicketEvent,
  TicketStatus,
} from './ticket';
import { ticketInput, type IntakeRequest } from './request';
import { formatTicketId } from './ticketId';
import { TicketUrges, type UrgeDesk, type UrgeResult } from './urge';
import type { WorkCalendar } from './workCalendar';

export interface NewTicketInput {
  channel: string;
  conversation: ConversationPointer;
  requester: Requester;
  text: string;
  /** Descriptions given before the person re-described the problem, oldest first. */
  earlierTexts?: string[];
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
  /** Only tickets not closed with a step (of this department, when scoped) open past due. */
  overdue?: boolean;
  /** With a department: only tickets where it is the lead, a co-department or the first contact. */
  as?: 'lead' | 'co_department' | 'first_contact';
  cursor?: number;
  limit?: number;
}

export interface TicketListing {
  tickets: Ticket[];
  /** Pass back as `cursor` for the next page; null after the last. */
  next: number | null;
}

/**
 * A ticket's history as `actor` may read it. The duty desk's private notes (内部备注: how a caller
 * sounded, what to watch for when calling back) are the hotline's own working notes about a
 * person, not part of the case a department handles: duty staff and supervisors read them,
 * departments do not (docs/decisions/0002-duty-notes-stay-with-the-hotline.md).
 */
function historyFor(actor: StaffActor, history: TicketEvent[]): TicketEvent[] {
  if (actor.role !== 'department') return history;
  return history.filter((e) => !(e.type === 'handoff' && e.data?.handoff === 'note'));
}

/** Re-reads after a concurrent change before giving up: each retry means someone else won. */
const MAX_CONFLICT_RETRIES = 5;
/**
 * A department's own step repeated word for word within this time is a double click. Only steps
 * whose words are all they carry: a second transfer or extension request is refused as waiting.
 */
const REPEAT_WINDOW_MS = 2 * 60_000;
const REPEATABLE: ReadonlySet<Command['type']> = new Set([
  'accept',
  'progress',
  'submit_input',
  'reply',
]);
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
  /** Time limits per step (config/sla.yaml). */
  sla: SlaTable;
  ticketPrefix: string;
  /** Tells the requester, in their chat, when their ticket is accepted, answered or added to. */
  notifier?: Notifier;
  departmentName?: DepartmentName;
  /** Links a new ticket to the open report it repeats (并单) and proposes hotspots. */
  duplicates?: DuplicateLinker;
  /** Where a second dispute, proposed for 顶格协调, reaches supervisors. */
  desk?: CoordinationDesk;
  /** Where a requester's 催办 reaches the handling department (the supervision feeds). */
  urgeDesk?: UrgeDesk;
  /** A side effect that failed after the ticket was written (a link, a proposal). */
  onError?: (err: unknown, what: string) => void;
}

/** Creating and reading tickets under the first-contact rule (首接负责制). */
export class TicketService {
  /** The highest number this instance has issued today (process memory, a floor only). */
  private issued = { date: '', seq: 0 };
  private readonly deliveries = new Set<Promise<void>>();
  private readonly urges: TicketUrges;

  constructor(private readonly deps: TicketServiceDeps) {
    this.urges = new TicketUrges({
      store: deps.store,
      clock: deps.clock,
      desk: deps.urgeDesk,
      onError: deps.onError,
    });
  }

  /** The letters ticket numbers start with here (TICKET_PREFIX), to find them in a message. */
  get ticketPrefix(): string {
    return this.deps.ticketPrefix;
  }

  /**
   * Files what a conversation settled: this service decides how the request is recorded and
   * when two requests are the same one (request.ts), so no channel has to.
   */
  async file(request: IntakeRequest): Promise<CreateResult> {
    return this.create(ticketInput(request));
  }

  async create(input: NewTicketInput): Promise<CreateResult> {
    const { store, clock, calendar, ticketPrefix } = this.deps;
    const now = clock.now();
    const localDate = calendar.localDate(now);
    // The first number is asked for together with the look for an earlier filing of the same
    // request (one round trip, not two): a re-sent request leaves its number unused, a gap in
    // the day's numbers that costs nothing. The store de-duplicates atomically too.
    const [existingId, firstSeq] = await Promise.all([
      input.dedupeKey === undefined ? null : store.findByDedupeKey(input.dedupeKey),
      store.nextSequence(localDate, this.highestIssued(localDate)),
    ]);
    const existing = existingId === null ? null : await store.get(existingId);
    if (existing !== null) return { ticket: existing, created: false };
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
      const seq =
        attempt === 1
          ? firstSeq
          : await store.nextSequence(localDate, this.highestIssued(localDate));
      this.issued = { date: localDate, seq: Math.max(seq, this.highestIssued(localDate)) };
      const ticket = this.draft(input, formatTicketId(ticketPrefix, localDate, seq), now);
      let result: CreateResult;
      try {
        result = await store.create(ticket, event, input.dedupeKey);
      } catch (err) {
        if (!(err instanceof TicketExistsError) || attempt >= MAX_TAKEN_NUMBERS) throw err;
        continue;
      }
      if (result.created) this.deliver(this.linkDuplicate(result.ticket));
      return result;
    }
  }

  /**
   * Runs after the filing, not inside it: the person is told their number without waiting for
   * the search for an earlier report of the same incident (two round trips and up to 60 tickets
   * read) and the link (two more); `settle` waits for it. The person has their ticket whatever
   * happens here: a link that could not be written only means duty staff see no proposed merge
   * for it.
   */
  private async linkDuplicate(ticket: Ticket): Promise<void> {
    const { duplicates, onError } = this.deps;
    if (duplicates === undefined) return;
    try {
      await duplicates.linkNew(ticket);
    } catch (err) {
      onError?.(err, `duplicate link for ${ticket.id}`);
    }
  }

  /** Duty staff or a supervisor reject a proposed merge (并单) between two tickets. */
  async unlink(id: string, otherId: string, actor: StaffActor): Promise<TicketView> {
    const { duplicates, store } = this.deps;
    if (duplicates === undefined) throw new TicketNotFoundError(id);
    const ticket = await duplicates.unlink(id, otherId, actor);
    return { ticket, history: await store.history(id) };
  }

  private draft(input: NewTicketInput, id: string, now: Date): Ticket {
    const at = now.toISOString();
    const { department, category } = input.classification;
    const lifecycle = newLifecycle(input.departmentConfirmed === false ? null : department);
    const text = maskIdCardNumbers(input.text);
    const urgent = this.deps.sla.isUrgent({
      text,
      department: lifecycle.leadDepartment,
      category,
    });
    const deadlines = this.plan(
      { requester: input.requester, category, urgent },
      now,
      lifecycle.leadDepartment,
      // A ticket waiting for duty staff has no one to sign for it yet: accept and the transfer
      // window start at dispatch; the requester's clock (reply...) starts now.
      lifecycle.leadDepartment === null ? REQUESTER_STEPS : undefined,
    );
    return {
      id,
      createdAt: at,
      updatedAt: at,
      channel: input.channel,
      conversation: input.conversation,
      requester: input.requester,
      // Resident ID numbers are never stored whole, whichever way the text arrived.
      text,
      ...(input.earlierTexts !== undefined && input.earlierTexts.length > 0
        ? { earlierTexts: input.earlierTexts.map(maskIdCardNumbers) }
        : {}),
      lang: input.lang,
      classification: input.classification,
      category,
      district: input.district,
      location: input.location === null ? null : maskIdCardNumbers(input.location),
      dueAt: replyDueAt(deadlines) ?? at,
      ...lifecycle,
      urgent,
      deadlines,
      links: [],
      coordinationProposal: null,
      version: 0,
    };
  }

  /** Fresh deadlines for `steps` (all that apply when absent), started at `start`. */
  private plan(
    ticket: Pick<Ticket, 'requester' | 'category' | 'urgent'>,
    start: Date,
    department: string | null,
    steps?: readonly DeadlineStep[],
  ): Deadline[] {
    const limits = this.deps.sla.limitsFor({
      requesterType: ticket.requester.type,
      category: ticket.category,
      urgent: ticket.urgent,
    });
    return planDeadlines(limits, start, department, this.deps.calendar, steps);
  }

  /**
   * The ticket after a step, with its deadlines kept in line: dispatch starts the lead's clock,
   * a new lead (transfer, 顶格协调) gets a new one, a reopen (重办) makes the reply due again, an
   * approved extension moves the answer, and what the step fulfilled is marked met. What a new
   * plan replaces is kept in `earlierDeadlines`: the earlier department's record.
   */
  private advance(current: Ticket, outcome: Outcome, now: Date): Ticket {
    const lead = outcome.state.leadDepartment;
    const newLead = lead !== null && lead !== current.leadDepartment;
    const urgent =
      current.urgent ||
      (newLead &&
        this.deps.sla.isUrgent({
          text: current.text,
          department: lead,
          category: current.category,
        }));
    const ticket = { ...current, urgent };
    let deadlines = current.deadlines;
    if (newLead && current.leadDepartment === null) {
      // Urgent only now that its department is known: the requester's clock still began at filing.
      const requesterSteps =
        urgent === current.urgent
          ? []
          : this.plan(ticket, new Date(current.createdAt), lead, REQUESTER_STEPS);
      deadlines = replaceSteps(assignDepartment(deadlines, lead), [
        ...requesterSteps,
        ...this.plan(ticket, now, lead, LEAD_STEPS),
      ]);
    } else if (newLead) {
      deadlines = this.plan(ticket, now, lead);
    } else if (outcome.event.type === 'reopen') {
      deadlines = replaceSteps(deadlines, this.plan(ticket, now, lead, ['reply']));
    } else if (outcome.event.type === 'approve_extension') {
      const days = Number(outcome.event.data.workingDays);
      deadlines = extendDeadlines(deadlines, days, this.deps.calendar);
    }
    const ownLimit = outcome.event.data.replyWorkingDays;
    if (outcome.event.type === 'coordinate' && typeof ownLimit === 'number') {
      // 顶格协调: the supervisor names the answer's time limit, whatever the table says.
      const limit = [{ workingDays: ownLimit }];
      deadlines = deadlines.map((d) =>
        d.step === 'reply'
          ? {
              ...openDeadline('reply', limit, now, d.department, this.deps.calendar),
              extendedDays: d.extendedDays,
            }
          : d,
      );
    }
    const replaced = replacedDeadlines(current.deadlines, deadlines, now, outcome.event.type);
    deadlines = meetSteps(deadlines, stepsMetBy(outcome.event), now);
    const trigger = escalationTrigger(outcome);
    return {
      ...ticket,
      ...outcome.state,
      deadlines,
      ...(replaced.length === 0
        ? {}
        : { earlierDeadlines: [...(current.earlierDeadlines ?? []), ...replaced] }),
      coordinationProposal:
        current.coordinationProposal ??
        (trigger === null ? null : { trigger, at: now.toISOString() }),
      dueAt: replyDueAt(deadlines) ?? current.dueAt,
      updatedAt: now.toISOString(),
      version: current.version + 1,
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
      const now = clock.now();
      const repeat = await this.repeatOf(current, command, actor, now);
      if (repeat !== null) return repeat;
      const outcome = decide(lifecycleOf(current), command, actor);
      checkTimeLimits(command, current.deadlines, now, this.deps.calendar.timeZone);
      const at = now.toISOString();
      const next = this.advance(current, outcome, now);
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
        data: eventData(current, next, command, outcome),
      };
      try {
        await store.transition(current, next, event);
        this.deliver(this.tellRequester(next, await this.asRequesterKnows(id, event, outcome)));
        await this.announceEscalation(next, outcome, current.leadDepartment);
        return { ticket: next, history: historyFor(actor, await store.history(id)) };
      } catch (err) {
        if (!(err instanceof TicketVersionConflictError) || attempt >= MAX_CONFLICT_RETRIES)
          throw err;
      }
    }
  }

  /**
   * A supervisor's 督办 on a ticket already under it (`again`) tells the requester nothing new,
   * unless they were never told of 督办: a ticket put under it by a second transfer request or by
   * 顶格协调 was, for them, only "passed to a supervisor" and "coordinated".
   */
  private async asRequesterKnows(
    id: string,
    event: TicketEvent,
    outcome: Outcome,
  ): Promise<Outcome['event']> {
    const told = outcome.event;
    if (told.type !== 'supervise' || told.data.again !== true) return told;
    const history = await this.deps.store.history(id);
    // Before this 督办, the latest of its kind at its moment in the history.
    let own = history.length;
    while (own > 0 && !(history[own - 1]?.type === event.type && history[own - 1]?.at === event.at))
      own--;
    const toldBefore = history
      .slice(0, own === 0 ? history.length : own - 1)
      .some(
        (e) =>
          e.type === 'supervise' ||
          e.type === 'reopen' ||
          (e.type === 'escalate' && e.data?.trigger === 'second_dissatisfied'),
      );
    return toldBefore ? told : { ...told, data: { ...told.data, again: false } };
  }

  /**
   * A department's second click (or a client's retry) repeating, word for word, the change the
   * same token made moments ago, with nothing in between: answered with the ticket as it is, so the requester does not
   * read the same progress twice and the clerk gets no 409 for an answer that went through.
   */
  private async repeatOf(
    current: Ticket,
    command: Command,
    actor: StaffActor,
    now: Date,
  ): Promise<TicketView | null> {
    if (actor.role !== 'department' || !REPEATABLE.has(command.type)) return null;
    const history = await this.deps.store.history(current.id);
    // Only the latest event: once anyone else has acted (a rating, a reopen), the same words are news.
    const own = history.at(-1);
    const repeated =
      own !== undefined &&
      own.actor.id === actor.id &&
      own.actor.department === actor.department &&
      own.type === command.type &&
      own.note === reasonOf(command) &&
      now.getTime() - Date.parse(own.at) <= REPEAT_WINDOW_MS;
    return repeated ? { ticket: current, history: historyFor(actor, history) } : null;
  }

  /**
   * The requester's own words added to the history: what a 不满意 left unsolved (after the
   * rating itself was recorded, so an interrupted question never loses the rating), or details
   * added to a filed request (补充). Someone else's ticket is reported as absent. Returns the
   * ticket as it was read, to say who will see the words.
   */
  async addRequesterComment(
    id: string,
    requesterKey: string,
    comment: string,
    about: 'rating' | 'supplement' = 'rating',
  ): Promise<Ticket> {
    const ticket = await this.deps.store.get(id);
    if (ticket === null || ticket.requester.key !== requesterKey) throw new TicketNotFoundError(id);
    await this.deps.store.appendEvent(id, {
      at: this.deps.clock.now().toISOString(),
      actor: { kind: 'requester', id: requesterKey, role: 'requester' },
      type: 'note',
      note: comment,
      data: { about, requesterType: ticket.requester.type },
    });
    return ticket;
  }

  /** The requester's new phone number on their ticket (src/tickets/requesterPhone.ts). */
  async changeRequesterPhone(id: string, requesterKey: string, phone: string): Promise<Ticket> {
    return changeRequesterPhone(this.deps, id, requesterKey, phone);
  }

  /**
   * 催办 by the requester: the ticket named, else their most recent one waiting for an answer,
   * is urged at most once in 24 hours and its department told (src/tickets/urge.ts). A member of
   * an organisation may urge its colleagues' tickets too, those "我的工单" lists.
   */
  async urge(member: Member, id: string | null): Promise<UrgeResult> {
    return this.urges.urge(member.requesterKey, id, member.organization);
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

  /** Where a ticket stands (null if there is none): for the duty desk's own checks. */
  async status(id: string): Promise<TicketStatus | null> {
    return (await this.deps.store.get(id))?.status ?? null;
  }

  /** A ticket with its history for staff; another department's ticket is reported as absent. */
  async findForStaff(id: string, actor: StaffActor): Promise<TicketView | null> {
    const ticket = await this.deps.store.get(id);
    if (ticket === null || !this.visibleTo(ticket, actor)) return null;
    return { ticket, history: historyFor(actor, await this.deps.store.history(id)) };
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
    const now = this.deps.clock.now().getTime();
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
          (query.as === undefined || involvedAs(t, department, query.as)) &&
          (query.status === undefined || t.status === query.status) &&
          (query.overdue !== true || isOverdue(t, department, now)),
      );
      tickets.push(...wanted);
      cursor = page.next;
    }
    return { tickets, next: cursor };
  }

  /** A second dispute is proposed to supervisors for 顶格协调; the step stands if they are not told. */
  private async announceEscalation(
    ticket: Ticket,
    outcome: Outcome,
    leadBefore: string | null,
  ): Promise<void> {
    await this.askForDecision(ticket, outcome);
    await this.announceSupervised(ticket, outcome);
    await this.announceCoTasks(ticket, outcome);
    await this.announceAssigned(ticket, outcome, leadBefore);
    await this.announceCoInput(ticket, outcome);
    const trigger = escalationTrigger(outcome);
    if (trigger === null || this.deps.desk === undefined) return;
    try {
      await this.deps.desk.propose({
        ticketId: ticket.id,
        trigger,
        reports: linkedReports(ticket),
        department: ticket.leadDepartment,
        at: ticket.updatedAt,
      });
    } catch (err) {
      this.deps.onError?.(err, `coordination proposal for ${ticket.id}`);
    }
  }

  /**
   * A 不满意 sent the ticket back to its lead (重办), or a supervisor put it under 督办: the
   * department must know to answer (again).
   */
  private async announceSupervised(ticket: Ticket, outcome: Outcome): Promise<void> {
    const kind = outcome.event.type;
    if (kind !== 'reopen' && kind !== 'supervise') return;
    try {
      await this.deps.desk?.supervised?.({
        kind,
        ticketId: ticket.id,
        department: ticket.leadDepartment,
        dueAt: ticket.dueAt,
        at: ticket.updatedAt,
      });
    } catch (err) {
      this.deps.onError?.(err, `${kind} notice for ${ticket.id}`);
    }
  }

  /** Co-departments named (by the lead, or by 顶格协调) learn of their task. */
  private async announceCoTasks(ticket: Ticket, outcome: Outcome): Promise<void> {
    const { type, data } = outcome.event;
    const named =
      type === 'add_co_departments'
        ? data.departments
        : type === 'coordinate'
          ? data.coDepartments
          : [];
    const departments = Array.isArray(named) ? named.filter((d) => typeof d === 'string') : [];
    if (departments.length === 0) return;
    try {
      await this.deps.desk?.coTasks?.({
        ticketId: ticket.id,
        departments,
        dueAt: ticket.dueAt,
        at: ticket.updatedAt,
      });
    } catch (err) {
      this.deps.onError?.(err, `co-department notice for ${ticket.id}`);
    }
  }

  /** A co-department posted its input: the lead, which answers for all, learns it is there. */
  private async announceCoInput(ticket: Ticket, outcome: Outcome): Promise<void> {
    const { type, data } = outcome.event;
    const lead = ticket.leadDepartment;
    if (type !== 'submit_input' || lead === null || typeof data.department !== 'string') return;
    try {
      await this.deps.desk?.coInput?.({
        ticketId: ticket.id,
        department: lead,
        from: data.department,
        dueAt: ticket.dueAt,
        at: ticket.updatedAt,
      });
    } catch (err) {
      this.deps.onError?.(err, `co-department input notice for ${ticket.id}`);
    }
  }

  /** A new lead (a transfer approved, 顶格协调 naming another lead) learns the ticket is its own. */
  private async announceAssigned(
    ticket: Ticket,
    outcome: Outcome,
    leadBefore: string | null,
  ): Promise<void> {
    const type = outcome.event.type;
    const via =
      type === 'approve_transfer' ? 'transfer' : type === 'coordinate' ? 'coordinate' : null;
    const department = ticket.leadDepartment;
    if (via === null || department === null || department === leadBefore) return;
    try {
      await this.deps.desk?.assigned?.({
        ticketId: ticket.id,
        department,
        via,
        dueAt: ticket.dueAt,
        at: ticket.updatedAt,
      });
    } catch (err) {
      this.deps.onError?.(err, `assignment notice for ${ticket.id}`);
    }
  }

  /** An extension or a transfer asked: the hotline must decide while the deadline runs. */
  private async askForDecision(ticket: Ticket, outcome: Outcome): Promise<void> {
    const type = outcome.event.type;
    if (type !== 'request_extension' && type !== 'request_transfer') return;
    const kind = type === 'request_extension' ? 'extension' : 'transfer';
    const step = kind === 'extension' ? 'reply' : 'transfer_request';
    const dueAt = ticket.deadlines.find((d) => d.step === step)?.dueAt ?? ticket.dueAt;
    try {
      await this.deps.desk?.ask?.({
        ticketId: ticket.id,
        kind,
        department: ticket.leadDepartment,
        dueAt,
        at: ticket.updatedAt,
      });
    } catch (err) {
      this.deps.onError?.(err, `${kind} request notice for ${ticket.id}`);
    }
  }

  /**
   * Waits for what runs after a change has been answered: messages to requesters on their way,
   * duplicate links of new filings (before shutting down, and in tests). A department's request
   * does not wait for a chat service's latency or retries, nor a filing for its links.
   */
  async settle(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.allSettled([...this.deliveries]);
  }

  /** How many messages to requesters, and duplicate links, are still on their way. */
  get delivering(): number {
    return this.deliveries.size;
  }

  private deliver(delivery: Promise<void>): void {
    this.deliveries.add(delivery);
    void delivery.finally(() => this.deliveries.delete(delivery));
  }

  /**
   * Duty staff filed this ticket for the person in their chat: they are told its number, who
   * handles it and by when. On its way when this returns (`settle` waits for it); a chat that
   * cannot be reached leaves the ticket as it is, and the person finds it on "查询".
   */
  tellFiledByStaff(ticket: Ticket): void {
    const { notifier, departmentName = (code: string) => code } = this.deps;
    if (notifier === undefined) return;
    const notice = filedByStaffNotice(ticket, departmentName, (at, lang) =>
      this.deps.calendar.formatDue(at, lang),
    );
    this.deliver(
      notifier.notify(ticket.conversation, notice.text).catch(() => {
        // Reported by the notifier.
      }),
    );
  }

  /**
   * The change is made whatever happens here: a chat that cannot be reached (the notifier logs
   * why) does not undo a department's accept or reply, and the person sees it on "查询".
   */
  private async tellRequester(ticket: Ticket, event: Outcome['event']): Promise<void> {
    const { notifier, departmentName = (code: string) => code } = this.deps;
    if (notifier === undefined) return;
    const notice = requesterNotice(ticket, event, departmentName, (at, lang) =>
      this.deps.calendar.formatDue(at, lang),
    );
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

  /**
   * "My tickets" for a member of an organisation: their own and those colleagues filed for it,
   * newest first. Callers show colleagues' tickets without the requester's name or phone.
   */
  async listForMember(member: Member, limit = 8): Promise<Ticket[]> {
    const { store } = this.deps;
    const [own, shared] = await Promise.all([
      store.listByRequester(member.requesterKey, limit),
      member.organization === null ? [] : store.listByOrganization(member.organization, limit),
    ]);
    if (member.organization === null) return own;
    const byId = new Map([...own, ...shared].map((t) => [t.id, t]));
    return [...byId.values()]
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .slice(0, limit);
  }

  /**
   * A ticket as a member of its organisation may see it: the filer gets the history too, a
   * colleague the ticket alone (the history carries the department's answer to the filer).
   * Anyone else's is reported like an unknown number.
   */
  async findForMember(id: string, member: Member): Promise<MemberView | null> {
    const ticket = await this.deps.store.get(id);
    if (ticket === null) return null;
    if (ticket.requester.key === member.requesterKey) {
      return { ticket, history: await this.deps.store.history(id), own: true };
    }
    const shared =
      member.organization !== null && ticket.requester.organization === member.organization;
    return shared ? { ticket, history: [], own: false } : null;
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
    pendingExtension: ticket.pendingExtension,
  };
}

/** Who asks for "my tickets": the person, and the organisation they write for if any. */
export interface Member {
  requesterKey: string;
  organization: string | null;
}

export interface MemberView extends TicketView {
  /** Filed by this member (false: by a colleague of the same organisation). */
  own: boolean;
}

/** The steps that run on the requester's clock from filing, before anyone is dispatched. */
const REQUESTER_STEPS: readonly DeadlineStep[] = ['contact', 'feedback', 'reply', 'settle'];
/** The steps that start when a lead department is dispatched. */
const LEAD_STEPS: readonly DeadlineStep[] = ['accept', 'transfer_request'];

/** A second dispute (escalated to 顶格协调) is a proposal for supervisors: which one. */
function escalationTrigger(outcome: Outcome): CoordinationProposal['trigger'] | null {
  if (outcome.event.type !== 'escalate') return null;
  const trigger = outcome.event.data.trigger;
  return trigger === 'second_dissatisfied' || trigger === 'second_transfer' ? trigger : null;
}

/** The ticket's `dueAt`: when the answer is due. */
function replyDueAt(deadlines: readonly Deadline[]): string | undefined {
  return deadlines.find((d) => d.step === 'reply')?.dueAt;
}

/**
 * What the history records of a step. A rating says who gave it, citizen or enterprise: the
 * enterprise satisfaction index is computed from the rating events.
 */
function eventData(
  ticket: Ticket,
  next: Ticket,
  command: Command,
  outcome: Outcome,
): Record<string, unknown> {
  if (command.type === 'rate')
    return { ...outcome.event.data, requesterType: ticket.requester.type };
  // An approved extension records the answer's new due time.
  if (command.type === 'approve_extension') return { ...outcome.event.data, dueAt: next.dueAt };
  return outcome.event.data;
}

/** Whether `department` is involved in the ticket in that capacity. */
function involvedAs(
  ticket: Ticket,
  department: string | undefined,
  as: NonNullable<TicketQuery['as']>,
): boolean {
  if (as === 'lead') return ticket.leadDepartment === department;
  if (as === 'first_contact') return ticket.firstContactDepartment === department;
  return ticket.coDepartments.some((t) => t.department === department);
}

/** Not closed, with a step (of `department`, when given) still open past its due time. */
function isOverdue(ticket: Ticket, department: string | undefined, now: number): boolean {
  return (
    ticket.status !== 'closed' &&
    ticket.deadlines.some(
      (d) =>
        d.metAt === null &&
        Date.parse(d.dueAt) < now &&
        (department === undefined || d.department === department),
    )
  );
}

/** The words a person gave with a command, for the history's "why". */
function reasonOf(command: Command): string | undefined {
  if ('message' in command) return command.message;
  if ('reason' in command) return command.reason;
  if ('comment' in command) return command.comment;
  return undefined;
}
