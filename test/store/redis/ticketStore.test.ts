import { strict as assert } from 'node:assert';
import { RedisKeys, TICKET_BUCKETS, ticketBucket } from '../../../src/store/redis/keys';
import { keySlot } from '../../support/slots';
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
  it('keeps a ticket and its history in one slot of their own, and its indexes elsewhere', async () => {
    const redis = connect();
    const prefix = testPrefix();
    const keys = new RedisKeys(prefix);
    try {
      const store = new RedisTicketStore(redis, keys);
      const ticket = sampleTicket();
      await store.create(ticket, sampleEvent(), 'biz:1');
      const found = await scanKeys(redis, `${prefix}*`);
      assert.ok(
        found.every((k) => k.startsWith(prefix)),
        'found.every((k) => k.startsWith(prefix))',
      );
      // Redis Cluster hashes only the first {...} of a key: one tag means one slot.
      const tagOf = (k: string) => /\{([^}]+)\}/.exec(k)?.[1];
      assert.equal(tagOf(keys.ticket(ticket.id)), `t:${ticket.id}`);
      assert.equal(tagOf(keys.ticketHistory(ticket.id)), `t:${ticket.id}`);
      const tags = new Set(found.map(tagOf));
      assert.ok(!tags.has('tickets'), 'no key under the old single {tickets} tag');
      for (const expected of [`t:${ticket.id}`, 'dedupe:biz:1', `req:${ticket.requester.key}`]) {
        assert.ok(tags.has(expected), `${expected} in ${[...tags].join()}`);
      }
      assert.ok(tags.size >= 6, `the indexes spread over tags: ${[...tags].join()}`);
    } finally {
      await cleanup(redis, prefix);
    }
  });

  it('spreads the open-ticket and alert indexes of many tickets over buckets', async () => {
    const ids = Array.from(
      { length: 200 },
      (_, i) => `QD20261128-${String(i + 1).padStart(6, '0')}`,
    );
    const used = new Set(ids.map(ticketBucket));
    assert.equal(used.size, TICKET_BUCKETS);
    const slots = new Set([...used].map((b) => keySlot(new RedisKeys('p:').alertsPending(b))));
    assert.ok(slots.size > TICKET_BUCKETS / 2, `${slots.size} slots`);
  });

  it('takes over a dedupe claim whose ticket never appeared, as when its creator died', async () => {
    const redis = connect();
    const prefix = testPrefix();
    const keys = new RedisKeys(prefix);
    try {
      const store = new RedisTicketStore(redis, keys);
      await redis.set(keys.dedupe('biz:9'), 'QD20261128-000099', 'EX', 60);
      const result = await store.create(sampleTicket(), sampleEvent(), 'biz:9');
      assert.equal(result.created, true);
      assert.equal(await store.findByDedupeKey('biz:9'), sampleTicket().id);
      assert.equal((await store.create(sampleTicket(), sampleEvent(), 'biz:9')).created, false);
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
