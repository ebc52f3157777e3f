import { DateTime } from 'luxon';
import { z } from 'zod';
import { HotlineError } from '../core/errors';
import { InvalidCommandError } from './lifecycle';

/**
 * Time limits per step (限时办结), counted in working time on the hotline's calendar. A ticket
 * carries one entry per step that applies to it; the scheduler raises a yellow warning at
 * `warnAt` and a red overdue flag (督办) at `dueAt`, each once, for every entry not yet met.
 *
 * - accept: the lead department signs for it (签收), 2 working hours after dispatch.
 * - transfer_request: the last moment to ask for a transfer, 1 working day after dispatch.
 * - contact: enterprises ("2115"): first contact within 2 working hours.
 * - feedback: first feedback: enterprises within 1 working day; urgent matters within 2 hours.
 * - reply: the answer (5 working days; consultation 1; urgent 24 hours).
 * - settle: enterprises: settled within 15 working days.
 */
export const DEADLINE_STEPS = [
  'accept',
  'transfer_request',
  'contact',
  'feedback',
  'reply',
  'settle',
] as const;
export const DeadlineStepSchema = z.enum(DEADLINE_STEPS);
export type DeadlineStep = z.infer<typeof DeadlineStepSchema>;

export const DeadlineSchema = z.object({
  step: DeadlineStepSchema,
  /** Who must meet it: the lead department (or the duty desk while `received`). */
  department: z.string().nullable(),
  startedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  /** Yellow warning: one working day (or 80% of the step, if shorter) before dueAt. */
  warnAt: z.iso.datetime(),
  /** When the step was done; null while open. */
  metAt: z.iso.datetime().nullable(),
  /** Working days added by approved extensions (延期), at most 10 in all. */
  extendedDays: z.number().int().nonnegative().default(0),
});
export type Deadline = z.infer<typeof DeadlineSchema>;

/**
 * A deadline a replanning took off the ticket, as it stood then: the record of a department's
 * step once another plan replaced it (a transfer or 顶格协调 starts a new lead's clock, a reopen
 * makes the answer due again, an extension moves it).
 */
export const EarlierDeadlineSchema = DeadlineSchema.extend({
  /** When it was replaced. */
  replacedAt: z.iso.datetime(),
  /** The step that replaced it: approve_transfer, coordinate, reopen, approve_extension... */
  replacedBy: z.string(),
});
export type EarlierDeadline = z.infer<typeof EarlierDeadlineSchema>;

/** How long a step may take: working hours or days on the office calendar, or clock hours. */
export type Limit = { workingHours: number } | { workingDays: number } | { hours: number };

/** The calendar arithmetic deadlines need (WorkCalendar). */
export interface WorkingTime {
  addWorkingHours(from: Date, hours: number): Date;
  dueAfterWorkingDays(from: Date, n: number): Date;
  workingMillisBetween(from: Date, to: Date): number;
  readonly workingDayMillis: number;
}

/** Working days an extension (延期) may add to one deadline, all extensions together. */
export const MAX_EXTENSION_DAYS = 10;

const HOUR = 3_600_000;
const CLOCK_DAY = 24 * HOUR;
/** A step shorter than this many days warns at 80% of it, a longer one a day before its end. */
const SHORT_STEP_DAYS = 1.25;

const LATE_ASKS = {
  transfer: { zh: '退单申请', en: 'a transfer request' },
  extension: { zh: '延期申请', en: 'an extension' },
} as const;

/** Asked too late; the time is the hotline's local time, as the clerk's office reads clocks. */
export class DeadlinePassedError extends HotlineError {
  constructor(what: keyof typeof LATE_ASKS, dueAt: string, timeZone: string) {
    const local = DateTime.fromISO(dueAt, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm');
    super(
      'DEADLINE_PASSED',
      `${LATE_ASKS[what].zh}须在 ${local} 前提出，已超过时限 / ${LATE_ASKS[what].en} was due by ` +
        `${local} (${timeZone}); it can no longer be asked for`,
      409,
    );
  }
}

export class ExtensionLimitError extends HotlineError {
  constructor(asked: number, left: number) {
    super(
      'EXTENSION_LIMIT',
      `延期累计不超过 ${MAX_EXTENSION_DAYS} 个工作日：本次申请 ${asked} 个，尚可申请 ${left} 个 / ` +
        `an extension adds at most ${MAX_EXTENSION_DAYS} working days in all: ${asked} asked, ${left} left`,
      400,
    );
  }
}

/** When a step begun at `start` is due: working days end at closing time of the n-th one. */
export function dueUnder(limit: Limit, start: Date, calendar: WorkingTime): Date {
  if ('workingHours' in limit) return calendar.addWorkingHours(start, limit.workingHours);
  if ('workingDays' in limit) return calendar.dueAfterWorkingDays(start, limit.workingDays);
  return new Date(start.getTime() + limit.hours * HOUR);
}

/**
 * The yellow warning: one day before the end of the step, or at 80% of it when the step is
 * shorter than 1.25 days; counted in working time, or in clock time for clock-hour limits.
 * How long a step is, is what its limit says: "1 working day" is a one-day step, although it
 * runs to closing time of the next working day (a consultation filed at 10:00 on Monday is due
 * Tuesday at 17:30 and warns at 80% of that working time, not at Monday's closing). A step an
 * extension moved (`limit` null) is as long as its working time.
 */
export function warnBefore(
  start: Date,
  due: Date,
  limit: Limit | null,
  calendar: WorkingTime,
): Date {
  if (limit !== null && 'hours' in limit) {
    const length = Math.max(0, due.getTime() - start.getTime());
    return length >= SHORT_STEP_DAYS * CLOCK_DAY
      ? new Date(due.getTime() - CLOCK_DAY)
      : new Date(start.getTime() + 0.8 * length);
  }
  const length = calendar.workingMillisBetween(start, due);
  const day = calendar.workingDayMillis;
  const days = limit !== null && 'workingDays' in limit ? limit.workingDays : length / day;
  const before = days >= SHORT_STEP_DAYS ? Math.max(0, length - day) : 0.8 * length;
  return calendar.addWorkingHours(start, before / HOUR);
}

/** One step's deadline from `start`; of several candidate limits the earliest wins. */
export function openDeadline(
  step: DeadlineStep,
  limits: readonly Limit[],
  start: Date,
  department: string | null,
  calendar: WorkingTime,
): Deadline {
  const [first, ...rest] = limits.map((limit) => ({
    limit,
    due: dueUnder(limit, start, calendar),
  }));
  if (first === undefined) throw new RangeError(`no limit for step ${step}`);
  const { limit, due } = rest.reduce((a, b) => (b.due < a.due ? b : a), first);
  return {
    step,
    department,
    startedAt: start.toISOString(),
    dueAt: due.toISOString(),
    warnAt: warnBefore(start, due, limit, calendar).toISOString(),
    metAt: null,
    extendedDays: 0,
  };
}

/** Fresh deadlines from `start` for the steps in `only` (all that have limits when absent). */
export function planDeadlines(
  limits: ReadonlyMap<DeadlineStep, readonly Limit[]>,
  start: Date,
  department: string | null,
  calendar: WorkingTime,
  only: readonly DeadlineStep[] = DEADLINE_STEPS,
): Deadline[] {
  return DEADLINE_STEPS.filter((step) => only.includes(step) && limits.has(step)).map((step) =>
    openDeadline(step, limits.get(step) ?? [], start, department, calendar),
  );
}

/** `fresh` entries take the place of those for the same steps; one entry per step, in order. */
export function replaceSteps(
  deadlines: readonly Deadline[],
  fresh: readonly Deadline[],
): Deadline[] {
  const bySteps = new Map(deadlines.map((d) => [d.step, d]));
  for (const d of fresh) bySteps.set(d.step, d);
  return DEADLINE_STEPS.flatMap((step) => {
    const d = bySteps.get(step);
    return d === undefined ? [] : [d];
  });
}

/** Marks the open entries of `steps` as met at `at`; met ones keep their first time. */
export function meetSteps(
  deadlines: readonly Deadline[],
  steps: readonly DeadlineStep[],
  at: Date,
): Deadline[] {
  return deadlines.map((d) =>
    d.metAt === null && steps.includes(d.step) ? { ...d, metAt: at.toISOString() } : d,
  );
}

/** Open entries still waiting for someone get the department that now owns them. */
export function assignDepartment(deadlines: readonly Deadline[], department: string): Deadline[] {
  return deadlines.map((d) => (d.metAt === null ? { ...d, department } : d));
}

/**
 * The entries of `before` that `after` no longer holds (a new plan, a moved due time), stamped
 * with when and by what; entries nobody owned (department null) are nobody's record.
 */
export function replacedDeadlines(
  before: readonly Deadline[],
  after: readonly Deadline[],
  at: Date,
  by: string,
): EarlierDeadline[] {
  const same = (a: Deadline, b: Deadline) =>
    a.step === b.step &&
    a.department === b.department &&
    a.startedAt === b.startedAt &&
    a.dueAt === b.dueAt;
  return before
    .filter((d) => d.department !== null && !after.some((a) => same(a, d)))
    .map((d) => ({ ...d, replacedAt: at.toISOString(), replacedBy: by }));
}

/** The steps an extension moves: the answer and, for enterprises, the settlement. */
export const EXTENDED_STEPS: readonly DeadlineStep[] = ['reply', 'settle'];

/** An approved extension: open reply/settle deadlines move `workingDays` working days later. */
export function extendDeadlines(
  deadlines: readonly Deadline[],
  workingDays: number,
  calendar: WorkingTime,
): Deadline[] {
  return deadlines.map((d) => {
    if (d.metAt !== null || !EXTENDED_STEPS.includes(d.step)) return d;
    const due = calendar.dueAfterWorkingDays(new Date(d.dueAt), workingDays);
    return {
      ...d,
      dueAt: due.toISOString(),
      warnAt: warnBefore(new Date(d.startedAt), due, null, calendar).toISOString(),
      extendedDays: d.extendedDays + workingDays,
    };
  });
}

/** The open entry for a step, if any. */
export function openStep(deadlines: readonly Deadline[], step: DeadlineStep): Deadline | undefined {
  return deadlines.find((d) => d.step === step && d.metAt === null);
}

/**
 * What the steps of the lifecycle fulfil: signing for a ticket is also contact and closes the
 * transfer window; progress is feedback and contact; a reply is all three; a rating or closing
 * settles the matter.
 */
export function stepsMetBy(event: { type: string; data: Record<string, unknown> }): DeadlineStep[] {
  switch (event.type) {
    case 'accept':
      return ['accept', 'transfer_request', 'contact'];
    case 'request_transfer':
      return ['transfer_request'];
    case 'escalate':
      return event.data.trigger === 'second_transfer' ? ['transfer_request'] : [];
    case 'progress':
      return ['feedback', 'contact'];
    case 'reply':
      return ['reply', 'feedback', 'contact'];
    case 'rate':
    case 'close':
      return ['settle'];
    default:
      return [];
  }
}

/**
 * Refuses what comes too late: a transfer asked after its window (1 working day of dispatch),
 * an extension asked after the answer was due or beyond 10 working days in all.
 */
export function checkTimeLimits(
  command: { type: string; workingDays?: number },
  deadlines: readonly Deadline[],
  now: Date,
  timeZone: string,
): void {
  if (command.type === 'request_transfer') {
    const window = openStep(deadlines, 'transfer_request');
    if (window !== undefined && now.getTime() > Date.parse(window.dueAt)) {
      throw new DeadlinePassedError('transfer', window.dueAt, timeZone);
    }
  }
  if (command.type === 'request_extension') {
    const reply = openStep(deadlines, 'reply');
    if (reply === undefined) {
      throw new InvalidCommandError(
        '没有待答复的时限可延期 / there is no open reply deadline to extend',
      );
    }
    if (now.getTime() > Date.parse(reply.dueAt)) {
      throw new DeadlinePassedError('extension', reply.dueAt, timeZone);
    }
    const asked = command.workingDays ?? 0;
    const left = MAX_EXTENSION_DAYS - reply.extendedDays;
    if (asked > left) throw new ExtensionLimitError(asked, left);
  }
}
