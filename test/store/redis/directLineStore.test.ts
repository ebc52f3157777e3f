import { strict as assert } from 'node:assert';
import { RedisDirectLineStore } from '../../../src/store/redis/directLineStore';
import { RedisKeys } from '../../../src/store/redis/keys';
import { cleanup, connect, testPrefix } from '../../support/redis';
import { directLineStoreContract } from '../directLineStore.contract';

directLineStoreContract('redis', async (options) => {
  const redis = connect();
  const prefix = testPrefix();
  const store = new RedisDirectLineStore(redis, new RedisKeys(prefix), options);
  return {
    store,
    close: async () => {
      await store.close();
      await cleanup(redis, prefix);
    },
  };
});

describe('RedisDirectLineStore', () => {
  const prefix = testPrefix();
  const keys = new RedisKeys(prefix);
  const redis = connect();
  const store = new RedisDirectLineStore(redis, keys, { ttlSeconds: 600 });

  after(async () => {
    await store.close();
    await cleanup(redis, prefix);
  });

  it('keeps a conversation under one hash tag and lets it expire when idle', async () => {
    await store.open('conv-ttl1', 'u', '2026-11-28T02:00:00.000Z');
    await store.append('conv-ttl1', { type: 'message', text: 'x' });
    const meta = keys.directLineConversation('conv-ttl1');
    const log = keys.directLineLog('conv-ttl1');
    assert.ok(
      meta.includes('{dl:conv-ttl1}') && log.includes('{dl:conv-ttl1}'),
      "meta.includes('{dl:conv-ttl1}') && log.includes('{dl:conv-ttl1}')",
    );
    for (const key of [meta, log]) {
      const ttl = await redis.ttl(key);
      assert.ok(ttl > 590 && ttl <= 600, `${key} ttl ${ttl}`);
    }
  });

  it('renews the expiry with every activity', async () => {
    await store.open('conv-ttl2', 'u', '2026-11-28T02:00:00.000Z');
    await redis.expire(keys.directLineConversation('conv-ttl2'), 5);
    await store.append('conv-ttl2', { type: 'message', text: 'x' });
    assert.ok(
      (await redis.ttl(keys.directLineConversation('conv-ttl2'))) > 590,
      "(await redis.ttl(keys.directLineConversation('conv-ttl2'))) > 590",
    );
  });
});
