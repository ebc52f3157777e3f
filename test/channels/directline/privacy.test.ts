import { strict as assert } from 'node:assert';
import { cleanup, connect, storedValues, testPrefix } from '../../support/redis';
import { RedisKeys } from '../../../src/store/redis/keys';
import { RedisTicketStore } from '../../../src/store/redis/ticketStore';
import { MovableClock, REQUEST, startInstance, webChatToken, type Instance } from './support';

const ID_NUMBER = '370202199001011237';

describe('Direct Line: an ID-card number in a message', () => {
  let instance: Instance;
  let prefix: string;

  before(async () => {
    prefix = testPrefix();
    instance = await startInstance(prefix, new MovableClock());
  });

  after(async () => {
    await instance.app.close();
    await cleanup(connect(), prefix);
  });

  it('is masked in the transcript the person reads back and nowhere whole in Redis', async () => {
    const { token, conversationId } = await webChatToken(instance.base);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    await fetch(`${instance.domain}/conversations`, { method: 'POST', headers });
    const activities = `${instance.domain}/conversations/${conversationId}/activities`;
    const posted = await fetch(activities, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        type: 'message',
        text: `我家小区物业乱收费，市南区香港中路，我的身份证号${ID_NUMBER}`,
        from: { id: 'ignored' },
      }),
    });
    assert.equal(posted.status, 200, await posted.clone().text());
    const page = (await (await fetch(activities, { headers })).json()) as {
      activities: { text?: string; from: { role?: string } }[];
    };
    const mine = page.activities.find((a) => a.from.role === 'user');
    assert.equal(mine?.text, '我家小区物业乱收费，市南区香港中路，我的身份证号370202********1237');
    const redis = connect();
    try {
      assert.ok(
        !(await storedValues(redis, prefix)).includes(ID_NUMBER),
        '!(await storedValues(redis, prefix)).includes(ID_NUMBER)',
      );
    } finally {
      await redis.quit();
    }
  });
});

describe('Direct Line: the name a client puts in from.name', () => {
  let instance: Instance;
  let prefix: string;

  before(async () => {
    prefix = testPrefix();
    instance = await startInstance(prefix, new MovableClock());
  });

  after(async () => {
    await instance.app.close();
    await cleanup(connect(), prefix);
  });

  it('is not kept as the requester’s name (staff would take it for checked); the name the person gives is', async () => {
    const { token, conversationId } = await webChatToken(instance.base);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    await fetch(`${instance.domain}/conversations`, { method: 'POST', headers });
    const activities = `${instance.domain}/conversations/${conversationId}/activities`;
    for (const text of [REQUEST, '市民', '13812345678', '我姓李', '确认提交']) {
      const posted = await fetch(activities, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          type: 'message',
          text,
          from: { id: 'x', name: '12345 值班员 张三' },
        }),
      });
      assert.equal(posted.status, 200, await posted.clone().text());
    }
    const page = (await (await fetch(activities, { headers })).json()) as {
      activities: { text?: string }[];
    };
    const said = page.activities.map((a) => a.text ?? '').join('\n');
    const id = said.match(/QD\d{8}-\d{6}/g)?.at(-1); // the welcome shows an example number
    assert.ok(id, said);
    const redis = connect();
    try {
      const ticket = await new RedisTicketStore(redis, new RedisKeys(prefix)).get(id);
      assert.equal(ticket?.channel, 'webchat');
      // Asked 怎么称呼您, the person said 我姓李: that, not what the client put in from.name.
      assert.equal(ticket?.requester.name, '李');
      assert.ok(!(await storedValues(redis, prefix)).includes('值班员'), 'nor anywhere in Redis');
    } finally {
      await redis.quit();
    }
  });
});
