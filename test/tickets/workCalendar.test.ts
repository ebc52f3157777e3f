import assert from 'node:assert/strict';
import { WorkCalendar, WorkCalendarConfigError } from '../../src/tickets/workCalendar';

/** An instant written as Shanghai wall-clock time, whatever TZ the test process runs in. */
const cst = (local: string) => new Date(`${local}+08:00`);

/** A National Day week in the usual shape: Thu 1 - Wed 7 Oct off, Saturday 10 Oct worked. */
const GOLDEN_WEEK = {
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-10-10'],
};

describe('WorkCalendar', () => {
  const calendar = new WorkCalendar();
  const holidays = new WorkCalendar(GOLDEN_WEEK);

  describe('isWorkingDay', () => {
    it('counts Monday to Friday as working days and the weekend as not', () => {
      assert.equal(calendar.isWorkingDay(cst('2026-11-30T12:00:00')), true);
      assert.equal(calendar.isWorkingDay(cst('2026-12-04T12:00:00')), true);
      assert.equal(calendar.isWorkingDay(cst('2026-11-28T12:00:00')), false);
      assert.equal(calendar.isWorkingDay(cst('2026-11-29T12:00:00')), false);
    });

    it('decides by the hotline day, not the UTC day', () => {
      // Friday 23:30 UTC is already Saturday morning in Qingdao.
      assert.equal(calendar.isWorkingDay(new Date('2026-11-27T23:30:00Z')), false);
      // Sunday 16:30 UTC is Monday 00:30 in Qingdao.
      assert.equal(calendar.isWorkingDay(new Date('2026-11-29T16:30:00Z')), true);
    });

    it('treats a holiday on a weekday as a day off and a make-up Saturday as a working day', () => {
      assert.equal(holidays.isWorkingDay(cst('2026-10-01T10:00:00')), false);
      assert.equal(holidays.isWorkingDay(cst('2026-10-10T10:00:00')), true);
      assert.equal(holidays.isWorkingDay(cst('2026-10-08T10:00:00')), true);
    });
  });

  describe('isWithinWorkingHours', () => {
    it('includes the opening minute and excludes the closing minute', () => {
      assert.equal(calendar.isWithinWorkingHours(cst('2026-11-30T09:00:00')), true);
      assert.equal(calendar.isWithinWorkingHours(cst('2026-11-30T17:29:59')), true);
      assert.equal(calendar.isWithinWorkingHours(cst('2026-11-30T17:30:00')), false);
      assert.equal(calendar.isWithinWorkingHours(cst('2026-11-30T08:59:59')), false);
    });

    it('is false all day on a weekend or holiday and true on a make-up day', () => {
      assert.equal(calendar.isWithinWorkingHours(cst('2026-11-28T10:00:00')), false);
      assert.equal(holidays.isWithinWorkingHours(cst('2026-10-02T10:00:00')), false);
      assert.equal(holidays.isWithinWorkingHours(cst('2026-10-10T10:00:00')), true);
    });

    it('uses the configured hours', () => {
      const mornings = new WorkCalendar({ workStart: '08:30', workEnd: '12:00' });
      assert.equal(mornings.isWithinWorkingHours(cst('2026-11-30T08:30:00')), true);
      assert.equal(mornings.isWithinWorkingHours(cst('2026-11-30T13:00:00')), false);
    });
  });

  describe('localDate', () => {
    it('gives the hotline date, which turns at Qingdao midnight', () => {
      assert.equal(calendar.localDate(new Date('2026-11-28T15:59:59Z')), '20261128');
      assert.equal(calendar.localDate(new Date('2026-11-28T16:00:00Z')), '20261129');
    });
  });

  describe('dueAfterWorkingDays', () => {
    it('gives Monday 17:30 for a request on Friday afternoon with one working day', () => {
      assert.deepEqual(
        calendar.dueAfterWorkingDays(cst('2026-11-27T15:00:00'), 1),
        cst('2026-11-30T17:30:00'),
      );
    });

    it('gives Monday 17:30 for a request on Saturday with one working day', () => {
      assert.deepEqual(
        calendar.dueAfterWorkingDays(cst('2026-11-28T11:00:00'), 1),
        cst('2026-11-30T17:30:00'),
      );
    });

    it('gives next Wednesday 17:30 for Wednesday 08:00 with five working days', () => {
      assert.deepEqual(
        calendar.dueAfterWorkingDays(cst('2026-11-25T08:00:00'), 5),
        cst('2026-12-02T17:30:00'),
      );
    });

    it('counts from the Qingdao day even when the UTC day is different', () => {
      // 20:00 UTC on Friday is 04:00 on Saturday in Qingdao.
      assert.deepEqual(
        calendar.dueAfterWorkingDays(new Date('2026-11-27T20:00:00Z'), 1),
        cst('2026-11-30T17:30:00'),
      );
    });

    it('skips holidays and counts make-up days', () => {
      const from = cst('2026-09-30T10:00:00');
      assert.deepEqual(holidays.dueAfterWorkingDays(from, 1), cst('2026-10-08T17:30:00'));
      assert.deepEqual(holidays.dueAfterWorkingDays(from, 3), cst('2026-10-10T17:30:00'));
      assert.deepEqual(holidays.dueAfterWorkingDays(from, 4), cst('2026-10-12T17:30:00'));
    });

    it('keeps the wall-clock closing time across a daylight-saving change', () => {
      const berlin = new WorkCalendar({ timeZone: 'Europe/Berlin' });
      // Summer time ends on Sunday 25 October 2026: 12:00 CEST is 10:00Z, 17:30 CET is 16:30Z.
      assert.deepEqual(
        berlin.dueAfterWorkingDays(new Date('2026-10-23T10:00:00Z'), 1),
        new Date('2026-10-26T16:30:00Z'),
      );
    });

    it('reads local time right on both sides of every change, with its offsets remembered', () => {
      const changes: [string, string][] = [
        ['Europe/Berlin', '2026-03-29T01:00:00Z'],
        ['Europe/Berlin', '2026-10-25T01:00:00Z'],
        ['America/New_York', '2026-11-01T06:00:00Z'],
        ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
      ];
      for (const [timeZone, change] of changes) {
        const zoned = new WorkCalendar({ timeZone });
        const clock = new Intl.DateTimeFormat('en-GB', {
          timeZone,
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        });
        // Every 5 minutes for 3 hours either side, one calendar: later answers use earlier ones.
        for (let m = -180; m <= 180; m += 5) {
          const at = new Date(Date.parse(change) + m * 60_000 + 17_000);
          assert.equal(
            zoned.formatDue(at, 'en').slice(-5),
            clock.format(at),
            `${timeZone} ${at.toISOString()}`,
          );
        }
      }
    });

    it('refuses zero, negative and fractional day counts', () => {
      for (const n of [0, -1, 1.5, Number.NaN]) {
        assert.throws(
          () => calendar.dueAfterWorkingDays(cst('2026-11-30T10:00:00'), n),
          RangeError,
        );
      }
    });

    it('refuses an invalid date', () => {
      assert.throws(() => calendar.dueAfterWorkingDays(new Date('not a date'), 1), RangeError);
    });
  });

  describe('addWorkingHours', () => {
    it('adds hours inside one working day', () => {
      assert.deepEqual(
        calendar.addWorkingHours(cst('2026-11-30T10:00:00'), 3.5),
        cst('2026-11-30T13:30:00'),
      );
      assert.deepEqual(
        calendar.addWorkingHours(cst('2026-11-30T10:00:00'), 0.25),
        cst('2026-11-30T10:15:00'),
      );
    });

    it('ends exactly at closing time rather than the next morning', () => {
      assert.deepEqual(
        calendar.addWorkingHours(cst('2026-11-30T16:30:00'), 1),
        cst('2026-11-30T17:30:00'),
      );
    });

    it('carries the rest over the weekend to Monday morning', () => {
      assert.deepEqual(
        calendar.addWorkingHours(cst('2026-11-27T16:30:00'), 2),
        cst('2026-11-30T10:00:00'),
      );
    });

    it('starts counting at the next opening when begun outside working hours', () => {
      assert.deepEqual(
        calendar.addWorkingHours(cst('2026-11-28T11:00:00'), 1),
        cst('2026-11-30T10:00:00'),
      );
      assert.deepEqual(
        calendar.addWorkingHours(cst('2026-11-30T07:00:00'), 1),
        cst('2026-11-30T10:00:00'),
      );
      assert.deepEqual(
        calendar.addWorkingHours(cst('2026-11-30T20:00:00'), 1),
        cst('2026-12-01T10:00:00'),
      );
    });

    it('counts 8.5 hours per working day', () => {
      const monday = cst('2026-11-30T09:00:00');
      assert.deepEqual(calendar.addWorkingHours(monday, 17), cst('2026-12-01T17:30:00'));
      assert.deepEqual(calendar.addWorkingHours(monday, 17.5), cst('2026-12-02T09:30:00'));
    });

    it('skips a holiday week and counts a make-up Saturday', () => {
      assert.deepEqual(
        holidays.addWorkingHours(cst('2026-09-30T17:00:00'), 1),
        cst('2026-10-08T09:30:00'),
      );
      assert.deepEqual(
        holidays.addWorkingHours(cst('2026-10-09T17:00:00'), 1),
        cst('2026-10-10T09:30:00'),
      );
    });

    it('returns the same instant for zero hours inside working time', () => {
      const t = cst('2026-11-30T11:11:11');
      assert.deepEqual(calendar.addWorkingHours(t, 0), t);
    });

    it('refuses negative or non-finite hours', () => {
      for (const h of [-1, Number.POSITIVE_INFINITY, Number.NaN]) {
        assert.throws(() => calendar.addWorkingHours(cst('2026-11-30T10:00:00'), h), RangeError);
      }
    });
  });

  describe('formatDue', () => {
    const due = new Date('2026-12-04T09:30:00Z');

    it('formats a due time in Chinese with the weekday', () => {
      assert.equal(calendar.formatDue(due, 'zh'), '2026年12月4日（周五）17:30');
    });

    it('formats a due time in English', () => {
      assert.equal(calendar.formatDue(due, 'en'), 'Fri 4 Dec 2026, 17:30');
    });

    it('shows the hotline time even for an instant on another UTC day', () => {
      const early = new Date('2026-09-06T17:05:00Z');
      assert.equal(calendar.formatDue(early, 'zh'), '2026年9月7日（周一）01:05');
      assert.equal(calendar.formatDue(early, 'en'), 'Mon 7 Sep 2026, 01:05');
    });
  });

  describe('configuration', () => {
    const fieldOf = (options: ConstructorParameters<typeof WorkCalendar>[0]) => {
      try {
        new WorkCalendar(options);
      } catch (error) {
        assert.ok(
          error instanceof WorkCalendarConfigError,
          'error instanceof WorkCalendarConfigError',
        );
        assert.equal(error.code, 'WORK_CALENDAR_CONFIG');
        assert.ok(error.message.startsWith(error.field), error.message);
        return error.field;
      }
      return null;
    };

    it('defaults to Asia/Shanghai', () => {
      assert.equal(calendar.timeZone, 'Asia/Shanghai');
    });

    it('names timeZone when the zone is unknown', () => {
      assert.equal(fieldOf({ timeZone: 'Asia/Qingdao' }), 'timeZone');
      assert.equal(fieldOf({ timeZone: '' }), 'timeZone');
    });

    it('names workStart or workEnd when a time is not HH:mm', () => {
      assert.equal(fieldOf({ workStart: '9:00' }), 'workStart');
      assert.equal(fieldOf({ workEnd: '24:00' }), 'workEnd');
      assert.equal(fieldOf({ workEnd: '17.30' }), 'workEnd');
    });

    it('names workEnd when the day ends before it starts', () => {
      assert.equal(fieldOf({ workStart: '18:00', workEnd: '09:00' }), 'workEnd');
    });

    it('names holidays or workdays for a malformed or impossible date', () => {
      assert.equal(fieldOf({ holidays: ['2026-10-01', '2026/10/02'] }), 'holidays');
      assert.equal(fieldOf({ holidays: ['2026-02-30'] }), 'holidays');
      assert.equal(fieldOf({ workdays: ['20261010'] }), 'workdays');
    });

    it('names workdays when a day is both a holiday and a make-up day', () => {
      assert.equal(fieldOf({ holidays: ['2026-10-10'], workdays: ['2026-10-10'] }), 'workdays');
    });

    it('says which entry of a list is wrong', () => {
      assert.throws(() => new WorkCalendar({ holidays: ['2026-10-01', 'x'] }), /^.*holidays\[1\]/);
    });

    it('accepts other zones and hours', () => {
      assert.equal(fieldOf({ timeZone: 'UTC', workStart: '08:00', workEnd: '20:00' }), null);
    });
  });
});
