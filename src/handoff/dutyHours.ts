import { DateTime } from 'luxon';
import type { DutyHours } from './service';

/** Duty hours `HH:mm-HH:mm` in the hotline's zone, whatever zone the server runs in. */
export function dutyHours(spec: string, timeZone: string): DutyHours {
  const [start = '00:00', end = '24:00'] = spec.split('-');
  return {
    startMinute: minutes(start),
    endMinute: minutes(end),
    minuteOfDay: (at) => {
      const t = DateTime.fromJSDate(at, { zone: timeZone });
      return t.hour * 60 + t.minute;
    },
  };
}

function minutes(hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
}
