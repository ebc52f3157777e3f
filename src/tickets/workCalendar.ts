/**
 * Working days and hours of the hotline, in its own time zone whatever the server's: due dates,
 * SLA clocks and the date part of ticket numbers all follow the office's calendar.
 */
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import type { Lang } from '../nlu/types';

export interface WorkCalendarOptions {
  /** IANA zone name; default 'Asia/Shanghai'. */
  timeZone?: string;
  /** 'HH:mm'; default '09:00'. */
  workStart?: string;
  /** 'HH:mm'; default '17:30'. */
  workEnd?: string;
  /** 'YYYY-MM-DD' days off although on a weekday (public holidays). */
  holidays?: readonly string[];
  /** 'YYYY-MM-DD' working days although on a weekend (调休 make-up days). */
  workdays?: readonly string[];
}

export class WorkCalendarConfigError extends Error {
  readonly code = 'WORK_CALENDAR_CONFIG';

  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'WorkCalendarConfigError';
  }
}

const hhmm = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm, e.g. 09:00');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => DateTime.fromISO(s, { zone: 'UTC' }).isValid, 'not a calendar date');

const optionsSchema = z
  .object({
    timeZone: z
      .string()
      .refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone')
      .default('Asia/Shanghai'),
    workStart: hhmm.default('09:00'),
    workEnd: hhmm.default('17:30'),
    holidays: z.array(isoDate).default([]),
    workdays: z.array(isoDate).default([]),
  })
  .superRefine((o, ctx) => {
    if (o.workEnd <= o.workStart) {
      ctx.addIssue({ code: 'custom', path: ['workEnd'], message: 'must be later than workStart' });
    }
    const both = o.workdays.find((day) => o.holidays.includes(day));
    if (both !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['workdays'], message: `${both} is also a holiday` });
    }
  });

interface TimeOfDay {
  hour: number;
  minute: number;
}

const ZH_WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const EN_WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const EN_MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

export class WorkCalendar {
  readonly timeZone: string;
  private readonly zone: IANAZone;
  private readonly start: TimeOfDay;
  private readonly end: TimeOfDay;
  private readonly holidays: ReadonlySet<string>;
  private readonly workdays: ReadonlySet<string>;
  private readonly days = new Map<number, LocalDay>();

  /** Throws `WorkCalendarConfigError` naming the first bad field. */
  constructor(options: WorkCalendarOptions = {}) {
    const result = optionsSchema.safeParse(options);
    if (!result.success) {
      const issue = result.error.issues[0];
      const path = issue?.path.map(String) ?? [];
      const field = path[0] ?? 'options';
      throw new WorkCalendarConfigError(
        field,
        `${formatPath(path)}: ${issue?.message ?? 'invalid'}`,
      );
    }
    const o = result.data;
    this.timeZone = o.timeZone;
    this.zone = new OffsetCachingZone(o.timeZone);
    this.start = timeOfDay(o.workStart);
    this.end = timeOfDay(o.workEnd);
    this.holidays = new Set(o.holidays);
    this.workdays = new Set(o.workdays);
  }

  isWorkingDay(date: Date): boolean {
    return this.day(this.dayOf(date)).working;
  }

  isWithinWorkingHours(date: Date): boolean {
    const ts = date.getTime();
    const d = this.day(this.dayOf(date));
    return d.working && ts >= d.open && ts < d.close;
  }

  /** 'YYYYMMDD' of the hotline's local day, as used in ticket numbers. */
  localDate(date: Date): string {
    return this.day(this.dayOf(date)).key.replaceAll('-', '');
  }

  /** Closing time on the n-th working day after the local day of `from` (n >= 1). */
  dueAfterWorkingDays(from: Date, n: number): Date {
    if (!Number.isInteger(n) || n < 1) throw new RangeError('n must be a positive integer');
    let day = this.dayOf(from);
    for (let found = 0; found < n;) {
      day += 1;
      if (this.day(day).working) found++;
    }
    return new Date(this.day(day).close);
  }

  /**
   * The instant after `hours` of working time have passed from `from`, counting only working
   * hours on working days. Time outside them waits for the next opening.
   */
  addWorkingHours(from: Date, hours: number): Date {
    if (!Number.isFinite(hours) || hours < 0) {
      throw new RangeError('hours must be a non-negative number');
    }
    let remaining = Math.round(hours * 3_600_000);
    let cursor = from.getTime();
    for (let day = this.dayOf(from); ; day++) {
      const d = this.day(day);
      if (d.working) {
        const start = Math.max(cursor, d.open);
        const available = d.close - start;
        if (available >= 0 && remaining <= available) return new Date(start + remaining);
        if (available > 0) remaining -= available;
      }
      cursor = Number.NEGATIVE_INFINITY;
    }
  }

  /** Working time between two instants, in milliseconds (0 when `to` is not after `from`). */
  workingMillisBetween(from: Date, to: Date): number {
    let total = 0;
    const end = to.getTime();
    let cursor = from.getTime();
    for (let day = this.dayOf(from); cursor < end; day++) {
      const d = this.day(day);
      if (d.working) {
        const open = Math.max(cursor, d.open);
        const close = Math.min(end, d.close);
        if (close > open) total += close - open;
      }
      cursor = this.day(day + 1).start;
    }
    return total;
  }

  /** How long one working day is, in milliseconds (WORK_START to WORK_END). */
  get workingDayMillis(): number {
    return (
      ((this.end.hour - this.start.hour) * 60 + (this.end.minute - this.start.minute)) * 60_000
    );
  }

  /** Working hours as people read them: '09:00–17:30'. */
  get workingHoursText(): string {
    const at = (t: TimeOfDay) => `${pad2(t.hour)}:${pad2(t.minute)}`;
    return `${at(this.start)}–${at(this.end)}`;
  }

  /** '2026年12月4日（周五）17:30' or 'Fri 4 Dec 2026, 17:30', in the hotline's zone. */
  formatDue(date: Date, lang: Lang): string {
    const t = this.local(date);
    const time = `${pad2(t.hour)}:${pad2(t.minute)}`;
    if (lang === 'zh')
      return `${t.year}年${t.month}月${t.day}日（${ZH_WEEKDAYS[t.weekday - 1]}）${time}`;
    return `${EN_WEEKDAYS[t.weekday - 1]} ${t.day} ${EN_MONTHS[t.month - 1]} ${t.year}, ${time}`;
  }

  private local(date: Date): DateTime {
    if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
    return DateTime.fromJSDate(date, { zone: this.zone });
  }

  /** The hotline's local day of an instant, counted in days since 1970-01-01 (local). */
  private dayOf(date: Date): number {
    const ts = date.getTime();
    if (Number.isNaN(ts)) throw new RangeError('invalid date');
    return Math.floor((ts + this.zone.offset(ts) * 60_000) / DAY_MS);
  }

  /**
   * What the calendar needs of one local day, worked out with luxon once and remembered: every
   * filing asks about the same few days (deadlines span a week or two), and luxon's date
   * arithmetic was most of a filing's time.
   */
  private day(day: number): LocalDay {
    let found = this.days.get(day);
    if (found === undefined) {
      const utc = new Date(day * DAY_MS);
      const date = {
        year: utc.getUTCFullYear(),
        month: utc.getUTCMonth() + 1,
        day: utc.getUTCDate(),
      };
      const midnight = DateTime.fromObject(date, { zone: this.zone }).startOf('day');
      const key = `${String(date.year).padStart(4, '0')}-${pad2(date.month)}-${pad2(date.day)}`;
      const at = (time: TimeOfDay) =>
        midnight
          .set({ hour: time.hour, minute: time.minute, second: 0, millisecond: 0 })
          .toMillis();
      found = {
        key,
        working: this.workdays.has(key) || (!this.holidays.has(key) && midnight.weekday <= 5),
        start: midnight.toMillis(),
        open: at(this.start),
        close: at(this.end),
      };
      if (this.days.size >= MAX_DAYS_REMEMBERED) this.days.clear();
      this.days.set(day, found);
    }
    return found;
  }
}

const DAY_MS = 86_400_000;
/** Local days remembered (about 27 years' worth): bounded, whatever dates callers pass. */
const MAX_DAYS_REMEMBERED = 10_000;

/** One local day: its 'YYYY-MM-DD', whether it is worked, and its start, opening and closing (UTC ms). */
interface LocalDay {
  key: string;
  working: boolean;
  start: number;
  open: number;
  close: number;
}

/**
 * The hotline's zone with its UTC offsets remembered per quarter hour. Luxon asks the zone for
 * its offset on every step of a date calculation and each answer costs an `Intl` formatting
 * (most of a ticket's filing time went there); offsets change only at transitions, which fall
 * on whole quarter hours of UTC in every zone in use, so one answer per quarter hour is exact.
 */
class OffsetCachingZone extends IANAZone {
  private static readonly BUCKET_MS = 15 * 60_000;
  private static readonly MAX_ENTRIES = 50_000;
  private readonly offsets = new Map<number, number>();

  override offset(ts: number): number {
    const bucket = Math.floor(ts / OffsetCachingZone.BUCKET_MS);
    let found = this.offsets.get(bucket);
    if (found === undefined) {
      found = super.offset(ts);
      if (this.offsets.size >= OffsetCachingZone.MAX_ENTRIES) this.offsets.clear();
      this.offsets.set(bucket, found);
    }
    return found;
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function timeOfDay(hhmm: string): TimeOfDay {
  const [hour = 0, minute = 0] = hhmm.split(':').map(Number);
  return { hour, minute };
}

function formatPath(path: string[]): string {
  return path.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
