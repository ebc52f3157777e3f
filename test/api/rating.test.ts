import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { AccessTokens } from '../../src/access/tokens';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import { RedisTokenStore } from '../../src/store/redis/tokenStore';
import { FakeConnector, type Captured } from '../channels/teams/fakes';
import { FRIDAY_3PM } from '../support/dialogHarness';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';

/**
 * The requester's side of a ticket's end, over HTTP against real Redis: filed in the chat,
 * answered through the departments' API, rated from the chat, reopened, answered again, rated.
 */
describe('Rating over HTTP', () => {
  let app: App;
  let base: string;
  let prefix: string;
  let housing: string;
  let seq = 0;
  const emulator = new FakeConnector();

  before(async () => {
    await emulator.start();
    prefix = testPrefix();
    const config = loadConfig({ ...REDIS_ENV, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'silent' });
    app = await createApp(config, { logger: pino({ level: 'silent' }), clock: FRIDAY_3PM });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    const { port } = app.server.address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
    const redis = connect();
    try {
      const access = new AccessTokens(
        new RedisTokenStore(redis, new RedisKeys(prefix)),
        FRIDAY_3PM,
        new Set(['housing']),
      );
      housing = (await access.create({ role: 'department', department: 'housing', name: '张三' }))
        .token;
    } finally {
      await redis.quit();
    }
  });

  after(async () => {
    await app.close();
    await emulator.close();
    await cleanup(connect(), prefix);
  });

  /** What the person says in the Emulator chat, and what the bot answers in the same turn. */
  async function say(text: string): Promise<string> {
    seq += 1;
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `rating-${seq}`,
        text,
        channelId: 'emulator',
        serviceUrl: emulator.serviceUrl,
        deliveryMode: 'expectReplies',
        from: { id: 'rater', name: 'Test User' },
        recipient: { id: 'bot' },
        conversation: { id: 'conv-rater' },
        locale: 'zh-CN',
      }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const out = (await res.json()) as { activities: { text?: string }[] };
    return out.activities.map((a) => a.text ?? '').join('\n');
  }

  async function department(id: string, action: string, body: unknown): Promise<void> {
    const res = await fetch(`${base}/api/tickets/${id}/${action}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${housing}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200, await res.text());
  }

  /** The messages the bot sent on its own into the person's chat since the last look. */
  async function news(): Promise<Captured['activity'][]> {
    await app.tickets.settle();
    return emulator
      .take()
      .filter((c) => c.conversationId === 'conv-rater')
      .map((c) => c.activity);
  }

  it('files, is answered, rates 不满意 with a comment, is answered again and rates 满意', async () => {
    await say('我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路');
    await say('市民');
    await say('跳过');
    const filed = await say('确认提交');
    const id = /QD20261127-\d{6}/.exec(filed)?.[0];
    assert.ok(id, filed);

    await department(id, 'accept', {});
    await department(id, 'reply', { message: '已责令物业退还多收的停车费' });
    const [accepted, replied] = await news();
    assert.equal(accepted?.text, `您的工单 ${id} 已由住房和城乡建设局签收，正在办理。`);
    assert.equal(
      replied?.text,
      `您的工单 ${id} 已由住房和城乡建设局答复：\n已责令物业退还多收的停车费\n\n请您对办理结果作出评价：`,
    );
    const buttons = replied?.suggestedActions?.actions ?? [];
    assert.deepEqual(
      buttons.map((b) => b.title),
      ['满意', '基本满意', '不满意'],
    );

    // The person taps 不满意: the button posts its value back as their message.
    const dissatisfied = buttons.find((b) => b.title === '不满意')?.value ?? '';
    assert.equal(dissatisfied, `评价 ${id} 不满意`);
    // The rating is recorded at once; what is unsolved is asked after it.
    assert.equal(
      await say(dissatisfied),
      `已记录您的评价：不满意。工单 ${id} 已退回住房和城乡建设局重新办理，并列入督办；` +
        '重新答复后会在这里通知您，并请您再次评价。\n' +
        '请简单说说还有哪些问题没有解决，不想说可回复“跳过”。',
    );
    assert.equal(
      await say('只退了一个月的'),
      `已把您的说明记入工单 ${id}，办理单位重新办理时会看到。`,
    );

    await department(id, 'reply', { message: '已督促物业退还全部多收费用' });
    const [again] = await news();
    assert.match(again?.text ?? '', /已督促物业退还全部多收费用/);
    const satisfied = again?.suggestedActions?.actions.find((b) => b.title === '满意')?.value;
    assert.equal(satisfied, `评价 ${id} 满意`);
    assert.equal(await say(satisfied), `已记录您对工单 ${id} 的评价：满意。感谢您的监督！`);
    assert.equal(
      await say(`评价 ${id} 不满意`),
      `工单 ${id} 已经评价过（满意），不能再次评价。感谢您的监督！`,
    );

    const redis = connect();
    try {
      const store = new RedisTicketStore(redis, new RedisKeys(prefix));
      const ticket = await store.get(id);
      assert.ok(ticket, 'ticket');
      assert.deepEqual(
        [
          ticket.status,
          ticket.rating,
          ticket.reopenCount,
          ticket.supervised,
          ticket.leadDepartment,
        ],
        ['rated', 'satisfied', 1, true, 'housing'],
      );
      const history = await store.history(id);
      assert.deepEqual(
        history.map((e) => [e.type, e.actor.role ?? e.actor.kind]),
        [
          ['created', 'bot'],
          ['accept', 'department'],
          ['reply', 'department'],
          ['reopen', 'requester'],
          ['note', 'requester'],
          ['reply', 'department'],
          ['rate', 'requester'],
        ],
      );
      assert.deepEqual(history[3]?.data, { rating: 'dissatisfied', requesterType: 'citizen' });
      assert.equal(history[3]?.actor.id, 'emulator:rater');
      assert.equal(history[4]?.note, '只退了一个月的');
      assert.deepEqual(history[4]?.data, { about: 'rating', requesterType: 'citizen' });
      assert.deepEqual(history[6]?.data, { rating: 'satisfied', requesterType: 'citizen' });
    } finally {
      await redis.quit();
    }

    const status = await say(`查询 ${id}`);
    assert.match(status, /住房和城乡建设局已签收/);
    assert.match(status, /您的评价：不满意；已退回住房和城乡建设局重新办理，列入督办/);
    assert.match(status, /您补充说明：只退了一个月的/);
    assert.match(status, /住房和城乡建设局答复：已督促物业退还全部多收费用\n.*您的评价：满意$/);
  });
});
