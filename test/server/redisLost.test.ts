import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { SECRET } from '../channels/directline/support';
import { privateRedis, type PrivateRedis } from '../support/privateRedis';

/** The real server on a Redis of its own, which goes away while the server runs. */
describe('Redis lost while serving', function () {
  this.timeout(60_000);
  let redis: PrivateRedis;
  let app: App;
  let base: string;

  before(async () => {
    redis = await privateRedis();
    await redis.start();
    const config = loadConfig({
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: 'lost:',
      LOG_LEVEL: 'silent',
      DIRECTLINE_SECRET: SECRET,
    });
    app = await createApp(config, { logger: pino({ level: 'silent' }) });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
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
    redis = await privateRedis();
    await redis.start();
    const config = loadConfig({
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: 'hung:',
      LOG_LEVEL: 'silent',
      DIRECTLINE_SECRET: SECRET,
      REDIS_COMMAND_TIMEOUT_MS: '1000',
    });
    app = await createApp(config, { logger: pino({ level: 'silent' }) });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    redis.pause();
  });

  after(async () => {
    redis.resume();
    await app.close();
    await redis.destroy();
  });

  it('answers a staff login 503 after REDIS_COMMAND_TIMEOUT_MS, not when TCP gives up', async () => {
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
});
