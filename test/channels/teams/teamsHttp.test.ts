import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import sinon from 'sinon';
import { z } from 'zod';
import type { TurnContext } from 'botbuilder';
import { MainDialog } from '../../../dialogs/mainDialog';
import { enterpriseMessages } from '../../../dialogs/enterpriseMessages';
import { messages } from '../../../dialogs/messages';
import { AccessTokens } from '../../../src/access/tokens';
import { createApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { RedisKeys } from '../../../src/store/redis/keys';
import { RedisTenantDirectory } from '../../../src/store/redis/tenantDirectory';
import { RedisTicketStore } from '../../../src/store/redis/ticketStore';
import { RedisTokenStore } from '../../../src/store/redis/tokenStore';
import { FRIDAY_3PM } from '../../support/dialogHarness';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../../support/redis';
import {
  FakeConnector,
  LocalOpenId,
  StaticTokenCredentials,
  teamsMessage,
  type ConversationType,
  type SentActivity,
  type TeamsUser,
} from './fakes';

const zh = messages('zh');

/** The part of an Adaptive Card with a choice set the tests read. */
const ChoiceCardSchema = z.object({
  contentType: z.literal('application/vnd.microsoft.card.adaptive'),
  content: z.object({
    body: z.array(
      z.object({ type: z.string(), choices: z.array(z.object({ value: z.string() })).optional() }),
    ),
  }),
});
/** The data a card's submit button carries (dialogs/choiceStyle). */
const SentCardDataSchema = z.object({
  content: z.object({
    actions: z.array(z.object({ data: z.record(z.string(), z.string()).optional() })),
  }),
});
const APP_ID = '7f1c2a4e-3b5d-4c6e-8f90-a1b2c3d4e5f6';
const BOT_ID = `28:${APP_ID}`;
const OUTBOUND_TOKEN = 'static-outbound-token';
const TENANT = '9c1f5e2a-0b3d-4e6f-8a7b-1c2d3e4f5a6b';
const CREDIT_CODE = '91350100M000100Y43';
const REQUEST = '我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路';

const alice: TeamsUser = {
  id: '29:alice',
  aadObjectId: 'aad-alice',
  name: '王丽',
  tenantId: TENANT,
};
const bob: TeamsUser = { id: '29:bob', aadObjectId: 'aad-bob', name: '李强', tenantId: TENANT };

let people = 0;
/** A person of their own, in a tenant of their own unless one is given. */
function someone(tenantId = randomUUID()): TeamsUser {
  people += 1;
  return { id: `29:p${people}`, aadObjectId: `aad-p${people}`, name: `用户${people}`, tenantId };
}

interface Running {
  app: App;
  base: string;
  prefix: string;
}

async function start(env: Record<string, string>, botCredentials?: StaticTokenCredentials) {
  const prefix = testPrefix();
  const config = loadConfig({
    ...REDIS_ENV,
    REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'silent',

    ...env,
  });
  const app = await createApp(config, {
    logger: pino({ level: 'silent' }),
    clock: FRIDAY_3PM,
    ...(botCredentials ? { botCredentials } : {}),
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  return { app, base: `http://127.0.0.1:${port}`, prefix };
}

async function stop(running: Running): Promise<void> {
  await running.app.close();
  await cleanup(connect(), running.prefix);
}

/** One Teams user in one conversation, posting messages with fresh activity ids. */
class Chat {
  private static seq = 0;
  readonly conversationId: string;

  constructor(
    private readonly running: () => Running,
    private readonly connector: FakeConnector,
    readonly user: TeamsUser,
    readonly type: ConversationType,
    private readonly token?: (serviceUrl: string) => string,
    conversationId?: string,
  ) {
    Chat.seq += 1;
    this.conversationId =
      conversationId ??
      (type === 'personal'
        ? `a:1personal-${user.aadObjectId}-${Chat.seq}`
        : type === 'groupChat'
          ? `19:group-${Chat.seq}@thread.v2`
          : `19:channel-${Chat.seq}@thread.tacv2;messageid=17000000000${Chat.seq}`);
  }

  activity(text: string, options: { mention?: boolean; id?: string } = {}) {
    Chat.seq += 1;
    return teamsMessage({
      id: options.id ?? `f:${Chat.seq}`,
      text,
      user: this.user,
      botId: BOT_ID,
      serviceUrl: this.connector.serviceUrl,
      conversationId: this.conversationId,
      conversationType: this.type,
      ...(options.mention === undefined ? {} : { mention: options.mention }),
    });
  }

  async post(activity: Record<string, unknown>, authorization?: string): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const auth =
      authorization ??
      (this.token ? `Bearer ${this.token(String(activity.serviceUrl))}` : undefined);
    if (auth !== undefined) headers.authorization = auth;
    return fetch(`${this.running().base}/api/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify(activity),
    });
  }

  /** Answers whatever the intake asks until it shows the summary; returns every question. */
  async fileUntilSummary(request: string, mention = false): Promise<string> {
    const asked: string[] = [];
    let reply = await this.say(request, { mention });
    for (let turn = 0; turn < 6 && !reply.includes(zh.summaryIntro); turn++) {
      asked.push(reply);
      const answer = reply.includes(zh.askEnterpriseName)
        ? '青岛海联物流有限公司'
        : reply.includes(zh.askCreditCode)
          ? CREDIT_CODE
          : reply.includes(zh.askPhone)
            ? '13812345678'
            : assert.fail(`unexpected question: ${reply}`);
      reply = await this.say(answer, { mention });
    }
    assert.match(reply, new RegExp(zh.summaryIntro));
    return asked.join('\n');
  }

  /** Posts `activity`, returns the messages the bot sent to this conversation. */
  async turn(activity: Record<string, unknown>): Promise<SentActivity[]> {
    const res = await this.post(activity);
    assert.equal(res.status, 200, await res.text());
    return this.connector
      .take()
      .filter((c) => c.conversationId === this.conversationId && c.activity.type === 'message')
      .map((c) => c.activity);
  }

  /** What Teams posts when the person presses a card's submit: no text, the card's inputs. */
  submit(value: Record<string, unknown>): Record<string, unknown> {
    const { text: _typed, ...activity } = this.activity('');
    return { ...activity, value };
  }

  /** Sends `text`, returns the texts the bot replied with (through the fake Bot Connector). */
  async say(text: string, options: { mention?: boolean } = {}): Promise<string> {
    const res = await this.post(this.activity(text, options));
    assert.equal(res.status, 200, await res.text());
    return this.connector
      .take()
      .filter((c) => c.conversationId === this.conversationId && c.activity.type === 'message')
      .map((c) => c.activity.text ?? '')
      .join('\n');
  }
}

/** The registration the Teams suites run under, with tokens from a local OpenID issuer. */
function registered(openId: LocalOpenId): Record<string, string> {
  return {
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'never-used-in-tests',
    ToBotFromChannelOpenIdMetadataUrl: openId.metadataUrl,
    ToBotFromChannelTokenIssuer: openId.issuer,
    // Emulator tokens (Azure AD, for the bot's own app) are checked against the same keys here.
    ToBotFromEmulatorOpenIdMetadataUrl: openId.metadataUrl,
  };
}

describe('Teams over HTTP', () => {
  const connector = new FakeConnector();
  const openId = new LocalOpenId();
  let running: Running;
  const signed = (serviceUrl: string) => openId.token({ aud: APP_ID, serviceurl: serviceUrl });
  const chat = (user: TeamsUser, type: ConversationType) =>
    new Chat(() => running, connector, user, type, signed);

  before(async () => {
    await Promise.all([connector.start(), openId.start()]);
    running = await start(registered(openId), new StaticTokenCredentials(APP_ID, OUTBOUND_TOKEN));
  });

  after(async () => {
    await stop(running);
    await Promise.all([connector.close(), openId.close()]);
  });

  afterEach(() => {
    connector.take();
  });

  it("replies in a personal chat through the Bot Connector at the activity's serviceUrl", async () => {
    const c = chat(alice, 'personal');
    const activity = c.activity('帮助');
    const res = await c.post(activity);
    assert.equal(res.status, 200);
    const [reply, ...more] = connector.take();
    assert.equal(more.length, 0);
    assert.equal(reply?.conversationId, c.conversationId);
    assert.equal(reply?.replyTo, activity.id);
    assert.equal(reply?.activity.text, zh.help);
  });

  it('keeps an intake per member in a group chat, so colleagues do not answer for each other', async () => {
    const tenant = randomUUID();
    const first = chat(someone(tenant), 'groupChat');
    const second = new Chat(
      () => running,
      connector,
      someone(tenant),
      'groupChat',
      signed,
      first.conversationId,
    );
    assert.match(await first.say(REQUEST, { mention: true }), new RegExp(zh.askEnterpriseName));
    // The colleague's greeting is their own turn, not an answer to the first one's question.
    assert.match(await second.say('你好', { mention: true }), /12345/);
    assert.match(
      await first.say('青岛海联物流有限公司', { mention: true }),
      new RegExp(zh.askCreditCode),
    );
  });

  it('stays silent in a group chat when not mentioned', async () => {
    assert.equal(await chat(alice, 'groupChat').say('帮助'), '');
  });

  it('stays silent in a channel when not mentioned', async () => {
    assert.equal(await chat(alice, 'channel').say(REQUEST), '');
  });

  it('answers in a group chat when mentioned, the dialogs seeing the text without the mention', async () => {
    assert.equal(await chat(alice, 'groupChat').say('帮助', { mention: true }), zh.help);
  });

  it('takes a command that also @mentions a colleague as the command, in and out of a form', async () => {
    const user = someone();
    const plain = await chat(user, 'groupChat').say('催办', { mention: true });
    const group = chat(user, 'groupChat');
    assert.equal(await group.say('<at>Emily Zhang</at> 催办', { mention: true }), plain);
    assert.match(await group.say(REQUEST, { mention: true }), new RegExp(zh.askEnterpriseName));
    assert.equal(await group.say('<at>李强</at> 取消', { mention: true }), zh.cancelled);
  });

  it('answers in a channel when mentioned', async () => {
    assert.equal(await chat(alice, 'channel').say('帮助', { mention: true }), zh.help);
  });

  it('greets once when installed, and not every person who joins a team', async () => {
    const c = chat(alice, 'channel');
    const update = (membersAdded: { id: string }[], id: string) => ({
      ...c.activity('', { id }),
      type: 'conversationUpdate',
      text: undefined,
      membersAdded,
    });
    assert.equal((await c.post(update([{ id: BOT_ID }], 'install'))).status, 200);
    assert.deepEqual(
      connector.take().map((x) => x.activity.text),
      [zh.welcome],
    );
    assert.equal((await c.post(update([{ id: '29:newcomer' }], 'joined'))).status, 200);
    assert.deepEqual(connector.take(), []);
  });

  it('says a photo sent with words is not seen nor kept, and reads the words', async () => {
    const c = chat(someone(), 'personal');
    const photo = {
      ...c.activity(REQUEST),
      attachments: [
        {
          contentType: 'image/png',
          contentUrl: 'https://smba.example/v3/attachments/1/views/original',
        },
      ],
    };
    const texts = (await c.turn(photo)).map((a) => a.text);
    assert.equal(texts[0], zh.attachmentNotKept);
    assert.match(texts[1] ?? '', new RegExp(zh.askEnterpriseName));
    // Teams' own HTML copy of a formatted message is no file.
    const other = chat(someone(), 'personal');
    const formatted = {
      ...other.activity('帮助'),
      attachments: [{ contentType: 'text/html', content: '<p><b>帮助</b></p>' }],
    };
    assert.deepEqual(
      (await other.turn(formatted)).map((a) => a.text),
      [zh.help],
    );
  });

  describe('an edited or deleted message', () => {
    /** What Teams posts when a message is edited or deleted: the same id as the message. */
    const changed = (
      c: Chat,
      sent: Record<string, unknown>,
      type: 'messageUpdate' | 'messageDelete',
      text?: string,
    ) => ({
      ...sent,
      type,
      text,
      channelData: {
        ...(sent.channelData as object),
        eventType: type === 'messageUpdate' ? 'editMessage' : 'softDeleteMessage',
      },
    });

    it('tells the person an edit is not read and what the bot noted stays, in their language', async () => {
      const c = chat(someone(), 'personal');
      const request = c.activity(REQUEST);
      assert.match((await c.turn(request))[0]?.text ?? '', new RegExp(zh.askEnterpriseName));
      const edit = changed(c, request, 'messageUpdate', REQUEST.replace('两百', '三百'));
      assert.deepEqual(
        (await c.turn(edit)).map((a) => a.text),
        [zh.messageEdited],
      );
      const english = chat(someone(), 'personal');
      const sent = english.activity('The property company overcharges me for parking every month');
      await english.turn(sent);
      assert.deepEqual(
        (await english.turn(changed(english, sent, 'messageUpdate', 'edited'))).map((a) => a.text),
        [messages('en').messageEdited],
      );
    });

    it('tells the person a deleted message does not undo what the bot read', async () => {
      const c = chat(someone(), 'personal');
      const sent = c.activity(REQUEST);
      await c.turn(sent);
      assert.deepEqual(
        (await c.turn(changed(c, sent, 'messageDelete'))).map((a) => a.text),
        [zh.messageDeleted],
      );
    });

    it('says nothing about an edit in a group chat that does not @mention the bot', async () => {
      const c = chat(someone(), 'groupChat');
      const sent = c.activity('明天开会');
      assert.deepEqual(await c.turn(sent), []);
      assert.deepEqual(await c.turn(changed(c, sent, 'messageUpdate', '后天开会')), []);
    });
  });

  it('acknowledges a re-sent activity and ignores it', async () => {
    const c = chat(alice, 'personal');
    const activity = c.activity('帮助');
    assert.equal((await c.post(activity)).status, 200);
    assert.equal(connector.take().length, 1);
    assert.equal((await c.post(activity)).status, 200);
    assert.deepEqual(connector.take(), []);
  });

  it('answers once when Teams re-sends while the first delivery is still running', async () => {
    const c = chat(alice, 'personal');
    const activity = c.activity('帮助');
    const statuses = await Promise.all([c.post(activity), c.post(activity), c.post(activity)]);
    assert.deepEqual(
      statuses.map((r) => r.status),
      [200, 200, 200],
    );
    assert.equal(connector.take().length, 1);
  });

  it('answers a chat over its limit 429 with Retry-After, having run nothing', async () => {
    const limited = await start(
      { ...registered(openId), RATE_LIMIT_MESSAGE_PER_SECOND: '1', RATE_LIMIT_MESSAGE_BURST: '1' },
      new StaticTokenCredentials(APP_ID, OUTBOUND_TOKEN),
    );
    try {
      const c = new Chat(() => limited, connector, alice, 'personal', signed);
      // A burst of 1 on top of 1 a second (the app's clock stands still here): two, then no more.
      for (const text of ['帮助', '帮助']) {
        assert.equal((await c.post(c.activity(text))).status, 200);
      }
      assert.equal(connector.take().length, 2);
      const refused = await c.post(c.activity('我要投诉'));
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '1');
      assert.deepEqual(connector.take(), [], 'a refused turn replied');
    } finally {
      await stop(limited);
    }
  });

  describe('enterprise identity', () => {
    it('asks an enterprise for its name and credit code once per tenant', async () => {
      const tenant = randomUUID();
      const a = chat({ ...alice, tenantId: tenant }, 'personal');
      const first = await a.say(REQUEST);
      assert.doesNotMatch(first, new RegExp(zh.askRequesterType), 'Teams means enterprise');
      assert.match(first, new RegExp(zh.askEnterpriseName));
      assert.match(await a.say('青岛海联物流有限公司'), new RegExp(zh.askCreditCode));
      assert.match(await a.say(CREDIT_CODE), new RegExp(zh.askPhone));
      assert.match(await a.say('13812345678'), new RegExp(zh.summaryIntro));

      const directory = new RedisTenantDirectory(connect(), new RedisKeys(running.prefix));
      assert.deepEqual(await directory.get(tenant), {
        enterpriseName: '青岛海联物流有限公司',
        creditCode: CREDIT_CODE,
      });

      // A colleague from the same tenant: straight from the request to their own phone number.
      const b = chat({ ...bob, tenantId: tenant }, 'personal');
      const colleague = await b.say('公司门口的路灯坏了一个多月，晚上很黑，市南区香港中路');
      assert.doesNotMatch(colleague, new RegExp(zh.askEnterpriseName));
      assert.doesNotMatch(colleague, new RegExp(zh.askCreditCode));
      assert.match(colleague, new RegExp(zh.askPhone));
      assert.match(await b.say('13912345678'), new RegExp(zh.summaryIntro));
      const done = await b.say('确认提交');
      const id = /QD\d{8}-\d{6}/.exec(done)?.[0];
      assert.ok(id, done);

      const redis = connect();
      try {
        const ticket = await new RedisTicketStore(redis, new RedisKeys(running.prefix)).get(id);
        assert.equal(ticket?.channel, 'msteams');
        assert.equal(ticket?.requester.key, 'msteams:aad-bob');
        assert.equal(ticket?.requester.name, '李强');
        assert.equal(ticket?.requester.type, 'enterprise');
        assert.equal(ticket?.requester.enterpriseName, '青岛海联物流有限公司');
        assert.equal(ticket?.requester.creditCode, CREDIT_CODE);
      } finally {
        await redis.quit();
      }
    });

    it('files one ticket when the confirmation is re-sent', async () => {
      const person = someone();
      const a = chat(person, 'personal');
      await a.fileUntilSummary('单位附近的下水道井盖丢了，很危险，市南区香港中路');
      const confirm = a.activity('确认提交');
      const [first, resent] = await Promise.all([a.post(confirm), a.post(confirm)]);
      assert.deepEqual([first.status, resent.status], [200, 200]);
      assert.equal((await a.post(confirm)).status, 200, 'and once more, later');
      const replies = connector.take().map((c) => c.activity.text ?? '');
      // One filing (and, for an enterprise, one priority notice), however often it was sent.
      const filed = replies.filter((r) => r.includes('已为您登记工单'));
      assert.equal(filed.length, 1, replies.join('\n'));
      assert.equal(replies.filter((r) => r.includes('企业诉求已标记优先')).length, 1);
      assert.equal(replies.length, 2, replies.join('\n'));
      const id = /QD\d{8}-\d{6}/.exec(filed[0] ?? '')?.[0];
      assert.ok(id);

      const redis = connect();
      try {
        const store = new RedisTicketStore(redis, new RedisKeys(running.prefix));
        assert.deepEqual(
          (await store.listByRequester(`msteams:${person.aadObjectId}`, 10)).map((t) => t.id),
          [id],
        );
      } finally {
        await redis.quit();
      }
    });
  });

  it('tells the requester of a ticket about progress proactively', async () => {
    const c = chat(someone(), 'channel');
    await c.fileUntilSummary('办公楼前的人行道砖松动了好几块，市南区香港中路', true);
    const done = await c.say('确认提交', { mention: true });
    const id = /QD\d{8}-\d{6}/.exec(done)?.[0];
    assert.ok(id, done);

    const redis = connect();
    try {
      const ticket = await new RedisTicketStore(redis, new RedisKeys(running.prefix)).get(id);
      assert.ok(ticket);
      await running.app.notifier.notify(ticket.conversation, `工单 ${id} 有新进展：已派单至住建局`);
    } finally {
      await redis.quit();
    }
    const [sent, ...more] = connector.take();
    assert.equal(more.length, 0);
    assert.equal(sent?.conversationId, c.conversationId);
    assert.equal(sent?.activity.text, `工单 ${id} 有新进展：已派单至住建局`);
  });

  it('tells the requester in the same chat when a department accepts and answers over the API', async () => {
    const c = chat(someone(), 'personal');
    await c.fileUntilSummary(REQUEST);
    const id = /QD\d{8}-\d{6}/.exec(await c.say('确认提交'))?.[0];
    assert.ok(id);
    connector.take();

    const redis = connect();
    let token: string;
    try {
      const access = new AccessTokens(
        new RedisTokenStore(redis, new RedisKeys(running.prefix)),
        FRIDAY_3PM,
        new Set(['housing']),
      );
      token = (await access.create({ role: 'department', department: 'housing' })).token;
    } finally {
      await redis.quit();
    }
    const post = async (action: string, body: unknown) => {
      const res = await fetch(`${running.base}/api/tickets/${id}/${action}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(res.status, 200, await res.text());
    };
    await post('accept', {});
    await post('reply', { message: '已责令物业退还 [多收](http://x.example) 的费用' });
    await running.app.tickets.settle();

    const sent = connector.take();
    assert.deepEqual(
      sent.map((s) => s.conversationId),
      [c.conversationId, c.conversationId],
      "in the requester's own chat",
    );
    assert.equal(sent[0]?.activity.text, `您的工单 ${id} 已由住房和城乡建设局签收，正在办理。`);
    assert.equal(
      sent[1]?.activity.text,
      `您的工单 ${id} 已由住房和城乡建设局答复：\n已责令物业退还 \\[多收\\]\\(http\\:\\/\\/x\\.example\\) 的费用` +
        '\n\n请您对办理结果作出评价：',
    );
    assert.deepEqual(
      sent[1]?.activity.suggestedActions?.actions.map((a) => [a.type, a.title, a.value]),
      [
        ['imBack', '满意', `评价 ${id} 满意`],
        ['imBack', '基本满意', `评价 ${id} 基本满意`],
        ['imBack', '不满意', `评价 ${id} 不满意`],
      ],
      'the rating is asked with buttons that post the answer back',
    );
    assert.equal(sent[1]?.authorization, `Bearer ${OUTBOUND_TOKEN}`);
  });

  describe('我的工单 for an enterprise', () => {
    const e = enterpriseMessages('zh');

    /** Files REQUEST-like text for `c` and returns the ticket id. */
    async function file(c: Chat, request: string): Promise<string> {
      await c.fileUntilSummary(request);
      const done = await c.say('确认提交');
      const id = /QD\d{8}-\d{6}/.exec(done)?.[0];
      assert.ok(id, done);
      return id;
    }

    it("lists a colleague's ticket for the enterprise, without their name or phone", async () => {
      const tenant = randomUUID();
      const filer = { ...someone(tenant), name: '王丽' };
      const colleague = someone(tenant);
      const id = await file(chat(filer, 'personal'), REQUEST);
      const own = await file(
        chat(colleague, 'personal'),
        '公司门口的路灯坏了一个多月，晚上很黑，市南区香港中路',
      );

      const list = await chat(colleague, 'personal').say('我的工单');
      assert.ok(list.startsWith(e.statusListIntro('青岛海联物流有限公司')), list);
      assert.ok(list.includes(`${id}｜`), list);
      assert.ok(list.includes(own), list);
      assert.equal(list.split('\n').filter((l) => l.endsWith(e.colleagueMark)).length, 1, list);
      assert.ok(!list.includes('王丽') && !list.includes('13812345678') && !list.includes('5678'));
    });

    it("shows a colleague's ticket by number without its handling record", async () => {
      const tenant = randomUUID();
      const id = await file(chat(someone(tenant), 'personal'), REQUEST);
      const detail = await chat(someone(tenant), 'personal').say(`查询 ${id}`);
      assert.ok(detail.includes(`工单 ${id}`), detail);
      assert.ok(detail.includes(e.colleagueDetail), detail);
      assert.ok(!detail.includes(zh.historyIntro), detail);
    });

    it("urges a colleague's ticket that 我的工单 lists, saying whose it is", async () => {
      const tenant = randomUUID();
      const id = await file(chat(someone(tenant), 'personal'), REQUEST);
      const colleague = chat(someone(tenant), 'personal');
      assert.ok((await colleague.say('我的工单')).includes(`${id}｜`));
      const urged = await colleague.say('催办');
      assert.ok(
        urged.startsWith(`工单 ${id} 是同事以本企业名义反映的事项，已为您催办工单 ${id}`),
        urged,
      );
      const again = await colleague.say(`催办 ${id}`);
      assert.match(again, new RegExp(`^工单 ${id} 是同事以本企业名义反映的事项，已于 .* 催办过`));
      assert.equal(await chat(someone(), 'personal').say(`催办 ${id}`), zh.statusNotFound(id));
    });

    it("keeps another tenant's tickets out of the list and out of reach by number", async () => {
      const id = await file(chat(someone(), 'personal'), REQUEST);
      const stranger = chat(someone(), 'personal');
      await file(stranger, '公司门口的路灯坏了一个多月，晚上很黑，市南区香港中路');
      assert.ok(!(await stranger.say('我的工单')).includes(id));
      assert.equal(await stranger.say(`查询 ${id}`), zh.statusNotFound(id));
    });
  });

  describe('修改企业信息', () => {
    const e = enterpriseMessages('zh');

    it("corrects the tenant's enterprise name with a log line, and colleagues file under it", async () => {
      const tenant = randomUUID();
      const filer = someone(tenant);
      const first = chat(filer, 'personal');
      await first.fileUntilSummary(REQUEST);
      await first.say('确认提交');

      const colleague = someone(tenant);
      const c = chat(colleague, 'personal');
      assert.equal(await c.say('修改企业信息'), e.askName('青岛海联物流有限公司'));
      assert.equal(await c.say('青岛海联国际物流有限公司'), e.askCode(CREDIT_CODE));
      assert.equal(await c.say('跳过'), e.corrected('青岛海联国际物流有限公司', CREDIT_CODE));

      const directory = new RedisTenantDirectory(connect(), new RedisKeys(running.prefix));
      assert.deepEqual(await directory.get(tenant), {
        enterpriseName: '青岛海联国际物流有限公司',
        creditCode: CREDIT_CODE,
      });
      const [change, ...more] = await directory.changes(tenant);
      assert.equal(more.length, 0);
      assert.equal(change?.by, `msteams:${colleague.aadObjectId}`);
      assert.equal(change?.before.enterpriseName, '青岛海联物流有限公司');

      // The first member's own profile still held the old name: the tenant's record wins.
      await first.fileUntilSummary('单位附近的下水道井盖丢了，很危险，市南区香港中路');
      const id = /QD\d{8}-\d{6}/.exec(await first.say('确认提交'))?.[0];
      assert.ok(id);
      const redis = connect();
      try {
        const ticket = await new RedisTicketStore(redis, new RedisKeys(running.prefix)).get(id);
        assert.equal(ticket?.requester.enterpriseName, '青岛海联国际物流有限公司');
      } finally {
        await redis.quit();
      }
    });

    it('re-asks a wrong credit code with the reason and keeps the name when skipped', async () => {
      const tenant = randomUUID();
      const c = chat(someone(tenant), 'personal');
      await c.fileUntilSummary(REQUEST);
      await c.say('确认提交');
      await c.say('修改企业信息');
      await c.say('跳过');
      const retry = await c.say('91350100M000100Y44');
      assert.ok(retry.includes('18位统一社会信用代码'), retry);
      assert.equal(
        await c.say('91370200MA3C12345E'),
        e.corrected('青岛海联物流有限公司', '91370200MA3C12345E'),
      );
    });
  });

  describe('choices on Teams', () => {
    const WITHOUT_DISTRICT = '公司门口的路灯坏了一个多月，晚上很黑，一直没人修';
    const districts = [
      '市南区',
      '市北区',
      '李沧区',
      '崂山区',
      '城阳区',
      '黄岛区',
      '即墨区',
      '胶州市',
      '平度市',
      '莱西市',
    ];

    /** The options of the one Adaptive Card in `sent`, as Teams would list them. */
    function cardChoices(sent: SentActivity[]): string[] {
      const card = ChoiceCardSchema.parse(sent.flatMap((a) => a.attachments ?? [])[0]);
      return card.content.body.flatMap((e) => e.choices?.map((c) => c.value) ?? []);
    }

    it('asks for the district with a card listing every district and 跳过, not suggested actions', async () => {
      const c = chat(someone(), 'personal');
      const sent = await c.turn(c.activity(WITHOUT_DISTRICT));
      const question = sent.find((a) => a.text === zh.askDistrict);
      assert.ok(question, JSON.stringify(sent));
      assert.equal(question.suggestedActions, undefined);
      assert.deepEqual(cardChoices([question]), [...districts, zh.skip]);
    });

    it('reads a district chosen on the card as if it had been typed', async () => {
      const c = chat(someone(), 'personal');
      await c.turn(c.activity(WITHOUT_DISTRICT));
      const next = await c.turn(c.submit({ choice: '崂山区' }));
      const texts = next.map((a) => a.text ?? '').join('\n');
      assert.ok(!texts.includes(zh.retryDistrict) && !texts.includes(zh.districtSkipped), texts);
      assert.ok(texts.includes(zh.askPlace) || texts.includes(zh.askEnterpriseName), texts);
    });

    it('answers a card submit in a group chat though it carries no @mention', async () => {
      const c = chat(someone(), 'groupChat');
      await c.turn(c.activity(WITHOUT_DISTRICT, { mention: true }));
      const next = await c.turn(c.submit({ choice: '跳过' }));
      assert.ok(
        next.some((a) => a.text === zh.districtSkipped),
        JSON.stringify(next),
      );
    });

    /** What Teams posts when the card's 确定 is pressed: the choice and the button's data. */
    function pressed(c: Chat, question: SentActivity | undefined, choice: string) {
      const card = SentCardDataSchema.parse(question?.attachments?.[0]);
      return c.submit({ choice, ...card.content.actions[0]?.data });
    }

    it('takes a card pressed after its question was answered for no answer, and says so', async () => {
      const c = chat(someone(), 'personal');
      const first = await c.turn(c.activity(WITHOUT_DISTRICT));
      const card = first.find((a) => a.text === zh.askDistrict);
      const answered = (await c.turn(pressed(c, card, '崂山区'))).map((a) => a.text ?? '');
      assert.ok(!answered.includes(zh.staleCard), answered.join('\n'));
      const open = answered.at(-1);
      // The old card again, now that another question is open: not read as its answer, and the
      // question open now is asked again, so the person knows what to answer.
      assert.deepEqual(
        (await c.turn(pressed(c, card, '市南区'))).map((a) => a.text),
        [zh.staleCardAskAgain, open],
      );
      await c.turn(c.activity('取消'));
      // With nothing open at all, the old card files nothing either.
      assert.deepEqual(
        (await c.turn(pressed(c, card, '崂山区'))).map((a) => a.text),
        [zh.staleCard],
      );
    });

    it('takes a submit whose value is not a choice for no answer', async () => {
      const c = chat(someone(), 'personal');
      await c.turn(c.activity(WITHOUT_DISTRICT));
      const next = await c.turn(c.submit({ choice: { nested: true } }));
      assert.deepEqual(
        next.map((a) => a.text),
        [zh.retryDistrict],
        'nothing read: the district is asked again',
      );
    });

    it('offers the department picker as a card with 都不是 and 转人工, and takes a pick from it', async () => {
      const c = chat(someone(), 'personal');
      await c.fileUntilSummary(REQUEST);
      const fields = cardChoices(await c.turn(c.activity(zh.notRightChoice)));
      assert.ok(fields.includes(zh.correctFields.department), fields.join(' '));
      const sent = await c.turn(c.submit({ choice: zh.correctFields.department }));
      const choices = cardChoices(sent);
      assert.equal(choices.length, 5, choices.join(' '));
      assert.deepEqual(choices.slice(3), [zh.redescribeChoice, zh.humanChoice]);
      const [department] = choices;
      assert.ok(department);
      const back = await c.turn(c.submit({ choice: department }));
      assert.match(back.map((a) => a.text ?? '').join('\n'), new RegExp(zh.summaryIntro));
    });
  });
});

describe('Teams over HTTP, authentication on', () => {
  const connector = new FakeConnector();
  const openId = new LocalOpenId();
  const credentials = new StaticTokenCredentials(APP_ID, OUTBOUND_TOKEN);
  let running: Running;
  const signed = (serviceUrl: string) => openId.token({ aud: APP_ID, serviceurl: serviceUrl });
  const chat = () => new Chat(() => running, connector, alice, 'personal', signed);

  before(async () => {
    await Promise.all([connector.start(), openId.start()]);
    running = await start(registered(openId), credentials);
  });

  after(async () => {
    await stop(running);
    await Promise.all([connector.close(), openId.close()]);
  });

  beforeEach(() => {
    // botbuilder prints every refused request with console.error.
    sinon.stub(console, 'error');
  });

  afterEach(() => {
    sinon.restore();
    connector.take();
  });

  async function refused(authorization: string | null, activity?: Record<string, unknown>) {
    const c = chat();
    const res = await c.post(activity ?? c.activity('帮助'), authorization ?? '');
    assert.equal(res.status, 401, await res.text());
    assert.deepEqual(connector.take(), [], 'nothing reaches the dialogs');
  }

  it('serves a correctly signed activity and replies with its own token', async () => {
    const c = chat();
    assert.equal(await c.say('帮助'), zh.help);
    const reply = await c.post(c.activity('帮助'));
    assert.equal(reply.status, 200);
    assert.equal(connector.take()[0]?.authorization, `Bearer ${OUTBOUND_TOKEN}`);
  });

  it('refuses an activity without a token', async () => {
    await refused(null);
  });

  it('refuses an unsigned token', async () => {
    await refused(
      `Bearer ${openId.unsignedToken({ aud: APP_ID, serviceurl: connector.serviceUrl })}`,
    );
  });

  it('refuses a token signed with another key', async () => {
    const forged = openId.token(
      { aud: APP_ID, serviceurl: connector.serviceUrl },
      { forged: true },
    );
    await refused(`Bearer ${forged}`);
  });

  it('refuses a token for another bot', async () => {
    const other = openId.token({ aud: 'another-app', serviceurl: connector.serviceUrl });
    await refused(`Bearer ${other}`);
  });

  it('refuses a token from another issuer', async () => {
    const other = openId.token({
      aud: APP_ID,
      serviceurl: connector.serviceUrl,
      iss: 'https://api.botframework.com',
    });
    await refused(`Bearer ${other}`);
  });

  it('refuses an expired token', async () => {
    const old = openId.token(
      { aud: APP_ID, serviceurl: connector.serviceUrl },
      { expiresIn: -3600 },
    );
    await refused(`Bearer ${old}`);
  });

  it('refuses a token issued for another serviceUrl', async () => {
    await refused(`Bearer ${openId.token({ aud: APP_ID, serviceurl: 'https://elsewhere.test/' })}`);
  });

  it('refuses a token whose key is not endorsed for the channel', async () => {
    const c = chat();
    const activity = { ...c.activity('帮助'), channelId: 'slack' };
    await refused(`Bearer ${signed(connector.serviceUrl)}`, activity);
  });

  it("does not let a token of the bot's own app, as the Emulator gets, speak for Teams", async () => {
    // Valid, but issued by Azure AD to whoever holds the app's password, not by the channel:
    // it vouches for no Teams user, so a body claiming one is refused.
    const emulatorToken = openId.token({
      aud: APP_ID,
      serviceurl: connector.serviceUrl,
      iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/',
      ver: '1.0',
      appid: APP_ID,
    });
    await refused(`Bearer ${emulatorToken}`);
  });

  it('sends proactive messages with its own token', async () => {
    const c = chat();
    const activity = c.activity('帮助');
    await c.post(activity);
    connector.take();
    await running.app.notifier.notify(
      {
        channelId: 'msteams',
        conversationId: c.conversationId,
        reference: {
          channelId: 'msteams',
          serviceUrl: connector.serviceUrl,
          conversation: { id: c.conversationId, tenantId: TENANT },
          bot: { id: BOT_ID },
          user: { id: alice.id, aadObjectId: alice.aadObjectId },
          activityId: String(activity.id),
        },
      },
      '工单 QD20261127-000001 有新进展',
    );
    const [sent] = connector.take();
    assert.equal(sent?.conversationId, c.conversationId);
    assert.equal(sent?.activity.text, '工单 QD20261127-000001 有新进展');
    assert.equal(sent?.authorization, `Bearer ${OUTBOUND_TOKEN}`);
  });
});

describe('Teams: a slow turn', () => {
  const connector = new FakeConnector();
  const openId = new LocalOpenId();
  let running: Running;

  before(async () => {
    await Promise.all([connector.start(), openId.start()]);
    running = await start(
      { ...registered(openId), TEAMS_ACK_AFTER_MS: '200' },
      new StaticTokenCredentials(APP_ID, OUTBOUND_TOKEN),
    );
  });

  after(async () => {
    sinon.restore();
    await stop(running);
    await Promise.all([connector.close(), openId.close()]);
  });

  it('is acknowledged before Teams would re-send it, and its reply still reaches the chat', async () => {
    // A turn that takes 1.5 s, as a slow back end would make it.
    sinon.replace(
      MainDialog.prototype,
      'run',
      sinon.fake(async (ctx: TurnContext) => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await ctx.sendActivity('slow but sure');
      }),
    );
    const signed = (serviceUrl: string) => openId.token({ aud: APP_ID, serviceurl: serviceUrl });
    const c = new Chat(() => running, connector, someone(), 'personal', signed);
    const started = Date.now();
    const res = await c.post(c.activity('我想反映个问题'));
    const answeredIn = Date.now() - started;
    assert.equal(res.status, 200);
    assert.ok(answeredIn < 1000, `answered after ${answeredIn} ms`);
    assert.deepEqual(connector.take(), [], 'nothing sent yet');

    await new Promise((resolve) => setTimeout(resolve, 1800));
    const replies = connector.take().map((r) => r.activity.text);
    assert.deepEqual(replies, ['slow but sure']);
  });
});

describe('Teams: shutdown with a turn acknowledged early', () => {
  const connector = new FakeConnector();
  const openId = new LocalOpenId();
  let running: Running;

  before(async () => {
    await Promise.all([connector.start(), openId.start()]);
    running = await start(
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'never-used-in-tests',
        ToBotFromChannelOpenIdMetadataUrl: openId.metadataUrl,
        ToBotFromChannelTokenIssuer: openId.issuer,
        TEAMS_ACK_AFTER_MS: '200',
      },
      new StaticTokenCredentials(APP_ID, OUTBOUND_TOKEN),
    );
  });

  after(async () => {
    sinon.restore();
    await cleanup(connect(), running.prefix);
    await Promise.all([connector.close(), openId.close()]);
  });

  it('lets the turn finish and send its reply before the app closes', async () => {
    sinon.replace(
      MainDialog.prototype,
      'run',
      sinon.fake(async (ctx: TurnContext) => {
        await new Promise((resolve) => setTimeout(resolve, 800));
        await ctx.sendActivity('finished during the drain');
      }),
    );
    const signed = (serviceUrl: string) => openId.token({ aud: APP_ID, serviceurl: serviceUrl });
    const c = new Chat(() => running, connector, someone(), 'personal', signed);
    const res = await c.post(c.activity('我想反映个问题'));
    assert.equal(res.status, 200);
    assert.equal(running.app.pending().teamsTurns, 1);

    await running.app.close();
    assert.deepEqual(
      connector.take().map((r) => r.activity.text),
      ['finished during the drain'],
    );
    assert.equal(running.app.pending().teamsTurns, 0);
  });
});
