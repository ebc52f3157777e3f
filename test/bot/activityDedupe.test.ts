import { strict as assert } from 'node:assert';
import type { ActivityDedupe } from '../../src/bot/activityDedupe';
import { MemoryActivityDedupe } from '../../src/store/memory/activityDedupe';
import { RedisActivityDedupe } from '../../src/store/redis/activityDedupe';
import { RedisKeys } from '../../src/store/redis/keys';
import { cleanup, connect, scanKeys, testPrefix } from '../support/redis';

interface Harness {
  dedupe: ActivityDedupe;
  /** Moves past the retention window. */
  expire(): Promise<void>;
  close(): Promise<void>;
}

const KEY = 'msteams\n19:g@thread.v2\nf:1';

function activityDedupeContract(name: string, open: () => Promise<Harness>): void {
  describe(`${name} ActivityDedupe contract`, () => {
    let h: Harness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => {
      await h.close();
    });

    it('lets an activity in once', async () => {
      assert.equal(await h.dedupe.claim(KEY), true);
      assert.equal(await h.dedupe.claim(KEY), false);
      assert.equal(await h.dedupe.claim(`${KEY}-other`), true);
    });

    it('lets exactly one of simultaneous deliveries in', async () => {
      const claims = await Promise.all(Array.from({ length: 5 }, () => h.dedupe.claim(KEY)));
      assert.equal(claims.filter(Boolean).length, 1);
    });

    it('lets a re-send in again after a release', async () => {
      await h.dedupe.claim(KEY);
      await h.dedupe.release(KEY);
      assert.equal(await h.dedupe.claim(KEY), true);
    });

    it('forgets an activity after the retention window', async () => {
      await h.dedupe.claim(KEY);
      await h.expire();
      assert.equal(await h.dedupe.claim(KEY), true);
    });
  });
}

activityDedupeContract('memory', async () => {
  let now = Date.parse('2026-11-27T07:00:00Z');
  return {
    dedupe: new MemoryActivityDedupe(60, { now: () => new Date(now) }),
    expire: async () => {
      now += 61_000;
    },
    close: async () => undefined,
  };
});

activityDedupeContract('redis', async () => {
  const redis = connect();
  const prefix = testPrefix();
  return {
    dedupe: new RedisActivityDedupe(redis, new RedisKeys(prefix), 60),
    expire: async () => {
      // Stands in for 60 s passing: what SET EX would have done by then.
      const keys = await scanKeys(redis, `${prefix}seen:*`);
      for (const key of keys) {
        assert.ok((await redis.ttl(key)) > 0, 'markers expire');
        await redis.pexpire(key, 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    },
    close: () => cleanup(redis, prefix),
  };
});
