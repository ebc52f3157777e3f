import { strict as assert } from 'node:assert';
import { RedisKeys } from '../../../src/store/redis/keys';
import { RedisTicketStore } from '../../../src/store/redis/ticketStore';
import { sampleEvent, sampleTicket } from '../../support/fixtures';
import { cleanup, connect, scanKeys, testPrefix } from '../../support/redis';
import { ticketStoreContract } from '../ticketStore.contract';

ticketStoreContract('redis', async () => {
  const redis = connect();
  const prefix = testPrefix();
  return {
    store: new RedisTicketStore(redis, new RedisKeys(prefix)),
    close: () => cleanup(redis, prefix),
  };
});

describe('RedisTicketStore layout', () => {
  it('keeps every key of a ticket under the prefix and in one cluster slot', async () => {
    const redis = connect();
    const prefix = testPrefix();
    try {
      const store = new RedisTicketStore(redis, new RedisKeys(prefix));
      await store.create(sampleTicket(), sampleEvent(), 'biz:1');
      const keys = await scanKeys(redis, `${prefix}*`);
      assert.ok(keys.length >= 6, `expected ticket, history, 3 indexes, dedupe: ${keys.join()}`);
      // Redis Cluster hashes only the first {...} of a key: one tag means one slot.
      const tags = new Set(keys.map((k) => /\{([^}]+)\}/.exec(k)?.[1]));
      assert.deepEqual([...tags], ['tickets']);
    } finally {
      await cleanup(redis, prefix);
    }
  });

  it('rejects a corrupted hash instead of returning a half-typed ticket', async () => {
    const redis = connect();
    const prefix = testPrefix();
    const keys = new RedisKeys(prefix);
    try {
      const store = new RedisTicketStore(redis, keys);
      await store.create(sampleTicket(), sampleEvent());
      await redis.hset(keys.ticket(sampleTicket().id), 'status', JSON.stringify('exploded'));
      await assert.rejects(store.get(sampleTicket().id));
    } finally {
      await cleanup(redis, prefix);
    }
  });
});

describe('RedisTicketStore and tickets written before the lifecycle', () => {
  it('reads an old ticket back as dispatched (open) or replied (answered), with an empty lifecycle', async () => {
    const redis = connect();
    const prefix = testPrefix();
    const keys = new RedisKeys(prefix);
    try {
      const store = new RedisTicketStore(redis, keys);
      const {
        coDepartments: _co,
        transferRequests: _tr,
        pendingTransfer: _pt,
        reopenCount: _rc,
        supervised: _s,
        rating: _r,
        version: _v,
        ...old
      } = sampleTicket();
      const write = (id: string, status: string) =>
        redis.hset(
          keys.ticket(id),
          ...Object.entries({ ...old, id, status }).flatMap(([k, v]) => [k, JSON.stringify(v)]),
        );
      await write('QD20261128-000001', 'open');
      await write('QD20261128-000002', 'answered');
      const open = await store.get('QD20261128-000001');
      assert.deepEqual(open, sampleTicket({ status: 'dispatched' }));
      const answered = await store.get('QD20261128-000002');
      assert.equal(answered?.status, 'replied');
      assert.equal(answered?.version, 0);
    } finally {
      await cleanup(redis, prefix);
    }
  });
});
