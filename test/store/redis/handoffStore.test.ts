import { strict as assert } from 'node:assert';
import { systemClock, type Clock } from '../../../src/core/clock';
import { RedisHandoffStore } from '../../../src/store/redis/handoffStore';
import { RedisKeys } from '../../../src/store/redis/keys';
import { type RedisClient, cleanup, connect, testPrefix } from '../../support/redis';
import { handoffStoreContract, request } from '../handoffStore.contract';

const RETENTION = 3600;

handoffStoreContract('redis', async (clock) => {
  const redis = connect();
  const prefix = testPrefix();
  const keys = new RedisKeys(prefix);
  const others: RedisClient[] = [];
  return {
    store: new RedisHandoffStore(redis, keys, { retentionSeconds: RETENTION, clock }),
    instance: () => {
      // Each "instance" has its own connection, as separate processes would.
      const other = connect();
      others.push(other);
      return new RedisHandoffStore(other, keys, { retentionSeconds: RETENTION, clock });
    },
    close: async () => {
      await Promise.all(others.map((o) => o.quit()));
      await cleanup(redis, prefix);
    },
  };
});

describe('RedisHandoffStore in Redis', () => {
  let redis: RedisClient;
  let prefix: string;
  let keys: RedisKeys;
  let store: RedisHandoffStore;
  const clock: Clock = systemClock;
  const zhang = { username: 'zhang', name: '张三' };
  const at = '2026-11-28T02:00:00.000Z';
  const entry = { at, from: 'person' as const, text: '你好' };

  beforeEach(() => {
    redis = connect();
    prefix = testPrefix();
    keys = new RedisKeys(prefix);
    store = new RedisHandoffStore(redis, keys, { retentionSeconds: RETENTION, clock });
  });
  afterEach(async () => {
    await cleanup(redis, prefix);
  });

  for (const target of ['returned', 'closed'] as const) {
    it(`sets the retention expiry on a case released as ${target} and on its transcript`, async () => {
      await store.flag(request('a'), [entry]);
      await store.claim('a', zhang, at);
      await store.release('a', zhang, target, at);
      const caseTtl = await redis.ttl(keys.handoff('a'));
      const transcriptTtl = await redis.ttl(keys.handoffTranscript('a'));
      assert.ok(caseTtl > 0 && caseTtl <= RETENTION, `case TTL ${caseTtl}`);
      assert.ok(transcriptTtl > 0 && transcriptTtl <= RETENTION, `transcript TTL ${transcriptTtl}`);
    });
  }

  it('sets the retention expiry on a case the person left', async () => {
    await store.flag(request('a'), [entry]);
    await store.end('a', at);
    assert.ok((await redis.ttl(keys.handoff('a'))) > 0, "(await redis.ttl(keys.handoff('a'))) > 0");
    assert.ok(
      (await redis.ttl(keys.handoffTranscript('a'))) > 0,
      "(await redis.ttl(keys.handoffTranscript('a'))) > 0",
    );
  });

  it('renews the expiry of an active case when it changes', async () => {
    await store.flag(request('a'), [entry]);
    await redis.expire(keys.handoff('a'), 10);
    await redis.expire(keys.handoffTranscript('a'), 10);
    await store.append('a', { ...entry, text: '还在吗' });
    assert.ok(
      (await redis.ttl(keys.handoff('a'))) > 10,
      "(await redis.ttl(keys.handoff('a'))) > 10",
    );
    assert.ok(
      (await redis.ttl(keys.handoffTranscript('a'))) > 10,
      "(await redis.ttl(keys.handoffTranscript('a'))) > 10",
    );
  });

  it('leaves out a queued case whose hash has expired, rather than failing the queue', async () => {
    await store.flag(request('a'), []);
    await store.flag(request('b'), []);
    await redis.del(keys.handoff('a'));
    assert.deepEqual(
      (await store.waiting(10)).map((c) => c.request.conversationKey),
      ['b'],
    );
  });

  it('refuses a case hash that does not match the schema', async () => {
    await store.flag(request('a'), []);
    await redis.hset(keys.handoff('a'), 'status', 'lost');
    await assert.rejects(() => store.get('a'));
  });
});
