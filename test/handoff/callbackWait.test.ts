import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { z } from 'zod';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';

const Replies = z.object({ activities: z.array(z.object({ text: z.string().optional() })) });

/**
 * A person promised a call-back (nobody online) who asks how long it will take is given the
 * call-back time again, not a queue estimate of minutes: a web chat, 7 December 2026, was told
 * "0 ahead of you, about 5 min" right after "duty staff will contact you by 01:07".
 */
describe('waiting for a call-back when nobody is online (over HTTP)', function () {
  this.timeout(30_000);
  let app: App;
  let base: string;
  let prefix: string;

  before(async () => {
    prefix = testPrefix();
    const config = loadConfig({ ...REDIS_ENV, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'silent' });
    app = await createApp(config, { logger: pino({ level: 'silent' }) });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await app?.close();
    await cleanup(connect(), prefix);
  });

  let n = 0;
  async function say(text: string): Promise<string> {
    n += 1;
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `cb-${n}`,
        text,
        channelId: 'emulator',
        serviceUrl: 'http://127.0.0.1:1',
        deliveryMode: 'expectReplies',
        from: { id: 'user-cb' },
        recipient: { id: 'bot' },
        conversation: { id: 'conv-cb' },
        locale: 'zh-CN',
      }),
    });
    assert.equal(res.status, 200);
    return Replies.parse(await res.json())
      .activities.map((a) => a.text ?? '')
      .join('\n');
  }

  it('repeats the call-back time when asked how long, with no minutes promised', async () => {
    const promised = await say('人工');
    const when = /将在 (.+?) 前/.exec(promised)?.[1];
    assert.ok(when, `a call-back time in: ${promised}`);
    const answer = await say('还要等多久啊');
    assert.match(answer, new RegExp(`将在 ${when} 前在此对话中联系您`));
    assert.doesNotMatch(answer, /分钟/);
  });
});
