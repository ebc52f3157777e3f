import { strict as assert } from 'node:assert';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import type { Clock } from '../../src/core/clock';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import { simpleSla } from '../../src/tickets/sla';
import { TicketService, type NewTicketInput } from '../../src/tickets/ticketService';
import { WorkCalendar } from '../../src/tickets/workCalendar';
import { sampleTicket } from '../support/fixtures';
import { privateRedis, type PrivateRedis } from '../support/privateRedis';
import { type RedisClient, cleanup, connect, testPrefix } from '../support/redis';

/** Friday 27 November 2026, 15:00 in Qingdao: numbers are QD20261127-nnnnnn. */
const clock: Clock = { now: () => new Date('2026-11-27T07:00:00.000Z') };
const DAY = '20261127';

function service(redis: RedisClient, keys: RedisKeys): TicketService {
  return new TicketService({
    store: new RedisTicketStore(redis, keys),
    clock,
    calendar: new WorkCalendar({ timeZone: 'Asia/Shanghai' }),
    sla: simpleSla(5, 1),
    ticketPrefix: 'QD',
  });
}

function request(text: string): NewTicketInput {
  const t = sampleTicket();
  return {
    channel: t.channel,
    conversation: t.conversation,
    requester: t.requester,
    text,
    lang: 'zh',
    classification: t.classification,
    district: null,
    location: null,
  };
}

async function file(tickets: TicketService, text: string): Promise<string> {
  const { ticket, created } = await tickets.create(request(text));
  assert.equal(created, true);
  return ticket.id;
}

describe('ticket numbers', () => {
  it("skip numbers already taken when the day's counter was lost, and catch the counter up", async () => {
    const redis = connect();
    const prefix = testPrefix();
    const keys = new RedisKeys(prefix);
    try {
      const first = service(redis, keys);
      const ids = [await file(first, 'a'), await file(first, 'b'), await file(first, 'c')];
      await redis.del(keys.ticketSeq(DAY));

      // Another instance, started after the loss, knows no floor: the store alone must cope.
      const id = await file(service(redis, keys), 'd');
      assert.equal(id, `QD${DAY}-000004`);
      assert.equal(await redis.get(keys.ticketSeq(DAY)), '4');
      for (const [i, old] of ids.entries()) {
        assert.equal((await first.findForRequester(old, 'emulator:user-1'))?.ticket.text, 'abc'[i]);
      }
    } finally {
      await cleanup(redis, prefix);
    }
  });

  describe('after Redis is restored from an older snapshot', function () {
    this.timeout(20_000);
    let server: PrivateRedis;
    let redis: Redis;
    beforeEach(async () => {
      server = await privateRedis();
      await server.start();
      // The app's connection lives through the restart, as a running instance's would.
      redis = new Redis(server.url, { maxRetriesPerRequest: 20 });
      redis.on('error', () => undefined);
    });
    afterEach(async () => {
      redis.disconnect();
      await server.destroy();
    });

    it('issues a new number and keeps the tickets the snapshot holds', async () => {
      const keys = new RedisKeys('hotline:');
      const tickets = service(redis, keys);
      const before = await file(tickets, 'before the snapshot');
      await redis.save();
      copyFileSync(join(server.dir, 'dump.rdb'), join(server.dir, 'older.rdb'));
      const lost = [await file(tickets, 'after 1'), await file(tickets, 'after 2')];

      await server.stop();
      copyFileSync(join(server.dir, 'older.rdb'), join(server.dir, 'dump.rdb'));
      await server.start();

      const again = await file(tickets, 'after the restore');
      assert.ok(![before, ...lost].includes(again), `${again} was issued before`);
      assert.equal(again, `QD${DAY}-000004`);
      const kept = await tickets.findForRequester(before, 'emulator:user-1');
      assert.equal(kept?.ticket.text, 'before the snapshot');
      assert.equal(kept?.history.length, 1);
    });
  });
});
