import { strict as assert } from 'node:assert';
import { bucketOf } from '../../../src/core/rateLimit';
import { MemoryRateLimit } from '../../../src/store/memory/rateLimit';
import { rateLimitContract } from '../rateLimit.contract';

rateLimitContract('memory', async () => {
  let now = Date.parse('2026-12-06T02:00:00.000Z');
  const clock = { now: () => new Date(now) };
  return {
    limit: (_name, policy) => new MemoryRateLimit(policy, clock),
    shared: false,
    elapse: (ms) => {
      now += ms;
    },
    close: async () => undefined,
  };
});

describe('MemoryRateLimit', () => {
  it('forgets keys whose bucket is full again, so idle addresses do not pile up', async () => {
    let now = Date.parse('2026-12-06T02:00:00.000Z');
    const limit = new MemoryRateLimit({ perSecond: 1, burst: 1 }, { now: () => new Date(now) });
    for (let i = 0; i < 3000; i++) await limit.take(`old-${i}`);
    now += 2000;
    for (let i = 0; i < 3000; i++) await limit.take(`new-${i}`);
    assert.ok(limit.size <= 3000, `${limit.size} keys kept`);
  });
});

describe('bucketOf', () => {
  it('holds the burst plus a second of the pace (at least one), in whole milliseconds', () => {
    // The shipped defaults: messages 10 + 1/s, tokens 20 + 1/s, Open311 30 + 2/s, logins.
    assert.deepEqual(bucketOf({ perSecond: 1, burst: 10 }), {
      intervalMs: 1000,
      toleranceMs: 10_000,
    });
    assert.deepEqual(bucketOf({ perSecond: 2, burst: 30 }), {
      intervalMs: 500,
      toleranceMs: 15_500,
    });
    assert.deepEqual(bucketOf({ perSecond: 1 / 30, burst: 20 }), {
      intervalMs: 30_000,
      toleranceMs: 600_000,
    });
    assert.deepEqual(bucketOf({ perSecond: 1000, burst: 1 }), { intervalMs: 1, toleranceMs: 1000 });
    assert.throws(() => bucketOf({ perSecond: 0, burst: 1 }), RangeError);
  });
});
