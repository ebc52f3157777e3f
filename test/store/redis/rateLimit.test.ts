import { strict as assert } from 'node:assert';
import { Redis } from 'ioredis';
import type { Clock } from '../../../src/core/clock';
import { RedisKeys } from '../../../src/store/redis/keys';
import { RedisRateLimit } from '../../../src/store/redis/rateLimit';
import { privateRedis, type PrivateRedis } from '../../support/privateRedis';
import { cleanup, connect, scanKeys, testPrefix } from '../../support/redis';
import { rateLimitContract } from '../rateLimit.contract';

/** A fake clock that starts at the real time (keys' PX expiry runs on Redis's own clock). */
function fakeClock(): Clock & { elapse(ms: number): void } {
  let now = Date.now();
  return {
    now: () => new Date(now),
    elapse: (ms) => {
      now += ms;
    },
  };
}

rateLimitContract('redis', async () => {
  const redis = connect();
  const prefix = testPrefix();
  const keys = new RedisKeys(prefix);
  const clock = fakeClock();
  return {
    limit: (name, policy) => new RedisRateLimit(redis, keys, name, policy, clock),
    shared: true,
    elapse: (ms) => clock.elapse(ms),
    close: () => cleanup(redis, prefix),
  };
});

describe('RedisRateLimit', () => {
  let prefix: string;
  beforeEach(() => {
    prefix = testPrefix();
  });

  it('keeps one key per limit and key, expiring when its bucket is full again', async () => {
    const redis = connect();
    try {
      const clock = fakeClock();
      const keys = new RedisKeys(prefix);
      const limit = new RedisRateLimit(
        redis,
        keys,
        'login',
        { perSecond: 1 / 60, burst: 2 },
        clock,
      );
      const start = clock.now().getTime();
      for (let i = 0; i < 3; i++) assert.equal((await limit.take('10.0.0.1')).allowed, true);
      assert.deepEqual(await scanKeys(redis, `${prefix}*`), [`${prefix}rl:login:t:10.0.0.1`]);
      // Its theoretical arrival time: three minutes of refill ahead, and kept that long.
      assert.equal(await redis.get(`${prefix}rl:login:t:10.0.0.1`), String(start + 180_000));
      const ttl = await redis.pttl(`${prefix}rl:login:t:10.0.0.1`);
      assert.ok(ttl > 179_000 && ttl <= 180_000, `PTTL ${ttl}`);
      // A refused take writes nothing.
      assert.equal((await limit.take('10.0.0.1')).allowed, false);
      assert.equal(await redis.get(`${prefix}rl:login:t:10.0.0.1`), String(start + 180_000));
    } finally {
      await cleanup(redis, prefix);
    }
  });

  it('forgets a key once its bucket is full again (PX)', async () => {
    const redis = connect();
    try {
      const limit = new RedisRateLimit(redis, new RedisKeys(prefix), 'fast', {
        perSecond: 2,
        burst: 0,
      });
      await limit.take('k');
      // Read by name, not by SCAN: on a Redis with many keys a scan outlasts a short expiry.
      const key = `${prefix}rl:fast:t:k`;
      const ttl = await redis.pttl(key);
      assert.ok(ttl > 0 && ttl <= 500, `PTTL ${ttl}`);
      await new Promise((r) => setTimeout(r, 700));
      assert.equal(await redis.exists(key), 0);
      assert.deepEqual(await scanKeys(redis, `${prefix}*`), []);
    } finally {
      await cleanup(redis, prefix);
    }
  });

  it('costs one round trip per take: one EVALSHA', async () => {
    const redis = connect();
    const sent: string[] = [];
    const send = redis.sendCommand.bind(redis);
    redis.sendCommand = ((command: { name: string }) => {
      sent.push(command.name);
      return send(command as Parameters<typeof send>[0]);
    }) as typeof redis.sendCommand;
    try {
      const limit = new RedisRateLimit(redis, new RedisKeys(prefix), 'message', {
        perSecond: 1,
        burst: 10,
      });
      await limit.take('warm'); // loads the script if this Redis has not seen it (EVAL)
      sent.length = 0;
      // Within the burst, past it (where rate-limiter-flexible's pair asked twice), refused.
      for (let i = 0; i < 20; i++) await limit.take('emulator:conv');
      assert.deepEqual(
        sent,
        Array.from({ length: 20 }, () => 'evalsha'),
      );
    } finally {
      await cleanup(redis, prefix);
    }
  });

  describe('while Redis is down', function () {
    this.timeout(30_000);
    let server: PrivateRedis;
    let redis: Redis;

    before(async () => {
      server = await privateRedis();
      await server.start();
    });
    after(async () => {
      redis?.disconnect();
      await server.destroy();
    });

    it('counts in memory in each process, then in Redis again once it is back', async () => {
      redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
      redis.on('error', () => undefined);
      const clock = fakeClock();
      const keys = new RedisKeys(prefix);
      const limit = new RedisRateLimit(redis, keys, 'message', { perSecond: 1, burst: 2 }, clock);
      assert.deepEqual(await limit.take('up'), { allowed: true });

      await server.stop();
      // Neither refusing everyone nor letting everything through: the same policy, in memory.
      const down = [];
      for (let i = 0; i < 4; i++) down.push(await limit.take('k'));
      assert.deepEqual(down, [
        { allowed: true },
        { allowed: true },
        { allowed: true },
        { allowed: false, retryAfterMs: 1000 },
      ]);

      await server.start();
      const until = Date.now() + 10_000;
      while (redis.status !== 'ready' && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 50));
      }
      // Redis (restarted empty) counts again: a fresh bucket there, and its key is written.
      assert.deepEqual(await limit.take('k'), { allowed: true });
      assert.deepEqual(await redis.keys(`${prefix}*`), [keys.rateLimit('message', 'k')]);
    });
  });
});
