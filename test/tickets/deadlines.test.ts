import assert from 'node:assert/strict';
import { join } from 'node:path';
import { projectRoot } from '../../src/core/paths';
import {
  checkTimeLimits,
  extendDeadlines,
  meetSteps,
  openDeadline,
  planDeadlines,
  stepsMetBy,
  type Deadline,
} from '../../src/tickets/deadlines';
import { loadHolidays, mergeHolidays, missingYears } from '../../src/tickets/holidays';
import { WorkCalendar } from '../../src/tickets/workCalendar';
import { SlaTable } from '../../src/tickets/sla';

/** An instant written as Shanghai wall-clock time, whatever TZ the test process runs in. */
const cst = (local: string) => new Date(`${local}+08:00`);
const iso = (local: string) => cst(local).toISOString();
const ZONE = 'Asia/Shanghai';

const shipped = loadHolidays(join(projectRoot(), 'config', 'holidays.yaml'));
const calendar = new WorkCalendar({
  holidays: shipped.holidays,
  workdays: shipped.workdays,
});
const sla = SlaTable.load(join(projectRoot(), 'config', 'sla.yaml'));

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof Error && 'code' in err) return String(err.code);
    throw err;
  }
  return 'ALLOWED';
}

const citizenComplaint = {
  requesterType: 'citizen',
  category: 'complaint',
  urgent: false,
} as const;

describe('deadlines per step', () => {
  describe('across the 2026 Spring Festival (15-23 Feb off, Saturdays 14 and 28 Feb worked)', () => {
    it('makes a reply dispatched the Friday before the break due after it, counting the make-up Saturday', () => {
      const [reply] = planDeadlines(
        sla.limitsFor(citizenComplaint),
        cst('2026-02-13T10:00:00'),
        'housing',
        calendar,
        ['reply'],
      );
      // Sat 14 (worked), then Tue 24 to Fri 27: five working days.
      assert.equal(reply?.dueAt, iso('2026-02-27T17:30:00'));
      // One working day before: closing time on Thursday.
      assert.equal(reply?.warnAt, iso('2026-02-26T17:30:00'));
    });

    it('would count the festival as working days without the holiday list', () => {
      const [reply] = planDeadlines(
        sla.limitsFor(citizenComplaint),
        cst('2026-02-13T10:00:00'),
        'housing',
        new WorkCalendar(),
        ['reply'],
      );
      assert.equal(reply?.dueAt, iso('2026-02-20T17:30:00'));
    });

    it('makes an acceptance asked on the make-up Saturday afternoon due the first morning after the break', () => {
      const [accept] = planDeadlines(
        sla.limitsFor(citizenComplaint),
        cst('2026-02-14T16:30:00'),
        'housing',
        calendar,
        ['accept'],
      );
      assert.equal(accept?.dueAt, iso('2026-02-24T10:00:00'));
    });
  });

  describe('warnings', () => {
    it('warns at 80% of a step shorter than 1.25 working days', () => {
      const accept = openDeadline(
        'accept',
        [{ workingHours: 2 }],
        cst('2026-12-01T10:00:00'),
        'housing',
        calendar,
      );
      assert.equal(accept.dueAt, iso('2026-12-01T12:00:00'));
      assert.equal(accept.warnAt, iso('2026-12-01T11:36:00'));
    });

    it('counts clock hours round the clock for urgent limits, warning at 80%', () => {
      const reply = openDeadline(
        'reply',
        [{ hours: 24 }],
        cst('2026-11-28T10:00:00'),
        'water',
        calendar,
      );
      assert.equal(reply.dueAt, iso('2026-11-29T10:00:00'));
      assert.equal(reply.warnAt, iso('2026-11-29T05:12:00'));
    });

    describe('with the server clock in New York (TZ=America/New_York)', () => {
      const tz = process.env.TZ;
      before(() => {
        process.env.TZ = 'America/New_York';
        // Node reads TZ again when it changes: the server's own zone is now New York's.
        assert.equal(new Date('2026-12-07T02:00:00Z').getHours(), 21);
      });
      after(() => {
        if (tz === undefined) delete process.env.TZ;
        else process.env.TZ = tz;
      });

      it('warns a one-working-day consultation when a fifth of its working time is left, not at closing on the day it was filed', () => {
        const [reply] = planDeadlines(
          sla.limitsFor({ ...citizenComplaint, category: 'consult' }),
          cst('2026-12-07T10:00:00'),
          'housing',
          calendar,
          ['reply'],
        );
        // Monday 10:00 to Tuesday 17:30 is 16 working hours; 80% of them is Tuesday 14:18.
        assert.equal(reply?.dueAt, iso('2026-12-08T17:30:00'));
        assert.equal(reply?.warnAt, iso('2026-12-08T14:18:00'));
      });

      it('warns an enterprise’s first feedback (1 working day) the same way, across a weekend', () => {
        const [feedback] = planDeadlines(
          sla.limitsFor({ ...citizenComplaint, requesterType: 'enterprise' }),
          cst('2026-12-04T09:30:00'),
          'housing',
          calendar,
          ['feedback'],
        );
        // Friday 09:30 to Monday 17:30: 16.5 working hours, warned with 3.3 of them left.
        assert.equal(feedback?.dueAt, iso('2026-12-07T17:30:00'));
        assert.equal(feedback?.warnAt, iso('2026-12-07T14:12:00'));
      });

      it('still warns a five-working-day answer one working day before it is due', () => {
        const [reply] = planDeadlines(
          sla.limitsFor(citizenComplaint),
          cst('2026-12-07T10:00:00'),
          'housing',
          calendar,
          ['reply'],
        );
        assert.equal(reply?.dueAt, iso('2026-12-14T17:30:00'));
        assert.equal(reply?.warnAt, iso('2026-12-11T17:30:00'));
      });
    });

    it('takes the earliest of several candidate limits', () => {
      const feedback = openDeadline(
        'feedback',
        [{ workingDays: 1 }, { hours: 2 }],
        cst('2026-12-01T10:00:00'),
        'water',
        calendar,
      );
      assert.equal(feedback.dueAt, iso('2026-12-01T12:00:00'));
    });
  });

  describe('the table in config/sla.yaml', () => {
    const steps = (subject: Parameters<SlaTable['limitsFor']>[0]) => [
      ...sla.limitsFor(subject).keys(),
    ];

    it('gives a citizen accept, the transfer window and a reply in 5 working days', () => {
      assert.deepEqual(steps(citizenComplaint), ['accept', 'transfer_request', 'reply']);
      assert.deepEqual(sla.limitsFor(citizenComplaint).get('reply'), [{ workingDays: 5 }]);
    });

    it('answers a consultation in 1 working day', () => {
      const limits = sla.limitsFor({ ...citizenComplaint, category: 'consult' });
      assert.deepEqual(limits.get('reply'), [{ workingDays: 1 }]);
    });

    it('holds an enterprise to the 2115 rule: contact 2h, feedback 1 day, settled in 15 days', () => {
      const limits = sla.limitsFor({ ...citizenComplaint, requesterType: 'enterprise' });
      assert.deepEqual(limits.get('contact'), [{ workingHours: 2 }]);
      assert.deepEqual(limits.get('feedback'), [{ workingDays: 1 }]);
      assert.deepEqual(limits.get('settle'), [{ workingDays: 15 }]);
    });

    it('gives an urgent matter feedback in 2 hours and an answer in 24, clock hours', () => {
      const limits = sla.limitsFor({ ...citizenComplaint, urgent: true });
      assert.deepEqual(limits.get('feedback'), [{ hours: 2 }]);
      assert.deepEqual(limits.get('reply'), [{ hours: 24 }]);
    });

    it('finds outages and safety matters urgent by their words, and routine ones not', () => {
      const subject = (text: string) => ({
        text,
        department: 'housing',
        category: 'complaint' as const,
      });
      assert.equal(sla.isUrgent(subject('整个小区停水两天了')), true);
      assert.equal(sla.isUrgent(subject('楼道里闻到燃气味，怀疑燃气泄漏')), true);
      assert.equal(sla.isUrgent(subject('Our building has had no heating since Monday')), true);
      assert.equal(sla.isUrgent(subject('物业乱收停车费')), false);
    });

    it('refuses a file with a bad row, naming the file', () => {
      const bad = 'limits:\n  - { step: reply, within: { workingDays: 0 } }\n';
      assert.throws(() => SlaTable.parse(bad, 'config/sla.yaml'), /config\/sla\.yaml/);
      const noAccept = 'limits:\n  - { step: reply, within: { workingDays: 5 } }\n';
      assert.throws(() => SlaTable.parse(noAccept, 'sla.yaml'), /"accept" without conditions/);
    });

    it('lets the deprecated reply-day variables replace the reply rows only', () => {
      const table = sla.withReplyDays(7, 2);
      assert.deepEqual(table.limitsFor(citizenComplaint).get('reply'), [{ workingDays: 7 }]);
      assert.deepEqual(table.limitsFor({ ...citizenComplaint, category: 'consult' }).get('reply'), [
        { workingDays: 2 },
      ]);
      assert.deepEqual(table.limitsFor({ ...citizenComplaint, urgent: true }).get('reply'), [
        { hours: 24 },
      ]);
    });
  });

  describe('the holiday file', () => {
    it('ships 2026 as published and 2027 marked provisional', () => {
      assert.deepEqual(shipped.provisionalYears, [2027]);
      assert.ok(shipped.holidays.includes('2026-02-16'), "shipped.holidays.includes('2026-02-16')");
      assert.ok(shipped.workdays.includes('2026-02-28'), "shipped.workdays.includes('2026-02-28')");
      assert.ok(
        shipped.holidays.some((d) => d.startsWith('2027-02')),
        "shipped.holidays.some((d) => d.startsWith('2027-02'))",
      );
    });

    it('names a year deadlines may reach that the file does not cover', () => {
      const at = (iso: string) => new Date(iso);
      assert.deepEqual(missingYears(shipped, at('2026-12-07T02:00:00Z'), 'Asia/Shanghai'), []);
      assert.deepEqual(missingYears(shipped, at('2027-06-01T02:00:00Z'), 'Asia/Shanghai'), []);
      // Mid-November 2027: a 15-working-day limit plus an extension runs into 2028.
      assert.deepEqual(missingYears(shipped, at('2027-11-15T02:00:00Z'), 'Asia/Shanghai'), [2028]);
      assert.deepEqual(missingYears(shipped, at('2028-03-01T02:00:00Z'), 'Asia/Shanghai'), [2028]);
    });

    it('lets HOLIDAYS and MAKEUP_WORKDAYS from the environment win for the days they name', () => {
      const merged = mergeHolidays(shipped, { holidays: ['2026-02-28'], workdays: ['2026-02-23'] });
      assert.ok(merged.holidays.includes('2026-02-28'), "merged.holidays.includes('2026-02-28')");
      assert.ok(!merged.workdays.includes('2026-02-28'), "!merged.workdays.includes('2026-02-28')");
      assert.ok(merged.workdays.includes('2026-02-23'), "merged.workdays.includes('2026-02-23')");
      assert.ok(!merged.holidays.includes('2026-02-23'), "!merged.holidays.includes('2026-02-23')");
    });
  });

  describe('meeting, extending and refusing late requests', () => {
    const start = cst('2026-12-01T10:00:00');
    const plan = (): Deadline[] =>
      planDeadlines(sla.limitsFor(citizenComplaint), start, 'housing', calendar);

    it('marks accept and the transfer window met on acceptance, keeping the first time', () => {
      const at = cst('2026-12-01T11:00:00');
      const met = meetSteps(plan(), stepsMetBy({ type: 'accept', data: {} }), at);
      const again = meetSteps(met, ['accept'], cst('2026-12-02T11:00:00'));
      assert.deepEqual(
        again.map((d) => [d.step, d.metAt]),
        [
          ['accept', at.toISOString()],
          ['transfer_request', at.toISOString()],
          ['reply', null],
        ],
      );
    });

    it('moves only the open answer by whole working days on an extension', () => {
      const extended = extendDeadlines(plan(), 3, calendar);
      const reply = extended.find((d) => d.step === 'reply');
      // Due Tue 8 Dec; three working days later is Fri 11 Dec.
      assert.equal(reply?.dueAt, iso('2026-12-11T17:30:00'));
      assert.equal(reply?.warnAt, iso('2026-12-10T17:30:00'));
      assert.equal(reply?.extendedDays, 3);
      assert.deepEqual(
        extended.find((d) => d.step === 'accept'),
        plan()[0],
      );
    });

    it('refuses a transfer asked after its window and allows one within it', () => {
      const deadlines = plan();
      const command = { type: 'request_transfer' };
      assert.equal(
        codeOf(() => checkTimeLimits(command, deadlines, cst('2026-12-02T17:00:00'), ZONE)),
        'ALLOWED',
      );
      assert.equal(
        codeOf(() => checkTimeLimits(command, deadlines, cst('2026-12-02T17:31:00'), ZONE)),
        'DEADLINE_PASSED',
      );
      // Told in the hotline's time, whatever the server's zone: 17:30, not 09:30Z.
      assert.throws(
        () => checkTimeLimits(command, deadlines, cst('2026-12-02T17:31:00'), ZONE),
        /^HotlineError: 退单申请须在 2026-12-02 17:30 前提出.* \/ a transfer request was due by 2026-12-02 17:30 \(Asia\/Shanghai\)/,
      );
    });

    it('refuses an extension after the answer was due, or beyond 10 working days in all', () => {
      const ask = (workingDays: number) => ({ type: 'request_extension', workingDays });
      const extended = extendDeadlines(plan(), 6, calendar);
      assert.equal(
        codeOf(() => checkTimeLimits(ask(4), extended, start, ZONE)),
        'ALLOWED',
      );
      assert.equal(
        codeOf(() => checkTimeLimits(ask(5), extended, start, ZONE)),
        'EXTENSION_LIMIT',
      );
      assert.equal(
        codeOf(() => checkTimeLimits(ask(1), plan(), cst('2026-12-08T17:31:00'), ZONE)),
        'DEADLINE_PASSED',
      );
    });
  });
});
