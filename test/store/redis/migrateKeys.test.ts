import { strict as assert } from 'node:assert';
import pino from 'pino';
import { createApp } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { RedisKeys, ticketBucket } from '../../../src/store/redis/keys';
import { legacyTicketCount, migrateKeys } from '../../../src/store/redis/migrateKeys';
import { RedisTicketStore } from '../../../src/store/redis/ticketStore';
import { sampleEvent, sampleTicket } from '../../support/fixtures';
import {
  type RedisClient,
  cleanup,
  connect,
  REDIS_ENV,
  scanKeys,
  testPrefix,
} from '../../support/redis';

/** One ticket as the version before the cluster layout stored it, every key under {tickets}. */
async function writeOldLayout(redis: RedisClient, keys: RedisKeys): Promise<void> {
  const t = sampleTicket();
  const old = (rest: string) => keys.legacyTickets(rest);
  const fields = Object.entries(t).flatMap(([k, v]) => [k, JSON.stringify(v)]);
  await redis.hset(old(`t:${t.id}`), ...fields);
  await redis.rpush(old(`h:${t.id}`), JSON.stringify(sampleEvent()), JSON.stringify(sampleEvent()));
  await redis.zadd(old('all'), Date.parse(t.createdAt), t.id);
  await redis.zadd(old(`req:${t.requester.key}`), Date.parse(t.createdAt), t.id);
  await redis.set(old('seq:20261128'), '5', 'EX', 3600);
  await redis.set(old('dedupe:biz:1'), t.id, 'EX', 3600);
  await redis.zadd(old('alerts:raised'), 1000, `${t.id}|accept|warn|${t.createdAt}`);
}

describe('hotline migrate-keys (the pre-cluster layout)', function () {
  this.timeout(20_000);
  let redis: RedisClient;
  let prefix: string;
  let keys: RedisKeys;
  beforeEach(async () => {
    redis = connect();
    prefix = testPrefix();
    keys = new RedisKeys(prefix);
    await writeOldLayout(redis, keys);
  });
  afterEach(async () => {
    await cleanup(redis, prefix);
  });

  it('counts without writing on a dry run', async () => {
    assert.equal(await legacyTicketCount(redis, keys), 1);
    const report = await migrateKeys(redis, keys, { apply: false });
    assert.deepEqual(
      [report.oldKeys, report.tickets, report.imported, report.sequences, report.dedupe],
      [7, 1, 0, 1, 1],
    );
    assert.equal(await new RedisTicketStore(redis, keys).get(sampleTicket().id), null);
    assert.equal(await legacyTicketCount(redis, keys), 1);
  });

  it('moves the ticket, its history, counter, dedupe key and raised alerts, then removes the old keys', async () => {
    const store = new RedisTicketStore(redis, keys);
    const t = sampleTicket();
    const report = await migrateKeys(redis, keys, { apply: true });
    assert.equal(report.imported, 1);
    assert.deepEqual(await store.get(t.id), t);
    assert.equal((await store.history(t.id)).length, 2);
    assert.deepEqual(
      (await store.listByRequester(t.requester.key, 10)).map((x) => x.id),
      [t.id],
    );
    assert.deepEqual(
      (await store.page({ kind: 'all' }, 0, 10)).tickets.map((x) => x.id),
      [t.id],
    );
    assert.equal(await store.nextSequence('20261128'), 6);
    assert.equal(await store.findByDedupeKey('biz:1'), t.id);
    assert.equal(
      await redis.zscore(
        keys.alertsRaised(ticketBucket(t.id)),
        `${t.id}|accept|warn|${t.createdAt}`,
      ),
      '1000',
    );
    assert.equal(await legacyTicketCount(redis, keys), 0);
    assert.deepEqual(await scanKeys(redis, keys.legacyTickets('*')), []);

    const again = await migrateKeys(redis, keys, { apply: true });
    assert.deepEqual([again.oldKeys, again.imported, again.reindexed], [0, 0, 1]);
    assert.deepEqual(await store.get(t.id), t);
  });

  it('stops the bot from starting on the old layout, naming the command', async () => {
    const config = loadConfig({ ...REDIS_ENV, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'silent' });
    await assert.rejects(createApp(config, { logger: pino({ level: 'silent' }) }), (err: Error) =>
      /1 tickets in the key layout before Redis Cluster support.*hotline migrate-keys/s.test(
        err.message,
      ),
    );
  });
});
