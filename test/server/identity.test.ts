import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Writable } from 'node:stream';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { FRIDAY_3PM } from '../support/dialogHarness';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';
import { REQUEST, SECRET } from '../channels/directline/support';
import { WebUser } from './webUser';

/**
 * Without a Bot Framework registration, /api/messages is the Emulator's: whatever channelId
 * and from.id a body claims, it never reads a web or Teams requester's tickets.
 */
describe('Identities on /api/messages without a Bot Framework registration', () => {
  let app: App;
  let base: string;
  let prefix: string;
  const logged: string[] = [];

  before(async () => {
    prefix = testPrefix();
    const config = loadConfig({
      ...REDIS_ENV,
      REDIS_KEY_PREFIX: prefix,
      DIRECTLINE_SECRET: SECRET,
      LOG_LEVEL: 'warn',
    });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged.push(chunk.toString());
        done();
      },
    });
    app = await createApp(config, { logger: pino({ level: 'warn' }, sink), clock: FRIDAY_3PM });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await app.close();
    await cleanup(connect(), prefix);
  });

  let seq = 0;
  async function claim(fields: Record<string, unknown>) {
    seq += 1;
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `attack-${seq}`,
        text: '我的工单',
        serviceUrl: 'http://127.0.0.1:1',
        deliveryMode: 'expectReplies',
        recipient: { id: 'bot' },
        conversation: { id: `attacker-${seq}` },
        locale: 'zh-CN',
        ...fields,
      }),
    });
    return { status: res.status, text: await res.text() };
  }

  it('warns at start-up that only the Emulator is served', () => {
    const warning = logged.find((line) => line.includes('MicrosoftAppId is not set'));
    assert.ok(warning, logged.join(''));
    assert.match(warning, /Emulator only/);
    assert.equal(JSON.parse(warning).level, 40);
  });

  it("refuses a body that claims a web user's identity, and shows nothing of their ticket", async () => {
    const web = await WebUser.start(base);
    const id = await web.fileTicket(REQUEST);

    const attack = await claim({ channelId: 'webchat', from: { id: web.userId } });
    assert.equal(attack.status, 401, attack.text);
    assert.equal(JSON.parse(attack.text).code, 'UNAUTHENTICATED');
    assert.doesNotMatch(attack.text, new RegExp(id));

    // The same person id on the Emulator is another requester, with no tickets.
    const emulator = await claim({ channelId: 'emulator', from: { id: web.userId } });
    assert.equal(emulator.status, 200, emulator.text);
    assert.doesNotMatch(emulator.text, new RegExp(id));
    assert.match(emulator.text, /您还没有登记过工单/);

    // The web user still sees it, through their own channel.
    assert.match(await web.say('我的工单'), new RegExp(id));
  });

  it("refuses a body that claims a Teams user's identity", async () => {
    const aadObjectId = 'aad-victim-0001';
    const filed = await app.tickets.create({
      channel: 'msteams',
      conversation: { channelId: 'msteams', conversationId: 'a:victim', reference: {} },
      requester: { key: `msteams:${aadObjectId}`, type: 'enterprise' },
      text: REQUEST,
      lang: 'zh',
      classification: {
        department: 'housing',
        confidence: 0.9,
        alternatives: [],
        category: 'complaint',
        categoryConfidence: 0.9,
        decidedBy: 'model',
      },
      district: null,
      location: null,
    });
    const attack = await claim({
      channelId: 'msteams',
      from: { id: '29:victim', aadObjectId },
      conversation: { id: 'a:victim', conversationType: 'personal', tenantId: 't' },
    });
    assert.equal(attack.status, 401, attack.text);
    assert.equal(JSON.parse(attack.text).code, 'UNAUTHENTICATED');
    assert.doesNotMatch(attack.text, new RegExp(filed.ticket.id));

    const emulator = await claim({ channelId: 'emulator', from: { id: '29:victim', aadObjectId } });
    assert.equal(emulator.status, 200, emulator.text);
    assert.doesNotMatch(emulator.text, new RegExp(filed.ticket.id));
  });

  it('refuses any other channel it cannot vouch for', async () => {
    for (const channelId of ['directline', 'slack', 'directlinease', 'EMULATOR']) {
      const attack = await claim({ channelId, from: { id: 'someone' } });
      assert.equal(attack.status, 401, `${channelId}: ${attack.text}`);
    }
  });
});
