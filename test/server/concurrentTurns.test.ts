import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import { FRIDAY_3PM } from '../support/dialogHarness';
import { cleanup, connect, REDIS_URL, testPrefix } from '../support/redis';

interface Activity {
  type: string;
  text?: string;
}

const PEOPLE = 30;

/** Two instances of the real app on one Redis, as behind a load balancer; Emulator requests. */
describe('a double click on 确认提交, over HTTP on two instances', function () {
  this.timeout(120_000);
  let apps: App[];
  let bases: string[];
  let prefix: string;
  let seq = 0;

  before(async () => {
    prefix = testPrefix();
    const config = loadConfig({ REDIS_URL, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'silent' });
    apps = [];
    bases = [];
    for (let i = 0; i < 2; i++) {
      const app = await createApp(config, { logger: pino({ level: 'silent' }), clock: FRIDAY_3PM });
      await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
      apps.push(app);
      bases.push(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
    }
  });

  after(async () => {
    for (const app of apps) await app.close();
    await cleanup(connect(), prefix);
  });

  async function send(instance: number, user: string, text: string): Promise<string> {
    seq += 1;
    const res = await fetch(`${bases[instance]}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `act-${seq}`,
        text,
        channelId: 'emulator',
        serviceUrl: 'http://127.0.0.1:1',
        deliveryMode: 'expectReplies',
        from: { id: user, name: 'Test User' },
        recipient: { id: 'bot' },
        conversation: { id: `conv-${user}` },
        locale: 'zh-CN',
      }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const body = (await res.json()) as { activities: Activity[] };
    return body.activities
      .filter((a) => a.type === 'message')
      .map((a) => a.text ?? '')
      .join('\n');
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
