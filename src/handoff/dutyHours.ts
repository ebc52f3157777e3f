import { DateTime } from 'luxon';
import type { DutyHours } from './service';

/**
 * Duty hours `HH:mm-HH:mm` in the hotline's zone, whatever zone the server runs in. Times are
 * worked out on the zone's own calendar: a night across a daylight-saving change is an hour
 * shorter or longer than 24 hours less the duty day, and a count of minutes must not say so.
 */
export function dutyHours(spec: string, timeZone: string): DutyHours {
  const [start = '00:00', end = '24:00'] = spec.split('-');
  const startMinute = minutes(start);
  const endMinute = minutes(end);
  return {
    startMinute,
    endMinute,
    minuteOfDay: (at) => {
      const t = DateTime.fromJSDate(at, { zone: timeZone });
      return t.hour * 60 + t.minute;
    },
    addDutyMinutes: (from, count) => {
      let left = count * 60_000;
      let cursor = from.getTime();
      let day = DateTime.fromJSDate(from, { zone: timeZone }).startOf('day');
      for (;;) {
        const open = Math.max(cursor, wallClock(day, startMinute));
        const available = wallClock(day, endMinute) - open;
        if (available >= 0 && left <= available) return new Date(open + left);
        if (available > 0) left -= available;
        day = day.plus({ days: 1 });
        cursor = day.toMillis();
      }
    },
  };
}

/** The instant of a minute of the local day (1440: the next midnight), past any DST gap. */
function wallClock(day: DateTime, minute: number): number {
  if (minute >= 1440) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toMillis();
}

function minutes(hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
}
