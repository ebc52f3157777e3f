import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { HotlineClassifier } from '../../src/nlu';
import type { App } from '../../src/app';
import { inspectDurability } from '../../src/store/redis/durability';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import { FRIDAY_3PM } from '../support/dialogHarness';
import { sayAsEmulator, startApp, type BotMessage } from '../support/emulator';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';

type Activity = BotMessage;

/** The real server on a free port, over a real Redis, driven through POST /api/messages. */
describe('HTTP surface', () => {
  let app: App;
  let base: string;
  let prefix: string;

  before(async () => {
    prefix = testPrefix();
    ({ app, base } = await startApp({ ...REDIS_ENV, REDIS_KEY_PREFIX: prefix }, FRIDAY_3PM));
  });

  after(async () => {
    await app.close();
    await cleanup(connect(), prefix);
  });

  const send = (user: string, text: string): Promise<Activity[]> => sayAsEmulator(base, user, text);

  const texts = (acts: Activity[]) => acts.map((a) => a.text ?? '').join('\n');

  it('answers liveness and readiness', async () => {
    const health = await fetch(`${base}/healthz`);
    assert.equal(health.status, 200);
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    const body = (await ready.json()) as Record<string, unknown>;
    assert.deepEqual([body.status, body.store], ['ready', 'redis']);
    // The shared test Redis keeps nothing on disk: reported, not refused, outside production.
    const redis = connect();
    try {
      assert.deepEqual(body.durability, await inspectDurability(redis));
    } finally {
      await redis.quit();
    }
  });

  it('greets a person who joins', async () => {
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'conversationUpdate',
        id: 'join-1',
        channelId: 'emulator',
        serviceUrl: 'http://127.0.0.1:1',
        deliveryMode: 'expectReplies',
        from: { id: 'joiner' },
        recipient: { id: 'bot' },
        conversation: { id: 'conv-joiner' },
        membersAdded: [{ id: 'joiner' }, { id: 'bot' }],
      }),
    });
    const body = (await res.json()) as { activities: Activity[] };
    assert.equal(body.activities.length, 1);
    assert.match(body.activities[0]?.text ?? '', /12345.*人工/s);
  });

  it('drives a whole intake over HTTP and the ticket lands in Redis', async () => {
    assert.match(
      texts(await send('http-user', '我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路')),
      /市民/,
    );
    assert.match(texts(await send('http-user', '市民')), /电话/);
    assert.match(texts(await send('http-user', '13812345678')), /怎么称呼您/);
    const summary = await send('http-user', '王先生');
    assert.ok(
      summary.some((a) => (a.attachments ?? []).length > 0),
      'summary card',
    );
    const done = texts(await send('http-user', '确认提交'));
    const id = /QD20261127-\d{6}/.exec(done)?.[0];
    assert.ok(id, done);

    const redis = connect();
    try {
      const store = new RedisTicketStore(redis, new RedisKeys(prefix));
      const ticket = await store.get(id);
      assert.equal(ticket?.firstContactDepartment, 'housing');
      assert.equal(ticket?.requester.key, 'emulator:http-user');
      assert.equal(ticket?.requester.name, '王先生');
      assert.equal(ticket?.conversation.conversationId, 'conv-http-user');
      assert.equal(ticket?.status, 'dispatched');
      assert.equal((await store.history(id)).length, 1);
    } finally {
      await redis.quit();
    }
    assert.match(texts(await send('http-user', `查询 ${id}`)), /已受理/);
  });

  it("apologises in the person's language when a turn fails, and keeps serving", async () => {
    const stub = sinon.stub(HotlineClassifier.prototype, 'classify').throws(new Error('boom'));
    try {
      assert.match(texts(await send('unlucky', '我想反映个问题')), /抱歉，系统出了点问题/);
      assert.match(texts(await send('unlucky-en', 'I want to report a problem')), /Sorry/);
    } finally {
      stub.restore();
    }
    assert.match(texts(await send('unlucky', '你好')), /12345/);
  });

  it('rejects a malformed activity with 400 and keeps serving', async () => {
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type": "message", "text": ',
    });
    assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
  });
});
