import { strict as assert } from 'node:assert';
import { dutyHours } from '../../src/handoff/dutyHours';

/** Call-back windows counted in duty time, on the hotline zone's own calendar. */
describe('Duty hours', () => {
  const after = (zone: string, spec: string, from: string, minutes: number) =>
    dutyHours(spec, zone).addDutyMinutes(new Date(from), minutes).toISOString();

  it('goes on from the next opening when the window runs past closing', () => {
    // 21:30 Shanghai (13:30Z): half an hour tonight, 90 minutes from 08:00 = 09:30 (01:30Z).
    assert.equal(
      after('Asia/Shanghai', '08:00-22:00', '2026-12-07T13:30:00Z', 120),
      '2026-12-08T01:30:00.000Z',
    );
  });

  it('opens at 08:00 local on the morning the clocks go forward (Berlin, 29 March 2026)', () => {
    // Saturday 21:30 CET (20:30Z), 60 minutes: 30 tonight, 30 from 08:00 CEST = 08:30 (06:30Z).
    assert.equal(
      after('Europe/Berlin', '08:00-22:00', '2026-03-28T20:30:00Z', 60),
      '2026-03-29T06:30:00.000Z',
    );
  });

  it('opens at 08:00 local on the morning the clocks go back (Berlin, 25 October 2026)', () => {
    // Saturday 21:30 CEST (19:30Z): 30 tonight, 30 from 08:00 CET = 08:30 (07:30Z), not 07:30.
    assert.equal(
      after('Europe/Berlin', '08:00-22:00', '2026-10-24T19:30:00Z', 60),
      '2026-10-25T07:30:00.000Z',
    );
  });

  it('counts a New York night across the change in both directions', () => {
    // Saturday 21:30 EST (02:30Z) before 8 March 2026: Sunday 08:30 EDT (12:30Z).
    assert.equal(
      after('America/New_York', '08:00-22:00', '2026-03-08T02:30:00Z', 60),
      '2026-03-08T12:30:00.000Z',
    );
    // Saturday 21:30 EDT (01:30Z) before 1 November 2026: Sunday 08:30 EST (13:30Z).
    assert.equal(
      after('America/New_York', '08:00-22:00', '2026-11-01T01:30:00Z', 60),
      '2026-11-01T13:30:00.000Z',
    );
  });

  it('counts real minutes round the clock, through the hour that is skipped or repeated', () => {
    // 01:30 EST (06:30Z) on 8 March plus two hours is 08:30Z, shown as 04:30 EDT.
    assert.equal(
      after('America/New_York', '00:00-24:00', '2026-03-08T06:30:00Z', 120),
      '2026-03-08T08:30:00.000Z',
    );
    // A 23-hour Berlin day: 23:30 CET Saturday (22:30Z) plus 25 hours is Monday 01:30 CEST.
    assert.equal(
      after('Europe/Berlin', '00:00-24:00', '2026-03-28T22:30:00Z', 25 * 60),
      '2026-03-29T23:30:00.000Z',
    );
  });

  it('says the local minute of the day in the zone', () => {
    assert.equal(
      dutyHours('08:00-22:00', 'Europe/Berlin').minuteOfDay(new Date('2026-03-29T06:30:00Z')),
      510,
    );
  });
});
