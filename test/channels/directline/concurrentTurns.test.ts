import type { Activity } from 'botframework-directlinejs';
import { strict as assert } from 'node:assert';
import { messages } from '../../../dialogs/messages';
import { DIRECT_LINE_CHANNEL_ID } from '../../../src/channels/directline';
import { RedisConversationLock } from '../../../src/store/redis/conversationLock';
import { RedisKeys } from '../../../src/store/redis/keys';
import { cleanup, connect, testPrefix } from '../../support/redis';
import {
  getJson,
  MovableClock,
  postJson,
  REQUEST,
  startInstance,
  textOf,
  webChatToken,
  type Instance,
} from './support';

/** Direct Line runs its turns through the same per-conversation lock as /api/messages. */
describe('Direct Line: a double click on 确认提交 on two instances', function () {
  this.timeout(30_000);
  let prefix: string;
  let instances: Instance[];

  before(async () => {
    prefix = testPrefix();
    const clock = new MovableClock();
    instances = [await startInstance(prefix, clock), await startInstance(prefix, clock)];
  });

  after(async () => {
    for (const i of instances) await i.app.close();
    await cleanup(connect(), prefix);
  });

  it('files one ticket and both replies name it', async () => {
    const [a, b] = instances;
    assert.ok(a !== undefined && b !== undefined, 'a !== undefined && b !== undefined');
    const t = await webChatToken(a.base);
    assert.equal((await postJson(`${a.domain}/conversations`, t.token, {})).status, 201);
    const say = (on: Instance, text: string, n: number) =>
      postJson(`${on.domain}/conversations/${t.conversationId}/activities`, t.token, {
        type: 'message',
        from: { id: t.userId },
        text,
        channelData: { clientActivityID: `click-${n}` },
      });
    for (const [n, text] of [REQUEST, '市民', '跳过'].entries()) {
      assert.equal((await say(a, text, n)).status, 200);
    }
    const clicks = await Promise.all([say(a, '确认提交', 10), say(b, '确认提交', 11)]);
    assert.deepEqual(
      clicks.map((c) => c.status),
      [200, 200],
    );

    const log = await getJson(`${a.domain}/conversations/${t.conversationId}/activities`, t.token);
    const activities = (log.body.activities ?? []) as Activity[];
    const afterClicks = activities.slice(
      activities.findIndex((x) => x.from.id === t.userId && textOf(x) === '确认提交'),
    );
    const answers = afterClicks.filter((x) => x.from.id !== t.userId).map(textOf);
    const ids = answers.map((text) => /QD\d{8}-\d{6}/.exec(text)?.[0]);
    assert.equal(answers.length, 2, answers.join('\n'));
    assert.ok(ids[0] !== undefined && ids[0] === ids[1], answers.join('\n'));
  });

  it('answers 503 CONVERSATION_BUSY while another turn holds the conversation, and runs the retry', async () => {
    const [a] = instances;
    assert.ok(a !== undefined, 'a !== undefined');
    const t = await webChatToken(a.base);
    assert.equal((await postJson(`${a.domain}/conversations`, t.token, {})).status, 201);
    const redis = connect();
    const lock = new RedisConversationLock(redis, new RedisKeys(prefix));
    const key = `${DIRECT_LINE_CHANNEL_ID}/conversations/${t.conversationId}/`;
    const hold = await lock.tryAcquire(key, 20_000);
    assert.ok(hold !== null, 'hold !== null');
    const post = () =>
      postJson(`${a.domain}/conversations/${t.conversationId}/activities`, t.token, {
        type: 'message',
        from: { id: t.userId },
        text: '我的工单',
        channelData: { clientActivityID: 'held-1' },
      });
    const refused = await post();
    assert.equal(refused.status, 503);
    assert.equal(refused.body.code, 'CONVERSATION_BUSY');

    await lock.release(key, hold);
    await redis.quit();
    const retried = await post();
    assert.equal(retried.status, 200);
    const log = await getJson(`${a.domain}/conversations/${t.conversationId}/activities`, t.token);
    const activities = (log.body.activities ?? []) as Activity[];
    const mine = activities.filter((x) => x.from.id === t.userId).map(textOf);
    assert.deepEqual(mine, ['我的工单'], 'the message is logged once');
    const busy = messages('zh').busy;
    const answers = activities
      .slice(activities.findIndex((x) => x.from.id === t.userId))
      .filter((x) => x.from.id !== t.userId)
      .map(textOf);
    assert.equal(answers[0], busy);
    assert.ok(
      answers.length >= 2 && answers.slice(1).every((x) => x !== busy),
      answers.join(' | '),
    );
  });
});
