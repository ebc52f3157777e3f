import { strict as assert } from 'node:assert';
import { RedisKeys, ticketBucket } from '../../src/store/redis/keys';
import { RedisNotificationStore } from '../../src/store/redis/notificationStore';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import { cleanup, connect, scanKeys, testPrefix } from '../support/redis';
import { memoryInstances, redisInstances } from '../support/ticketInstances';
import { supervisionContract } from './scheduler.contract';
import { at, deadline, fileTicket, T0 } from './support';

const LIMITS = { cap: 500, ttlSeconds: 3600 };

supervisionContract('memory', () => memoryInstances(LIMITS, { now: () => at(T0) }));
supervisionContract('redis', () => redisInstances(LIMITS));

describe('Redis alert index', () => {
  it('keeps a ticket’s alerts in its bucket’s cluster slot, scored by when each falls due', async () => {
    const redis = connect();
    const prefix = testPrefix();
    const keys = new RedisKeys(prefix);
    try {
      const t = await fileTicket(new RedisTicketStore(redis, keys), 1, [deadline('accept', 1, 2)]);
      const bucket = ticketBucket(t.id);
      const pending = await redis.zrange(keys.alertsPending(bucket), 0, -1, 'WITHSCORES');
      const [warnAt, dueAt] = [t.deadlines[0]?.warnAt ?? '', t.deadlines[0]?.dueAt ?? ''];
      assert.deepEqual(pending, [
        `${t.id}|accept|warn|${dueAt}`,
        String(Date.parse(warnAt)),
        `${t.id}|accept|overdue|${dueAt}`,
        String(Date.parse(dueAt)),
      ]);
      const alertTags = new Set(
        (await scanKeys(redis, `${prefix}{alerts:*`)).map((k) => /\{([^}]+)\}/.exec(k)?.[1]),
      );
      assert.deepEqual([...alertTags], [`alerts:${bucket}`]);
    } finally {
      await cleanup(redis, prefix);
    }
  });

  it('keeps a department’s notification feed to its cap, newest kept', async () => {
    const redis = connect();
    const prefix = testPrefix();
    try {
      const store = new RedisNotificationStore(redis, new RedisKeys(prefix), {
        cap: 3,
        ttlSeconds: 60,
      });
      for (let i = 0; i < 5; i++) {
        const added = await store.add('housing', {
          id: `n${i}`,
          type: 'warning',
          level: 'yellow',
          ticketId: 'QD20261130-000001',
          step: 'accept',
          dueAt: at(T0).toISOString(),
          department: 'housing',
          at: at(T0 + i * 1000).toISOString(),
        });
        assert.equal(added, true);
      }
      const kept = await store.list(['housing'], 0, 100);
      assert.deepEqual(
        kept.map((n) => n.id),
        ['n2', 'n3', 'n4'],
      );
      assert.ok(
        (await redis.ttl(new RedisKeys(prefix).notifications('housing'))) > 0,
        "(await redis.ttl(new RedisKeys(prefix).notifications('housing'))) > 0",
      );
    } finally {
      await cleanup(redis, prefix);
    }
  });
});
