import { strict as assert } from 'node:assert';
import type { App } from '../../src/app';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import { FRIDAY_3PM } from '../support/dialogHarness';
import { sayAsEmulator, startApp } from '../support/emulator';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';

const PEOPLE = 30;

/** Two instances of the real app on one Redis, as behind a load balancer; Emulator requests. */
describe('a double click on 确认提交, over HTTP on two instances', function () {
  this.timeout(120_000);
  let apps: App[];
  let bases: string[];
  let prefix: string;

  before(async () => {
    prefix = testPrefix();
    apps = [];
    bases = [];
    for (let i = 0; i < 2; i++) {
      const { app, base } = await startApp({ ...REDIS_ENV, REDIS_KEY_PREFIX: prefix }, FRIDAY_3PM);
      apps.push(app);
      bases.push(base);
    }
  });

  after(async () => {
    for (const app of apps) await app.close();
    await cleanup(connect(), prefix);
  });

  async function send(instance: number, user: string, text: string): Promise<string> {
    const replies = await sayAsEmulator(bases[instance] ?? '', user, text);
    return replies.map((a) => a.text ?? '').join('\n');
  }

  async function toSummary(user: string): Promise<void> {
    await send(0, user, '我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路');
    await send(1, user, '市民');
    assert.match(await send(0, user, '跳过'), /请核对/);
  }

  async function ticketsOf(user: string): Promise<string[]> {
    const redis = connect();
    try {
      const store = new RedisTicketStore(redis, new RedisKeys(prefix));
      return (await store.listByRequester(`emulator:${user}`, 10)).map((t) => t.id);
    } finally {
      await redis.quit();
    }
  }

  it(`files one ticket and names it in both replies, for ${PEOPLE} people at once`, async () => {
    const users = Array.from({ length: PEOPLE }, (_, i) => `double-${i}`);
    await Promise.all(users.map(toSummary));
    const replies = await Promise.all(
      users.map((u) => Promise.all([send(0, u, '确认提交'), send(1, u, '确认提交')])),
    );
    for (const [i, user] of users.entries()) {
      const tickets = await ticketsOf(user);
      assert.equal(tickets.length, 1, `${user} has tickets ${tickets.join()}`);
      for (const reply of replies[i] ?? []) {
        assert.ok(reply.includes(tickets[0] ?? '?'), `${user} was told:\n${reply}`);
        assert.doesNotMatch(reply, /个人（市民）还是企业|请核对/, 'a new intake began');
      }
    }
  });

  it('answers a second click after the first was answered with the same ticket', async () => {
    await toSummary('double-late');
    const first = await send(0, 'double-late', '确认提交');
    const second = await send(1, 'double-late', '确认提交');
    const [id] = await ticketsOf('double-late');
    assert.ok(id !== undefined && first.includes(id), first);
    assert.equal(second, `您的诉求已经提交，工单号 ${id}，无需再次确认。`);
    assert.deepEqual(await ticketsOf('double-late'), [id]);
  });
});
