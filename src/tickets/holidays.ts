/**
 * Public holidays and make-up working days (调休) as the State Council publishes them each
 * year, kept in config/holidays.yaml: without them the Spring Festival counts as working days.
 */
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { parseCatalogue } from '../routing/catalogue';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => DateTime.fromISO(s, { zone: 'UTC' }).isValid, 'not a calendar date');

const YearSchema = z
  .strictObject({
    year: z.number().int().min(2000).max(2100),
    /** A projection, not yet published: start-up warns until the office replaces it. */
    provisional: z.boolean().default(false),
    source: z.string().optional(),
    /** Weekdays off. */
    holidays: z.array(isoDate).default([]),
    /** Weekend days worked (调休). */
    workdays: z.array(isoDate).default([]),
  })
  .superRefine((y, ctx) => {
    for (const [field, days] of [
      ['holidays', y.holidays],
      ['workdays', y.workdays],
    ] as const) {
      days.forEach((day, i) => {
        if (!day.startsWith(`${y.year}-`)) {
          ctx.addIssue({ code: 'custom', path: [field, i], message: `${day} is not in ${y.year}` });
        }
      });
    }
    const both = y.workdays.find((d) => y.holidays.includes(d));
    if (both !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['workdays'], message: `${both} is also a holiday` });
    }
  });

const HolidayFileSchema = z.strictObject({
  years: z.array(YearSchema).superRefine((years, ctx) => {
    const seen = new Set<number>();
    years.forEach((y, i) => {
      if (seen.has(y.year)) {
        ctx.addIssue({ code: 'custom', path: [i, 'year'], message: `${y.year} appears twice` });
      }
      seen.add(y.year);
    });
  }),
});

export interface HolidayList {
  holidays: string[];
  workdays: string[];
  /** Years shipped as a projection: the office should replace them with the published list. */
  provisionalYears: number[];
  /** Every year the file covers. */
  years: number[];
}

export function parseHolidays(source: string, origin: string): HolidayList {
  const { years } = parseCatalogue(HolidayFileSchema, source, origin);
  return {
    holidays: years.flatMap((y) => y.holidays),
    workdays: years.flatMap((y) => y.workdays),
    provisionalYears: years.filter((y) => y.provisional).map((y) => y.year),
    years: years.map((y) => y.year),
  };
}

/** How far ahead deadlines reach: 15 working days and a 10-day extension, with room to spare. */
const LOOKAHEAD_DAYS = 60;

/**
 * Years deadlines set now may fall in (this one, and the next within 60 days of New Year) that
 * the file does not cover: their public holidays would count as working days.
 */
export function missingYears(list: HolidayList, now: Date, timeZone: string): number[] {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const years = new Set([local.year, local.plus({ days: LOOKAHEAD_DAYS }).year]);
  return [...years].filter((y) => !list.years.includes(y));
}

export function loadHolidays(path: string): HolidayList {
  return parseHolidays(readFileSync(path, 'utf8'), path);
}

/**
 * The file's days together with HOLIDAYS / MAKEUP_WORKDAYS from the environment, which win for
 * a day they name (a local holiday, or a correction before the file is edited).
 */
export function mergeHolidays(
  file: HolidayList,
  env: { holidays: readonly string[]; workdays: readonly string[] },
): { holidays: string[]; workdays: string[] } {
  const holidays = new Set([...file.holidays, ...env.holidays]);
  const workdays = new Set([...file.workdays, ...env.workdays]);
  for (const day of env.holidays) workdays.delete(day);
  for (const day of env.workdays) holidays.delete(day);
  return { holidays: [...holidays].sort(), workdays: [...workdays].sort() };
}
