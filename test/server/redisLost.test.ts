import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { SECRET } from '../channels/directline/support';
import { privateRedis, type PrivateRedis } from '../support/privateRedis';

/** The real server on a Redis of its own (started), to be taken away by the test. */
async function serveOnPrivateRedis(
  prefix: string,
  env: Record<string, string>,
): Promise<{ redis: PrivateRedis; app: App; base: string }> {
  const redis = await privateRedis();
  await redis.start();
  const config = loadConfig({
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    DIRECTLINE_SECRET: SECRET,
    ...env,
  });
  const app = await createApp(config, { logger: pino({ level: 'silent' }) });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  return { redis, app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/** The real server on a Redis of its own, which goes away while the server runs. */
describe('Redis lost while serving', function () {
  this.timeout(60_000);
  let redis: PrivateRedis;
  let app: App;
  let base: string;

  before(async () => {
    ({ redis, app, base } = await serveOnPrivateRedis('lost:', {}));
    await redis.stop();
  });

  after(async () => {
    await redis.destroy();
  });

  async function unavailable(res: Response, what: string): Promise<void> {
    const text = await res.text();
    assert.equal(res.status, 503, `${what}: ${text}`);
    assert.equal(res.headers.get('retry-after'), '5', what);
    assert.deepEqual(JSON.parse(text), {
      code: 'STORE_UNAVAILABLE',
      message:
        '系统暂时无法读写数据，请稍后再试 / the data store is unreachable: try again shortly',
    });
  }

  it('answers the staff login 503 in both languages, to be tried again, not 500', async () => {
    const res = await fetch(`${base}/api/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'zhang', password: 'correct horse battery' }),
    });
    await unavailable(res, 'login');
  });

  it('answers the departments’ API and a web chat conversation 503 likewise', async () => {
    await unavailable(
      await fetch(`${base}/api/tickets`, {
        headers: { authorization: `Bearer hl_0123456789ab_${'a'.repeat(43)}` },
      }),
      'ticket list',
    );
    const token = await fetch(`${base}/api/webchat/token`, { method: 'POST' });
    const { token: bearer } = (await token.json()) as { token: string };
    await unavailable(
      await fetch(`${base}/v3/directline/conversations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}` },
      }),
      'direct line',
    );
  });

  it('still shuts down cleanly: nothing is left to flush to a Redis that is gone', async () => {
    await app.close();
  });
});

/** A Redis that keeps the connection open and answers nothing (paused, a network partition). */
describe('Redis hung while serving', function () {
  this.timeout(60_000);
  let redis: PrivateRedis;
  let app: App;
  let base: string;

  before(async () => {
    ({ redis, app, base } = await serveOnPrivateRedis('hung:', {
      REDIS_COMMAND_TIMEOUT_MS: '1000',
      // The failed turn's lock reaches Redis when it answers again, and holds the conversation
      // for its time to live: a short one, and the re-sent turn waits it out.
      CONVERSATION_LOCK_TTL_MS: '1000',
      CONVERSATION_LOCK_WAIT_MS: '3000',
    }));
  });

  afterEach(() => redis.resume());

  after(async () => {
    redis.resume();
    await app.close();
    await redis.destroy();
  });

  it('answers a staff login 503 after REDIS_COMMAND_TIMEOUT_MS, not when TCP gives up', async () => {
    redis.pause();
    const started = Date.now();
    const res = await fetch(`${base}/api/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'zhang', password: 'correct horse battery' }),
      signal: AbortSignal.timeout(8000),
    });
    assert.equal(res.status, 503, await res.text());
    assert.ok(Date.now() - started < 5000, `answered after ${Date.now() - started} ms`);
  });

  it('keeps what the person said so far through a turn Redis did not answer', async () => {
    let n = 0;
    const say = async (text: string) => {
      n += 1;
      const res = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: `hung-${n}`,
          channelId: 'emulator',
          serviceUrl: 'http://127.0.0.1:1',
          deliveryMode: 'expectReplies',
          from: { id: 'person-hung' },
          recipient: { id: 'bot' },
          conversation: { id: 'conv-hung' },
          locale: 'zh-CN',
          text,
        }),
        signal: AbortSignal.timeout(20_000),
      });
      const body = (await res.json()) as { activities?: { text?: string }[] };
      return (body.activities ?? []).map((a) => a.text ?? '').join('\n');
    };
    assert.match(await say('小区门口路灯坏了三天了，市南区香港中路10号'), /个人（市民）还是企业/);
    redis.pause();
    assert.match(await say('市民'), /抱歉，系统出了点问题，请稍后再试/);
    redis.resume();
    assert.match(await say('市民'), /联系电话/);
  });
});
