import assert from 'node:assert/strict';
import { lastWeek, parsePeriod } from '../../src/stats/period';

const NOW = new Date('2026-12-07T21:00:00Z');

describe('The period of the figures, with the server clock in New York (TZ=America/New_York)', () => {
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

  const from = (value: string) =>
    parsePeriod({ from: value }, NOW, 'Asia/Shanghai').from.toISOString();

  it('reads a day as midnight in the hotline’s zone', () => {
    assert.equal(from('2026-12-01'), '2026-11-30T16:00:00.000Z');
  });

  it('reads a time without an offset in the hotline’s zone, not the server’s', () => {
    assert.equal(from('2026-12-01T00:00'), '2026-11-30T16:00:00.000Z');
    assert.equal(from('2026-12-01T09:30:00'), '2026-12-01T01:30:00.000Z');
  });

  it('takes a time with an offset as written', () => {
    assert.equal(from('2026-12-01T00:00:00Z'), '2026-12-01T00:00:00.000Z');
    assert.equal(from('2026-12-01T00:00-05:00'), '2026-12-01T05:00:00.000Z');
  });

  it('still refuses what is not a date', () => {
    assert.throws(() => from('yesterday'), /expected YYYY-MM-DD/);
    assert.throws(() => from('2026-13-01'), /expected YYYY-MM-DD/);
  });

  it('takes a whole quarter across the autumn clock change, and refuses a day more', () => {
    // 1 October to 1 January in Berlin is 92 days and one hour (25 October gives it back).
    const q4 = parsePeriod({ from: '2026-10-01', to: '2027-01-01' }, NOW, 'Europe/Berlin');
    assert.equal(q4.from.toISOString(), '2026-09-30T22:00:00.000Z');
    assert.equal(q4.to.toISOString(), '2026-12-31T23:00:00.000Z');
    assert.throws(
      () => parsePeriod({ from: '2026-10-01', to: '2027-01-02' }, NOW, 'Europe/Berlin'),
      /统计期间最长 92 天 \/ a period is at most 92 days/,
    );
  });

  it('takes last week as Monday to Monday in the hotline’s zone', () => {
    const week = lastWeek(NOW, 'Asia/Shanghai');
    assert.equal(week.from.toISOString(), '2026-11-29T16:00:00.000Z');
    assert.equal(week.to.toISOString(), '2026-12-06T16:00:00.000Z');
  });
});
