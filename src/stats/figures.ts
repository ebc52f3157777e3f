import type { Deadline, EarlierDeadline } from '../tickets/deadlines';
import { RATINGS, type Rating } from '../tickets/lifecycle';
import type { Ticket, TicketEvent } from '../tickets/ticket';

/**
 * Figures for assessment (考核), per department, over a cohort: the tickets filed in a period
 * and everything that happened to them up to `now`. Pure: the caller reads the tickets.
 *
 * Who a figure counts against:
 * - received: every department that led the ticket, once each: the one it was filed to, and each
 *   it was dispatched, transferred (退单) or coordinated (顶格协调) to, so a department keeps a
 *   ticket it received and then handed on (a ticket still waiting for duty staff counts in no row);
 * - overdue now: the departments whose own deadlines are open past due on a ticket not closed;
 * - accepted / replied on time: the department each `accept` / `reply` deadline names, those a
 *   replanning replaced included (`earlierDeadlines`): a step met counts as met; one left open
 *   counts late if its due time had passed when the department let it go (asked for the
 *   transfer, else was replaced), and not at all otherwise; one an extension moved counts only
 *   as extended; on tickets from before `earlierDeadlines`, a red flag (督办) raised for a step
 *   since replaced counts late for the department that led then;
 * - transfers: the department that asked (`from`), approved when duty staff let it go;
 * - extensions: the department that asked; an approval counts for the request it answers;
 * - time to reply, ratings: the department (and staff member) whose `reply` came last before the
 *   rating; a rating rates the answer it follows.
 * Time to reply is in plain hours (elapsed clock time, not working time), from when the
 * department got the ticket (filed, dispatched, transferred or coordinated to it) to its first
 * reply: the time it spent with a department before, or waiting for duty staff, is not its own.
 * The deadlines already judge timeliness in working time.
 */
export interface TicketRecord {
  ticket: Ticket;
  /** The ticket's history, oldest first. Event types are read as text so newer kinds count too. */
  history: readonly StatsEvent[];
}

/** A history event as the figures read it: any event type, including ones added later. */
export type StatsEvent = Omit<TicketEvent, 'type'> & { type: string };

export interface OnTime {
  /** Met no later than due. */
  onTime: number;
  /** Met after due, or still open past due. */
  late: number;
  /** Still open and not yet due: not judged. */
  pending: number;
  /** onTime / (onTime + late); null when nothing was judged. */
  rate: number | null;
}

export interface Ratings {
  rated: number;
  satisfied: number;
  basic: number;
  dissatisfied: number;
  /** (satisfied + basic) / rated; null without ratings. */
  rate: number | null;
}

export interface StaffRatings extends Ratings {
  /** Who replied: the staff id the reply was recorded with (API token id, console username). */
  id: string;
  name: string | null;
}

export interface DepartmentFigures {
  department: string;
  received: number;
  accepted: OnTime;
  replied: OnTime;
  /** Tickets not closed with a deadline of this department open past due. */
  overdueNow: number;
  transfers: { asked: number; approved: number };
  extensions: { requested: number; approved: number };
  /** Plain hours from when the department got the ticket to its first reply. */
  hoursToReply: { count: number; mean: number | null; p90: number | null };
  satisfaction: Ratings;
  /** Ratings given by enterprises only (企业满意度). */
  enterpriseSatisfaction: Ratings;
  /** 服务对象评分: the ratings of the tickets each staff member replied to. */
  staff: StaffRatings[];
}

export interface StatsPeriod {
  from: Date;
  to: Date;
}

export interface StatsReport {
  from: string;
  to: string;
  /** When "overdue now" and pending deadlines were judged. */
  at: string;
  tickets: number;
  departments: DepartmentFigures[];
}

interface Tally {
  received: number;
  accepted: Judged;
  replied: Judged;
  overdueNow: number;
  transfersAsked: number;
  transfersApproved: number;
  extensionsRequested: number;
  extensionsApproved: number;
  hours: number[];
  all: RatingCount;
  enterprise: RatingCount;
  staff: Map<string, { name: string | null; ratings: RatingCount }>;
}

type Judged = Omit<OnTime, 'rate'>;
type RatingCount = Record<Rating, number>;

/**
 * The figures of `records` (tickets filed in `period`; others are left out) as judged at `now`.
 * Every department in `departments` gets a row, with zeroes if nothing happened to it.
 */
export function computeStats(
  records: readonly TicketRecord[],
  period: StatsPeriod,
  now: Date,
  departments: readonly string[] = [],
): StatsReport {
  const tallies = new Map<string, Tally>();
  const tally = (department: string): Tally => {
    let t = tallies.get(department);
    if (t === undefined) {
      t = emptyTally();
      tallies.set(department, t);
    }
    return t;
  };
  for (const d of departments) tally(d);
  const from = period.from.getTime();
  const to = period.to.getTime();
  const inPeriod = records.filter((r) => {
    const created = Date.parse(r.ticket.createdAt);
    return created >= from && created < to;
  });
  for (const record of inPeriod) countTicket(record, now.getTime(), tally);
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    at: now.toISOString(),
    tickets: inPeriod.length,
    departments: [...tallies.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([department, t]) => figuresOf(department, t)),
  };
}

function countTicket({ ticket, history }: TicketRecord, now: number, tally: (d: string) => Tally) {
  for (const d of new Set(leadsOf(ticket, history).map((l) => l.department))) tally(d).received++;
  for (const d of ticket.deadlines) {
    if (d.department === null) continue;
    const into = judgedStep(tally(d.department), d);
    if (into !== null) judge(into, d, now);
  }
  for (const d of ticket.earlierDeadlines ?? []) {
    if (d.department === null || d.replacedBy === 'approve_extension') continue;
    const into = judgedStep(tally(d.department), d);
    if (into !== null) judgeEarlier(into, d, history);
  }
  for (const lost of overdueStepsLost(ticket, history)) {
    const into = judgedStep(tally(lost.department), lost);
    if (into !== null) into.late++;
  }
  if (ticket.status !== 'closed') {
    const overdue = new Set(
      ticket.deadlines
        .filter((d) => d.metAt === null && Date.parse(d.dueAt) < now && d.department !== null)
        .map((d) => d.department ?? ''),
    );
    for (const d of overdue) tally(d).overdueNow++;
  }
  countEvents(ticket, history, tally);
}

function countEvents(ticket: Ticket, history: readonly StatsEvent[], tally: (d: string) => Tally) {
  const leads = leadsOf(ticket, history);
  const firstReply = new Set<string>();
  let lastReply: StatsEvent | null = null;
  let lastExtensionAsker: string | null = null;
  for (const e of history) {
    const department = e.actor.department;
    if (e.type === 'reply' && department !== undefined) {
      lastReply = e;
      if (!firstReply.has(department)) {
        firstReply.add(department);
        const at = Date.parse(e.at);
        const got = gotTicketAt(leads, department, at) ?? Date.parse(ticket.createdAt);
        tally(department).hours.push((at - got) / 3_600_000);
      }
    }
    if (isTransferRequest(e)) {
      const from = text(e.data?.from) ?? department;
      if (from !== undefined) tally(from).transfersAsked++;
    }
    if (e.type === 'approve_transfer') {
      const from = text(e.data?.from);
      if (from !== undefined) tally(from).transfersApproved++;
    }
    if (e.type === 'request_extension') {
      lastExtensionAsker = text(e.data?.department) ?? department ?? ticket.leadDepartment;
      if (lastExtensionAsker !== null) tally(lastExtensionAsker).extensionsRequested++;
    }
    if (e.type === 'approve_extension') {
      const asker = text(e.data?.department) ?? lastExtensionAsker ?? ticket.leadDepartment;
      if (asker !== null) tally(asker).extensionsApproved++;
    }
    const rating = ratingOf(e);
    const replier = lastReply?.actor.department;
    if (rating !== null && lastReply !== null && replier !== undefined) {
      const t = tally(replier);
      t.all[rating]++;
      if (e.data?.requesterType === 'enterprise') t.enterprise[rating]++;
      const id = lastReply.actor.id ?? '?';
      const staff = t.staff.get(id) ?? { name: lastReply.actor.name ?? null, ratings: noRatings() };
      staff.ratings[rating]++;
      t.staff.set(id, staff);
    }
  }
}

/** A department that led the ticket, from the moment it got it (filed, dispatched, handed to it). */
interface Lead {
  department: string;
  since: number;
}

/**
 * Every department that led the ticket, in order: the one it was filed to (unless it waited for
 * duty staff), then each it was dispatched, transferred (退单) or coordinated (顶格协调) to. A
 * department named lead again while it already leads keeps its first moment. The lead now is
 * always among them, for tickets whose history does not say how it got there.
 */
function leadsOf(ticket: Ticket, history: readonly StatsEvent[]): Lead[] {
  // The filing names the model's department even for a ticket left for duty staff to dispatch:
  // it led from filing only if it is the first contact and no dispatch came.
  const waited = history.some((e) => e.type === 'dispatch');
  const leads: Lead[] = [];
  const handTo = (department: string | undefined, at: string) => {
    if (department === undefined || leads[leads.length - 1]?.department === department) return;
    leads.push({ department, since: Date.parse(at) });
  };
  for (const e of history) {
    const filedTo = text(e.data?.department);
    if (e.type === 'created' && !waited && filedTo === ticket.firstContactDepartment) {
      handTo(filedTo, ticket.createdAt);
    }
    if (e.type === 'dispatch') handTo(text(e.data?.department), e.at);
    if (e.type === 'approve_transfer') {
      // The department that let it go led it from filing when the filing did not name it.
      if (leads.length === 0) handTo(text(e.data?.from), ticket.createdAt);
      handTo(text(e.data?.to), e.at);
    }
    if (e.type === 'coordinate') handTo(text(e.data?.lead), e.at);
  }
  const now = ticket.leadDepartment;
  if (now !== null && !leads.some((l) => l.department === now)) {
    leads.unshift({ department: now, since: Date.parse(ticket.createdAt) });
  }
  return leads;
}

/** When `department` last got the ticket before `at`; null if it never led it by then. */
function gotTicketAt(leads: readonly Lead[], department: string, at: number): number | null {
  let got: number | null = null;
  for (const l of leads) if (l.department === department && l.since <= at) got = l.since;
  return got;
}

/** A first transfer request, or a second one that went straight to a supervisor (顶格协调). */
function isTransferRequest(e: StatsEvent): boolean {
  return (
    e.type === 'request_transfer' ||
    (e.type === 'escalate' && e.data?.trigger === 'second_transfer')
  );
}

/**
 * The rating a requester gave in this event: `rate`, or the `reopen` / `escalate` a
 * "不满意" turned into; each carries the rating in its data.
 */
function ratingOf(e: StatsEvent): Rating | null {
  if (e.actor.kind !== 'requester') return null;
  const r = e.data?.rating;
  return RATINGS.find((x) => x === r) ?? null;
}

/**
 * Tickets written before earlier plans were kept lost them at a transfer, 顶格协调 or reopen.
 * Their history still holds each red flag (督办) raised: a step overdue, late for the department
 * that led then. A flag for an accept or reply no plan on the ticket holds any more counts late,
 * once, unless an extension then moved that answer (judged by its new due time).
 */
function overdueStepsLost(
  ticket: Ticket,
  history: readonly StatsEvent[],
): { step: Deadline['step']; department: string }[] {
  const planned = new Set(
    [...ticket.deadlines, ...(ticket.earlierDeadlines ?? [])].map((d) => `${d.step}|${d.dueAt}`),
  );
  // A ticket filed for duty staff to dispatch had no lead until then.
  const waited = history.some((e) => e.type === 'dispatch');
  const lost: { step: Deadline['step']; department: string }[] = [];
  let lead: string | undefined;
  history.forEach((e, i) => {
    if (e.type === 'created' && !waited) lead = text(e.data?.department);
    if (e.type === 'dispatch') lead = text(e.data?.department) ?? lead;
    if (e.type === 'approve_transfer') lead = text(e.data?.to) ?? lead;
    if (e.type === 'coordinate') lead = text(e.data?.lead) ?? lead;
    if (e.type !== 'supervise' || lead === undefined) return;
    const step = e.data?.step;
    const key = `${String(step)}|${String(e.data?.dueAt)}`;
    if ((step !== 'accept' && step !== 'reply') || planned.has(key)) return;
    if (step === 'reply' && history.slice(i + 1).some((x) => x.type === 'approve_extension'))
      return;
    planned.add(key);
    lost.push({ step, department: lead });
  });
  return lost;
}

function judgedStep(t: Tally, d: Pick<Deadline, 'step'>): Judged | null {
  if (d.step === 'accept') return t.accepted;
  if (d.step === 'reply') return t.replied;
  return null;
}

/**
 * A step another plan replaced. Met, it is judged as met. Open, it is late only if it was already
 * due when its department let it go: when it asked for the transfer (duty staff deciding later
 * is not its delay), else when the new plan came.
 */
function judgeEarlier(into: Judged, d: EarlierDeadline, history: readonly StatsEvent[]): void {
  if (d.metAt !== null) {
    judge(into, d, Number.NEGATIVE_INFINITY);
    return;
  }
  const started = Date.parse(d.startedAt);
  const replaced = Date.parse(d.replacedAt);
  const asked = history.filter((e) => {
    const at = Date.parse(e.at);
    const from = text(e.data?.from) ?? e.actor.department;
    return isTransferRequest(e) && from === d.department && at >= started && at <= replaced;
  });
  const letGo = asked.length === 0 ? replaced : Date.parse(asked[asked.length - 1]?.at ?? '');
  if (letGo > Date.parse(d.dueAt)) into.late++;
}

function judge(into: Judged, d: Deadline, now: number): void {
  const due = Date.parse(d.dueAt);
  if (d.metAt !== null) {
    if (Date.parse(d.metAt) <= due) into.onTime++;
    else into.late++;
  } else if (due < now) into.late++;
  else into.pending++;
}

function figuresOf(department: string, t: Tally): DepartmentFigures {
  return {
    department,
    received: t.received,
    accepted: withRate(t.accepted),
    replied: withRate(t.replied),
    overdueNow: t.overdueNow,
    transfers: { asked: t.transfersAsked, approved: t.transfersApproved },
    extensions: { requested: t.extensionsRequested, approved: t.extensionsApproved },
    hoursToReply: {
      count: t.hours.length,
      mean:
        t.hours.length === 0 ? null : round(t.hours.reduce((a, b) => a + b, 0) / t.hours.length),
      p90: percentile(t.hours, 0.9),
    },
    satisfaction: ratings(t.all),
    enterpriseSatisfaction: ratings(t.enterprise),
    staff: [...t.staff.entries()]
      .map(([id, s]) => ({ id, name: s.name, ...ratings(s.ratings) }))
      .sort((a, b) => b.rated - a.rated || a.id.localeCompare(b.id)),
  };
}

function withRate(j: Judged): OnTime {
  const judged = j.onTime + j.late;
  return { ...j, rate: judged === 0 ? null : round(j.onTime / judged) };
}

function ratings(c: RatingCount): Ratings {
  const rated = c.satisfied + c.basic + c.dissatisfied;
  return { rated, ...c, rate: rated === 0 ? null : round((c.satisfied + c.basic) / rated) };
}

/** Nearest-rank percentile: the smallest value with at least `q` of the values at or below it. */
export function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function noRatings(): RatingCount {
  return { satisfied: 0, basic: 0, dissatisfied: 0 };
}

function emptyTally(): Tally {
  return {
    received: 0,
    accepted: { onTime: 0, late: 0, pending: 0 },
    replied: { onTime: 0, late: 0, pending: 0 },
    overdueNow: 0,
    transfersAsked: 0,
    transfersApproved: 0,
    extensionsRequested: 0,
    extensionsApproved: 0,
    hours: [],
    all: noRatings(),
    enterprise: noRatings(),
    staff: new Map(),
  };
}
