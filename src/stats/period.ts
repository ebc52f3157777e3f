import { DateTime } from 'luxon';
import { InvalidInputError } from '../core/errors';
import type { StatsPeriod } from './figures';

/** The longest period one request may read: a quarter, so one call stays a bounded scan. */
export const MAX_PERIOD_DAYS = 92;

/**
 * A period from what a person writes: `YYYY-MM-DD` is that local day's midnight in the hotline's
 * zone (`to` is exclusive: `--to 2026-12-07` ends as 12-06 ends), a full ISO date-time is taken
 * as written, in the hotline's zone when it names no offset. Either end may be missing: `to` defaults to now, `from` to seven days before `to`.
 */
export function parsePeriod(
  input: { from?: string | undefined; to?: string | undefined },
  now: Date,
  timeZone: string,
): StatsPeriod {
  const to = input.to === undefined ? now : instant(input.to, 'to', timeZone);
  const from =
    input.from === undefined
      ? DateTime.fromJSDate(to, { zone: timeZone }).minus({ days: 7 }).toJSDate()
      : instant(input.from, 'from', timeZone);
  if (from.getTime() >= to.getTime()) {
    throw new InvalidInputError('开始时间须早于结束时间 / from must be before to');
  }
  // Days on the zone's calendar: a quarter across the autumn clock change is an hour longer.
  const latest = DateTime.fromJSDate(from, { zone: timeZone }).plus({ days: MAX_PERIOD_DAYS });
  if (to.getTime() > latest.toMillis()) {
    throw new InvalidInputError(
      `统计期间最长 ${MAX_PERIOD_DAYS} 天 / a period is at most ${MAX_PERIOD_DAYS} days`,
    );
  }
  return { from, to };
}

/** The last full week (Monday 00:00 to Monday 00:00 in the hotline's zone) before `now`. */
export function lastWeek(now: Date, timeZone: string): StatsPeriod {
  const monday = DateTime.fromJSDate(now, { zone: timeZone }).startOf('week');
  return { from: monday.minus({ weeks: 1 }).toJSDate(), to: monday.toJSDate() };
}

function instant(value: string, field: string, timeZone: string): Date {
  // A day, or a time without an offset, is the hotline's wall-clock time, not the server's.
  const t = DateTime.fromISO(value, { zone: timeZone, setZone: true });
  if (!t.isValid || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new InvalidInputError(
      `${field}：须为 YYYY-MM-DD 或 ISO 日期时间 / ${field}: expected YYYY-MM-DD or an ISO date-time`,
    );
  }
  return t.toJSDate();
}
