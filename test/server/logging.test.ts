import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import sinon from 'sinon';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import type { Ticket } from '../../src/tickets/ticket';
import { FRIDAY_3PM } from '../support/dialogHarness';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';

const ID_NUMBER = '370202199001011237';
const REQUEST = `我们厂在即墨，出口退税三个月没有到账，我是法人，身份证号${ID_NUMBER}`;
const ENTERPRISE = '青岛海滨机械有限公司';
const CREDIT_CODE = '91370200MA3C12345E';
const PHONE = '138 1234 5678';
/** How the person asked to be addressed: theirs, like the phone. */
const NAME = '欧阳娜娜';

/** What must never be in a log line, in every form it could take there. */
const SECRETS = [
  REQUEST,
  '出口退税三个月没有到账',
  ID_NUMBER,
  '19900101',
  ENTERPRISE,
  CREDIT_CODE,
  PHONE,
  '13812345678',
  NAME,
];

/**
 * A whole conversation over HTTP at LOG_LEVEL=info, with the ticket store failing as the
 * request is confirmed the way ioredis fails (the command's arguments, the ticket's JSON,
 * on the error), and every log line searched for what the person said.
 */
describe('logs at info and above', () => {
  let app: App;
  let base: string;
  let prefix: string;
  const lines: string[] = [];

  before(async () => {
    prefix = testPrefix();
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const config = loadConfig({ ...REDIS_ENV, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'info' });
    app = await createApp(config, { logger: createLogger('info', sink), clock: FRIDAY_3PM });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await app.close();
    await cleanup(connect(), prefix);
  });

  afterEach(() => {
    sinon.restore();
  });

  type Send = (text: string) => Promise<string>;

  /** The enterprise intake, with the store failing as the summary is confirmed. */
  async function converseAndFail(send: Send): Promise<void> {
    lines.length = 0;
    assert.match(await send(REQUEST), /企业/);
    assert.match(await send('企业'), /企业名称/);
    assert.match(await send(ENTERPRISE), /信用代码/);
    assert.match(await send(CREDIT_CODE), /电话/);
    assert.match(await send(PHONE), /怎么称呼您/);
    assert.match(await send(NAME), /请核对/);
    sinon.stub(RedisTicketStore.prototype, 'create').callsFake(async (ticket: Ticket) => {
      throw Object.assign(new Error("READONLY You can't write against a read only replica."), {
        command: { name: 'evalsha', args: ['sha', '3', JSON.stringify(ticket)] },
      });
    });
    assert.match(await send('确认提交'), /系统出了点问题/);
    sinon.restore();
    await send('我的工单');
  }

  function assertNothingPersonal(channelId: string): void {
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const turnFailed = parsed.find((l) => l.msg === 'turn failed' && l.channelId === channelId);
    assert.ok(turnFailed, `a turn failed line among:\n${lines.join('\n')}`);
    assert.equal(turnFailed.level, 50);
    assert.match(JSON.stringify(turnFailed.err), /READONLY/, 'the cause is still there');
    assert.ok(
      parsed.some((l) => l.level === 30),
      'info lines were captured',
    );
    const all = lines.join('\n');
    for (const secret of SECRETS) {
      assert.ok(!all.includes(secret), `"${secret}" is in the log:\n${all}`);
    }
  }

  it('carry no message text, phone, ID-card number or credit code from /api/messages', async () => {
    let seq = 0;
    await converseAndFail(async (text) => {
      seq += 1;
      const res = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: `log-${seq}`,
          text,
          channelId: 'emulator',
          serviceUrl: 'http://127.0.0.1:1',
          deliveryMode: 'expectReplies',
          from: { id: 'legal-rep', name: '张三' },
          recipient: { id: 'bot' },
          conversation: { id: 'conv-logging' },
          locale: 'zh-CN',
        }),
      });
      return res.text();
    });
    assertNothingPersonal('emulator');
  });

  it('carry none of it from a Direct Line conversation either', async () => {
    const tokenRes = await fetch(`${base}/api/webchat/token`, { method: 'POST' });
    const { token } = (await tokenRes.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const started = await fetch(`${base}/v3/directline/conversations`, {
      method: 'POST',
      headers: auth,
    });
    const { conversationId } = (await started.json()) as { conversationId: string };
    const activities = `${base}/v3/directline/conversations/${conversationId}/activities`;
    let watermark = '';
    await converseAndFail(async (text) => {
      await fetch(activities, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ type: 'message', text, from: { id: 'ignored' }, locale: 'zh-CN' }),
      });
      const page = await fetch(`${activities}?watermark=${watermark}`, { headers: auth });
      const read = (await page.json()) as { activities: unknown[]; watermark: string };
      watermark = read.watermark;
      return JSON.stringify(read.activities);
    });
    assertNothingPersonal('webchat');
  });

  it('log the path of a request without its query, where a stream URL carries its token', async () => {
    lines.length = 0;
    const token = 'eyJhbGciOiJIUzI1NiJ9.stream-token-in-the-query.c2lnbmF0dXJl';
    await fetch(`${base}/v3/directline/conversations/abc/stream?t=${token}&watermark=3`);
    await fetch(`${base}/api/tickets?phone=13812345678`);
    const all = lines.join('\n');
    assert.match(all, /"path":"\/v3\/directline\/conversations\/abc\/stream"/);
    assert.ok(!all.includes(token) && !all.includes('13812345678'), all);
  });
});
