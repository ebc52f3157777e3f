import { strict as assert } from 'node:assert';
import type { RateDecision, RateLimit, RatePolicy } from '../../src/core/rateLimit';

export interface RateLimitHarness {
  /** A limit named `name` (limits of one harness share their store, as an app's do). */
  limit(name: string, policy: RatePolicy): RateLimit;
  /** Whether two limits of one name share a budget (Redis: as two instances do; memory: no). */
  shared: boolean;
  /** Lets `ms` pass on the fake clock every limit of the harness reads. */
  elapse(ms: number): void;
  close(): Promise<void>;
}

/** `n` takes of `key`, one after another. */
async function takes(limit: RateLimit, key: string, n: number): Promise<RateDecision[]> {
  const out: RateDecision[] = [];
  for (let i = 0; i < n; i++) out.push(await limit.take(key));
  return out;
}

const allowed = (ds: RateDecision[]) => ds.filter((d) => d.allowed).length;
const refused = (retryAfterMs: number): RateDecision => ({ allowed: false, retryAfterMs });
const ALLOWED: RateDecision = { allowed: true };

/** What every RateLimit store must do, run against memory and against real Redis. */
export function rateLimitContract(name: string, open: () => Promise<RateLimitHarness>): void {
  describe(`${name} RateLimit contract`, () => {
    let h: RateLimitHarness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => {
      await h.close();
    });

    it('allows the burst plus one of the pace at once, then refuses until one has refilled', async () => {
      const limit = h.limit('login', { perSecond: 1, burst: 3 });
      assert.deepEqual(await takes(limit, 'k', 4), [ALLOWED, ALLOWED, ALLOWED, ALLOWED]);
      assert.deepEqual(await limit.take('k'), refused(1000));
    });

    it('refills at perSecond, never past its capacity', async () => {
      const limit = h.limit('message', { perSecond: 1, burst: 3 });
      await takes(limit, 'k', 4);
      h.elapse(1000);
      assert.deepEqual(await takes(limit, 'k', 2), [ALLOWED, refused(1000)]);
      h.elapse(2500);
      assert.deepEqual(await takes(limit, 'k', 3), [ALLOWED, ALLOWED, refused(500)]);
      // Idle far longer than it takes to refill: the bucket holds its capacity, no more.
      h.elapse(3_600_000);
      assert.equal(allowed(await takes(limit, 'k', 10)), 4);
    });

    it('counts faster paces per second: a second of the pace plus the burst at once', async () => {
      const limit = h.limit('open311', { perSecond: 10, burst: 5 });
      const first = await takes(limit, 'k', 16);
      assert.equal(allowed(first), 15);
      assert.deepEqual(first[15], refused(100));
      h.elapse(250);
      assert.deepEqual(await takes(limit, 'k', 3), [ALLOWED, ALLOWED, refused(50)]);
    });

    it('counts fractional paces: one a minute after the burst, to the millisecond', async () => {
      const limit = h.limit('staff-login-username', { perSecond: 1 / 60, burst: 2 });
      assert.equal(allowed(await takes(limit, 'zhang', 3)), 3);
      assert.deepEqual(await limit.take('zhang'), refused(60_000));
      h.elapse(59_999);
      assert.deepEqual(await limit.take('zhang'), refused(1));
      h.elapse(1);
      assert.deepEqual(await takes(limit, 'zhang', 2), [ALLOWED, refused(60_000)]);
    });

    it('rounds a pace that is no whole number of milliseconds (1/7 a second: one every 7 s)', async () => {
      const limit = h.limit('odd', { perSecond: 1 / 7, burst: 1 });
      assert.deepEqual(await takes(limit, 'k', 3), [ALLOWED, ALLOWED, refused(7000)]);
    });

    it('spends nothing on a refused take: the wait only shrinks as time passes', async () => {
      const limit = h.limit('token', { perSecond: 1, burst: 0 });
      assert.deepEqual(await limit.take('k'), ALLOWED);
      assert.deepEqual(await takes(limit, 'k', 3), [refused(1000), refused(1000), refused(1000)]);
      h.elapse(400);
      assert.deepEqual(await takes(limit, 'k', 2), [refused(600), refused(600)]);
      h.elapse(600);
      assert.deepEqual(await limit.take('k'), ALLOWED);
    });

    it('keeps keys, and limits of different names, apart', async () => {
      const policy = { perSecond: 1, burst: 1 };
      const message = h.limit('message', policy);
      const token = h.limit('token', policy);
      assert.equal(allowed(await takes(message, 'a', 5)), 2);
      assert.deepEqual(await takes(message, 'b', 2), [ALLOWED, ALLOWED]);
      assert.deepEqual(await takes(token, 'a', 2), [ALLOWED, ALLOWED]);
      assert.deepEqual(await message.take('a'), refused(1000));
    });

    it('allows exactly the capacity of takes sent at the same moment', async () => {
      const limit = h.limit('message', { perSecond: 1, burst: 4 });
      const at = await Promise.all(Array.from({ length: 20 }, () => limit.take('k')));
      assert.equal(allowed(at), 5);
      for (const d of at.filter((x) => !x.allowed)) assert.deepEqual(d, refused(1000));
    });

    it('shares one budget between two limits of the same name where the store is shared', async () => {
      const policy = { perSecond: 1, burst: 2 };
      const one = h.limit('token', policy);
      const two = h.limit('token', policy);
      const got = [];
      for (let i = 0; i < 6; i++) got.push(await (i % 2 === 0 ? one : two).take('k'));
      // In memory each process counts alone (3 + 3); in Redis instances share one bucket (3).
      assert.equal(allowed(got), h.shared ? 3 : 6, JSON.stringify(got));
    });
  });
}
