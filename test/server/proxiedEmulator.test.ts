import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { SECRET } from '../channels/directline/support';

/**
 * Without a MicrosoftAppId only the Emulator on this machine may speak on /api/messages. Behind a
 * proxy on the same machine with TRUST_PROXY left at 0, every request's peer is 127.0.0.1.
 */
describe('/api/messages behind a local proxy, TRUST_PROXY=0', function () {
  this.timeout(30_000);
  let app: App;
  let base: string;
  const warnings: string[] = [];

  before(async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', DIRECTLINE_SECRET: SECRET });
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
          const entry = JSON.parse(line) as { level: number; msg: string };
          if (entry.level === 40) warnings.push(entry.msg);
        }
        done();
      },
    });
    app = await createApp(config, { logger: pino({ level: 'warn' }, sink) });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await app.close();
  });

  const say = (headers: Record<string, string>, n: number) =>
    fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({
        type: 'message',
        id: `proxied-${n}`,
        channelId: 'emulator',
        serviceUrl: 'http://127.0.0.1:1',
        deliveryMode: 'expectReplies',
        from: { id: `person-${n}` },
        recipient: { id: 'bot' },
        conversation: { id: `conv-${n}` },
        text: '你好',
      }),
    });

  it('refuses a request a proxy forwarded: its sender is not known to be this machine', async () => {
    const forwarded: Record<string, string>[] = [
      { 'x-forwarded-for': '203.0.113.7' },
      { forwarded: 'for=203.0.113.7;proto=https' },
      { 'x-real-ip': '203.0.113.7' },
    ];
    for (const [n, headers] of forwarded.entries()) {
      const res = await say(headers, n);
      const body = (await res.json()) as { code?: string };
      assert.deepEqual([res.status, body.code], [403, 'CLIENT_NOT_LOCAL'], JSON.stringify(headers));
    }
  });

  it('still answers the Emulator itself, which sends no forwarding header', async () => {
    const res = await say({}, 9);
    assert.equal(res.status, 200, await res.text());
  });

  it('says once in the log that TRUST_PROXY is 0 while requests come through a proxy', async () => {
    const aboutProxy = () => warnings.filter((w) => /TRUST_PROXY is 0/.test(w));
    for (const from of ['203.0.113.8', '203.0.113.9']) {
      await fetch(`${base}/healthz`, { headers: { 'x-forwarded-for': from } });
      assert.equal(aboutProxy().length, 1, warnings.join('\n'));
    }
  });
});
