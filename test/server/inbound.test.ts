import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import { SECRET } from '../channels/directline/support';
import { FRIDAY_3PM } from '../support/dialogHarness';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';

interface Reply {
  status: number;
  text: string;
  json: Record<string, unknown> | null;
}

const REQUEST = '我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路';

/** The real server over a real Redis; activities sent as a client would, good and bad. */
describe('Inbound activities on /api/messages and Direct Line', () => {
  let app: App;
  let base: string;
  let prefix: string;
  let seq = 0;

  before(async () => {
    prefix = testPrefix();
    const config = loadConfig({
      ...REDIS_ENV,
      REDIS_KEY_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      DIRECTLINE_SECRET: SECRET,
      MESSAGE_MAX_CHARS: '2000',
      // One proxy believed, so a test can come "from" another machine with X-Forwarded-For.
      TRUST_PROXY: '1',
    });
    app = await createApp(config, { logger: pino({ level: 'silent' }), clock: FRIDAY_3PM });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await app.close();
    await cleanup(connect(), prefix);
  });

  async function post(path: string, body: string, headers: Record<string, string>): Promise<Reply> {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers, body });
    const text = await res.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = null;
    }
    return { status: res.status, text, json };
  }

  function activity(fields: Record<string, unknown>): Record<string, unknown> {
    seq += 1;
    return {
      type: 'message',
      id: `in-${seq}`,
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:1',
      deliveryMode: 'expectReplies',
      from: { id: `person-${seq}` },
      recipient: { id: 'bot' },
      conversation: { id: `conv-${seq}` },
      locale: 'zh-CN',
      ...fields,
    };
  }

  const json = { 'content-type': 'application/json' };
  const messagesOf = (body: Record<string, unknown>) =>
    post('/api/messages', JSON.stringify(body), json);

  function refused(reply: Reply, status: number, code: string, path: RegExp): void {
    assert.equal(reply.status, status, reply.text);
    assert.equal(reply.json?.code, code, reply.text);
    assert.match(String(reply.json?.message), path);
  }

  /** Nested arrays `depth` deep, built without recursion. */
  function nested(depth: number): string {
    return '['.repeat(depth) + ']'.repeat(depth);
  }

  describe('POST /api/messages', () => {
    it('without a MicrosoftAppId, refuses an Emulator activity sent from another machine', async () => {
      // A local serviceUrl is easy to name from anywhere: the sender itself must be this machine,
      // or anyone could file tickets past the web widget's per-address limit.
      for (const from of ['203.0.113.7', '10.0.0.5', '::ffff:192.0.2.2']) {
        const reply = await post('/api/messages', JSON.stringify(activity({ text: '你好' })), {
          ...json,
          'x-forwarded-for': from,
        });
        refused(reply, 403, 'CLIENT_NOT_LOCAL', /Emulator on this machine/);
      }
      for (const from of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
        const reply = await post('/api/messages', JSON.stringify(activity({ text: '你好' })), {
          ...json,
          'x-forwarded-for': from,
        });
        assert.equal(reply.status, 200, `${from}: ${reply.text}`);
      }
    });

    it('without a MicrosoftAppId, refuses an Emulator activity whose serviceUrl is not this machine', async () => {
      // Nobody vouches for an anonymous serviceUrl: the bot would later POST ticket news to it.
      for (const serviceUrl of [
        'http://evil.example/',
        'http://10.0.0.5:8080/',
        'http://169.254.169.254/latest/',
        'http://127.0.0.1.evil.example/',
        'not a url',
      ]) {
        const reply = await messagesOf(activity({ text: '你好', serviceUrl }));
        refused(reply, 403, 'SERVICE_URL_NOT_LOCAL', /Emulator on this machine/);
      }
      for (const serviceUrl of [
        'http://localhost:54321',
        'http://[::1]:3979/',
        'http://127.0.0.2:9',
      ]) {
        const reply = await messagesOf(activity({ text: '你好', serviceUrl }));
        assert.equal(reply.status, 200, `${serviceUrl}: ${reply.text}`);
      }
    });

    it('refuses an activity without a type with 400', async () => {
      const { type: _type, ...untyped } = activity({ text: '你好' });
      refused(await messagesOf(untyped), 400, 'BAD_ARGUMENT', /^type:/);
    });

    it('refuses text that is not a string with 400, and says nothing of the code inside', async () => {
      const reply = await messagesOf(activity({ text: { split: 1 } }));
      refused(reply, 400, 'BAD_ARGUMENT', /^text:/);
      assert.doesNotMatch(reply.text, /is not a function|at .*\.ts|node_modules/);
    });

    it('refuses an activity without a conversation with 400', async () => {
      const { conversation: _c, ...lost } = activity({ text: '你好' });
      refused(await messagesOf(lost), 400, 'BAD_ARGUMENT', /^conversation:/);
    });

    it('refuses a body that is not valid JSON with 400 BAD_JSON, on every JSON endpoint', async () => {
      for (const path of [
        '/api/messages',
        '/api/webchat/token',
        '/api/tickets/QD20261206-000001/accept',
      ]) {
        const reply = await post(path, '{"type":', json);
        assert.equal(reply.status, 400, `${path}: ${reply.text}`);
        assert.equal(reply.json?.code, 'BAD_JSON', `${path}: ${reply.text}`);
      }
    });

    it('answers an unknown route with 404 NOT_FOUND in the same JSON shape', async () => {
      const res = await fetch(`${base}/api/nothing-here`);
      assert.equal(res.status, 404);
      assert.equal(((await res.json()) as { code: string }).code, 'NOT_FOUND');
    });

    it('answers an unknown route on every route family in both languages, echoing nothing', async () => {
      for (const path of [
        '/api/x%3Cscript%3Ealert(1)%3C%2Fscript%3E',
        '/open311/v2/x%3Cscript%3E',
        '/v3/directline/x%3Cscript%3E',
        '/staff/x%3Cscript%3E',
        '/x%3Cscript%3E',
      ]) {
        const res = await fetch(`${base}${path}`);
        const text = await res.text();
        assert.equal(res.status, 404, `${path}: ${text}`);
        assert.deepEqual(JSON.parse(text), {
          code: 'NOT_FOUND',
          message: '没有这个地址 / no such address',
        });
      }
      for (const path of ['/static/x%3Cb%3E.js', '/console/static/x%3Cb%3E.js']) {
        const res = await fetch(`${base}${path}`);
        assert.equal(res.status, 404, path);
        assert.deepEqual(await res.json(), {
          code: 'NOT_FOUND',
          message: '没有这个文件 / no such file',
        });
      }
      const wrongMethod = await fetch(`${base}/healthz`, { method: 'DELETE' });
      assert.equal(wrongMethod.status, 405);
      assert.match(((await wrongMethod.json()) as { message: string }).message, /^[^a-z]+ \/ /);
    });

    it('refuses a body that is not JSON without quoting it back', async () => {
      for (const path of ['/api/messages', '/api/tickets/QD20261206-000001/accept']) {
        const reply = await post(path, '<script>alert(1)</script>', json);
        assert.equal(reply.status, 400, `${path}: ${reply.text}`);
        assert.doesNotMatch(reply.text, /script|alert/, path);
        assert.match(String(reply.json?.message), /JSON/, path);
      }
    });

    it('refuses a form-encoded body with 415', async () => {
      const form = new URLSearchParams({ type: 'message', text: '你好', channelId: 'emulator' });
      const reply = await post('/api/messages', form.toString(), {
        'content-type': 'application/x-www-form-urlencoded',
      });
      refused(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', /json/);
    });

    it('refuses JSON nested deeper than the limit with 400', async () => {
      const body = JSON.stringify(activity({ text: '你好' })).replace(
        /}$/,
        `,"value":${nested(20_000)}}`,
      );
      refused(await post('/api/messages', body, json), 400, 'BAD_ARGUMENT', /nested deeper/);
    });

    it('cuts a very long message before the bot reads it, tells the person, and files up to 10,000 characters', async () => {
      const long = REQUEST + ' .'.repeat(120_000); // about 240,000 characters, inside the body limit
      const person = { from: { id: 'long-writer' }, conversation: { id: 'conv-long-writer' } };
      const first = await messagesOf(activity({ ...person, text: long }));
      assert.equal(first.status, 200, first.text);
      const texts = (r: Reply) =>
        (r.json?.activities as { type: string; text?: string }[])
          .filter((a) => a.type === 'message')
          .map((a) => a.text ?? '');
      assert.match(texts(first)[0] ?? '', /只阅读了前 2000 个字/);
      assert.match(texts(first).join('\n'), /市民/, 'and the intake goes on');
      await messagesOf(activity({ ...person, text: '市民' }));
      await messagesOf(activity({ ...person, text: '13812345678' }));
      await messagesOf(activity({ ...person, text: '跳过' }));
      const done = texts(await messagesOf(activity({ ...person, text: '确认提交' }))).join('\n');
      const id = /QD\d{8}-\d{6}/.exec(done)?.[0];
      assert.ok(id, done);
      const redis = connect();
      try {
        const ticket = await new RedisTicketStore(redis, new RedisKeys(prefix)).get(id);
        const kept = long.slice(0, 10_000).trim();
        assert.equal(ticket?.text.length, kept.length);
        assert.ok(ticket?.text === kept, 'the ticket keeps the first 10,000 characters as written');
      } finally {
        await redis.quit();
      }
    });

    it('tells an English speaker in English that a long message was cut', async () => {
      const reply = await messagesOf(
        activity({ text: 'The street light is broken. '.repeat(100), locale: 'en-US' }),
      );
      const first = (reply.json?.activities as { text?: string }[])[0]?.text ?? '';
      assert.match(first, /I read only its first 2000 characters/);
    });
  });

  describe('POST /v3/directline/conversations/:id/activities', () => {
    let conversationId: string;
    let token: string;

    before(async () => {
      const issued = await post('/api/webchat/token', '{}', json);
      token = String(issued.json?.token);
      conversationId = String(issued.json?.conversationId);
      const started = await post('/v3/directline/conversations', '', {
        authorization: `Bearer ${token}`,
      });
      assert.ok(started.status === 201, started.text);
    });

    const activities = () => `/v3/directline/conversations/${conversationId}/activities`;
    const auth = () => ({ ...json, authorization: `Bearer ${token}` });

    it('refuses a value nested 20,000 deep with 400, not a stack overflow', async () => {
      const body = `{"type":"event","name":"x","value":${nested(20_000)}}`;
      refused(await post(activities(), body, auth()), 400, 'BAD_ARGUMENT', /nested deeper/);
      const fine = await post(
        activities(),
        `{"type":"event","name":"x","value":${nested(60)}}`,
        auth(),
      );
      assert.equal(fine.status, 200, 'a depth real cards reach is fine, and it keeps serving');
    });

    it('refuses a form-encoded body with 415', async () => {
      const reply = await post(activities(), 'type=message&text=hi', {
        authorization: `Bearer ${token}`,
        'content-type': 'application/x-www-form-urlencoded',
      });
      refused(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', /json/);
    });

    it('refuses text that is not a string, and an activity without a type, with 400', async () => {
      refused(
        await post(activities(), JSON.stringify({ type: 'message', text: ['x'] }), auth()),
        400,
        'BAD_ARGUMENT',
        /^text:/,
      );
      refused(
        await post(activities(), JSON.stringify({ text: 'no type' }), auth()),
        400,
        'BAD_ARGUMENT',
        /^type:/,
      );
    });
  });

  describe('every JSON route alike', () => {
    // One of each family: the department API, the staff console, the widget's token, duty staff.
    const ROUTES = [
      '/api/tickets/QD20261206-000001/accept',
      '/api/staff/session',
      '/api/webchat/token',
      '/api/handoff/some-key/claim',
      '/v3/directline/tokens/generate',
    ];

    it('refuses a text/plain body with 415, before asking who is calling', async () => {
      for (const path of ROUTES) {
        const reply = await post(path, '{"username":"a"}', { 'content-type': 'text/plain' });
        refused(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', /json/);
      }
    });

    it('refuses JSON nested deeper than the limit with 400 BAD_ARGUMENT', async () => {
      for (const path of ROUTES) {
        const reply = await post(path, `{"reason":${nested(200)}}`, json);
        refused(reply, 400, 'BAD_ARGUMENT', /nested deeper than 64/);
      }
    });

    it('refuses a multipart upload with 415 and leaves no file in the temp directory', async () => {
      const before = new Set(readdirSync(tmpdir()));
      const form = new FormData();
      form.append('file', new Blob(['x'.repeat(10_000)]), 'big.bin');
      for (const path of ROUTES) {
        const res = await fetch(`${base}${path}`, { method: 'POST', body: form });
        assert.equal(res.status, 415, path);
        assert.equal(((await res.json()) as { code: string }).code, 'UNSUPPORTED_MEDIA_TYPE');
      }
      const left = readdirSync(tmpdir()).filter((f) => !before.has(f) && f.startsWith('upload_'));
      assert.deepEqual(left, []);
    });

    it('refuses a gzip body with 415 rather than unpacking it past the size limit', async () => {
      const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20));
      for (const [encoding, body] of [
        ['gzip', bomb],
        ['identity', Buffer.from('{}')],
      ] as const) {
        const res = await fetch(`${base}/api/webchat/token`, {
          method: 'POST',
          headers: { ...json, 'content-encoding': encoding },
          body,
        });
        const answer = (await res.json()) as { code: string; message: string };
        assert.equal(res.status, 415, encoding);
        assert.equal(answer.code, 'UNSUPPORTED_MEDIA_TYPE');
        assert.match(answer.message, /Content-Encoding/, encoding);
      }
    });

    it('still takes an empty body of any type', async () => {
      const reply = await post('/api/webchat/token', '', { 'content-type': 'text/plain' });
      assert.equal(reply.status, 200, reply.text);
    });
  });
});
