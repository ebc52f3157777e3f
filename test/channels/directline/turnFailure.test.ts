import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import sinon from 'sinon';
import Redis from 'ioredis';
import { createApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import type { ActivityJson } from '../../../src/channels/directline/ports';
import { RedisDirectLineStore } from '../../../src/store/redis/directLineStore';
import { RedisKeys } from '../../../src/store/redis/keys';
import { RedisTicketStore } from '../../../src/store/redis/ticketStore';
import { FRIDAY_3PM } from '../../support/dialogHarness';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../../support/redis';
import { WebUser } from '../../server/webUser';
import { REQUEST, SECRET } from './support';

const TICKET = /QD\d{8}-\d{6}/;
/** The reply that names a filed ticket (the welcome shows an example number). */
const FILED = /(?:已为您登记工单|已经登记过了，工单号) (QD\d{8}-\d{6})/;

async function startApp(
  redisEnv: Record<string, string>,
  prefix: string,
): Promise<{ app: App; base: string }> {
  const config = loadConfig({
    ...redisEnv,
    REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    DIRECTLINE_SECRET: SECRET,
    // Short holds, so a conversation held by a turn that Redis's death cut is free again soon.
    CONVERSATION_LOCK_TTL_MS: '3000',
    CONVERSATION_LOCK_WAIT_MS: '1000',
  });
  const app = await createApp(config, { logger: pino({ level: 'silent' }), clock: FRIDAY_3PM });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

function echoesOf(transcript: { channelData?: { clientActivityID?: string } }[], cid: string) {
  return transcript.filter((a) => a.channelData?.clientActivityID === cid).length;
}

describe('Direct Line: 200 only for a turn that ran', () => {
  describe('when the store fails in the middle of a turn', () => {
    let app: App;
    let base: string;
    let prefix: string;

    before(async () => {
      prefix = testPrefix();
      ({ app, base } = await startApp(REDIS_ENV, prefix));
    });

    after(async () => {
      await app.close();
      await cleanup(connect(), prefix);
    });

    afterEach(() => sinon.restore());

    /** The store refuses, once, to log the bot's message that shows a ticket number. */
    function failTheTicketNumberOnce(): void {
      const append = RedisDirectLineStore.prototype.append;
      let failed = false;
      sinon.replace(
        RedisDirectLineStore.prototype,
        'append',
        async function (this: RedisDirectLineStore, id: string, activity: ActivityJson) {
          if (!failed && TICKET.test(String(activity.text ?? ''))) {
            failed = true;
            throw new Error('simulated store failure');
          }
          return append.call(this, id, activity);
        },
      );
    }

    it('answers 503, apologises in the transcript, and runs the turn again on a retry', async () => {
      const web = await WebUser.start(base);
      await web.fileUntilSummary(REQUEST);
      failTheTicketNumberOnce();

      const failed = await web.post('确认提交', 'confirm-1');
      assert.equal(failed.status, 503, JSON.stringify(failed.body));
      assert.deepEqual(failed.body, {
        code: 'TURN_FAILED',
        message: 'the message could not be handled; please send it again',
      });
      assert.match(await web.replies(), /抱歉，系统出了点问题/, 'the person is told, in Chinese');

      const retried = await web.post('确认提交', 'confirm-1');
      assert.equal(retried.status, 200, JSON.stringify(retried.body));
      const shown = FILED.exec(await web.replies())?.[1];
      assert.ok(shown, 'the retry shows the ticket number');

      const transcript = await web.transcript();
      assert.equal(echoesOf(transcript, 'confirm-1'), 1, 'the message is logged once');
      const redis = connect();
      try {
        const tickets = await new RedisTicketStore(redis, new RedisKeys(prefix)).listByRequester(
          `webchat:${web.userId}`,
          10,
        );
        assert.deepEqual(
          tickets.map((t) => t.id),
          [shown],
          'one ticket: the one filed by the failed turn',
        );
      } finally {
        await redis.quit();
      }

      const again = await web.post('确认提交', 'confirm-1');
      assert.equal(again.status, 200);
      assert.equal(again.body.id, retried.body.id);
      assert.equal(await web.replies(), '', 'a handled turn does not run again');
    });

    it('finds the ticket whose number could not be shown with "我的工单" and "my tickets"', async () => {
      const web = await WebUser.start(base);
      await web.fileUntilSummary(REQUEST);
      failTheTicketNumberOnce();
      assert.equal((await web.post('确认提交')).status, 503);
      const apology = await web.replies();
      assert.doesNotMatch(apology, TICKET);

      const redis = connect();
      let filed: string | undefined;
      try {
        const store = new RedisTicketStore(redis, new RedisKeys(prefix));
        filed = (await store.listByRequester(`webchat:${web.userId}`, 10))[0]?.id;
      } finally {
        await redis.quit();
      }
      assert.ok(filed, 'the failed turn had filed the ticket');
      assert.match(await web.say('取消'), /./);
      assert.match(await web.say('我的工单'), new RegExp(filed));
      assert.match(await web.say('my tickets'), new RegExp(filed));
    });
  });

  describe('when Redis goes away during posts', () => {
    let dir: string;
    let port: number;
    let redisServer: ChildProcess | null = null;
    let app: App;
    let base: string;
    const prefix = testPrefix();

    async function freePort(): Promise<number> {
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const { port: free } = probe.address() as AddressInfo;
      await new Promise((resolve) => probe.close(resolve));
      return free;
    }

    async function startRedis(): Promise<void> {
      redisServer = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'yes',
          '--appendfsync',
          'always',
          '--dir',
          dir,
        ],
        { stdio: 'ignore' },
      );
      const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => 50 });
      probe.on('error', () => undefined);
      try {
        for (let i = 0; ; i++) {
          try {
            await probe.connect();
            await probe.ping();
            return;
          } catch (err) {
            if (i > 100) throw err;
            probe.disconnect();
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      } finally {
        probe.disconnect();
      }
    }

    async function killRedis(): Promise<void> {
      const server = redisServer;
      if (server === null) return;
      redisServer = null;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGKILL');
      await exited;
    }

    async function ready(): Promise<void> {
      for (let i = 0; i < 200; i++) {
        if ((await fetch(`${base}/readyz`)).status === 200) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.fail('the bot did not get Redis back');
    }

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'hotline-redis-'));
      port = await freePort();
      await startRedis();
      ({ app, base } = await startApp({ REDIS_URL: `redis://127.0.0.1:${port}` }, prefix));
    });

    after(async () => {
      sinon.restore();
      await app.close().catch(() => undefined);
      await killRedis();
      rmSync(dir, { recursive: true, force: true });
    });

    it('answers 5xx while Redis is down, and a retry with the same clientActivityID runs the turn once it is back', async () => {
      const web = await WebUser.start(base);
      await web.fileUntilSummary(REQUEST);

      await killRedis();
      const during = await Promise.all([
        web.post('确认提交', 'confirm-down'),
        web.post('确认提交', 'confirm-down'),
      ]);
      for (const posted of during) {
        assert.ok(posted.status >= 500, `status ${posted.status}`);
        assert.equal(typeof posted.body.code, 'string');
        assert.equal(typeof posted.body.message, 'string');
      }

      await startRedis();
      await ready();
      const retried = await web.post('确认提交', 'confirm-down');
      assert.equal(retried.status, 200, JSON.stringify(retried.body));
      const shown = FILED.exec(await web.replies())?.[1];
      assert.ok(shown, 'the retry files the ticket and shows its number');
      assert.equal(echoesOf(await web.transcript(), 'confirm-down'), 1);
      assert.match(await web.say('我的工单'), new RegExp(shown));
    });

    it('leaves no confirmation of a burst unhandled: 200 had its reply, 5xx runs on retry', async function () {
      this.timeout(60_000);
      const people = await Promise.all(Array.from({ length: 8 }, () => WebUser.start(base)));
      await Promise.all(people.map((p) => p.fileUntilSummary(REQUEST)));

      // Redis dies right after the first ticket of the burst is stored, before its number is
      // shown, with the other confirmations in flight.
      const create = RedisTicketStore.prototype.create;
      sinon.replace(
        RedisTicketStore.prototype,
        'create',
        async function (this: RedisTicketStore, ...args: Parameters<RedisTicketStore['create']>) {
          const created = await create.apply(this, args);
          await killRedis();
          return created;
        },
      );
      const burst = people.map((p, i) => p.post('确认提交', `burst-${i}`));
      const statuses = (await Promise.all(burst)).map((r) => r.status);
      sinon.restore();
      assert.ok(
        statuses.every((s) => s === 200 || s >= 500),
        `only 200 or 5xx: ${statuses.join(',')}`,
      );
      assert.ok(
        statuses.some((s) => s >= 500),
        `a turn failed: ${statuses.join(',')}`,
      );

      await startRedis();
      await ready();
      for (const [i, person] of people.entries()) {
        if (statuses[i] !== 200) {
          // A turn cut by the crash leaves its conversation held until the hold expires
          // (CONVERSATION_LOCK_TTL_MS): until then a retry is told 503 CONVERSATION_BUSY.
          let retried = await person.post('确认提交', `burst-${i}`);
          for (let t = 0; retried.status === 503 && t < 40; t++) {
            assert.equal(retried.body.code, 'CONVERSATION_BUSY', JSON.stringify(retried.body));
            await new Promise((resolve) => setTimeout(resolve, 500));
            retried = await person.post('确认提交', `burst-${i}`);
          }
          assert.equal(retried.status, 200, JSON.stringify(retried.body));
        }
        const transcript = await person.transcript();
        assert.equal(echoesOf(transcript, `burst-${i}`), 1);
        const shown = transcript.find((a) => a.from.role === 'bot' && FILED.test(a.text ?? ''));
        assert.ok(shown, `person ${i} (first answer ${statuses[i]}) was shown a ticket number`);
        const id = FILED.exec(shown.text ?? '')?.[1] ?? '';
        assert.match(await person.say('我的工单'), new RegExp(id));
      }
    });
  });
});
