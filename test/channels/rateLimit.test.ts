import { strict as assert } from 'node:assert';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { clientAddress } from '../../src/channels/rateLimit';
import { loadConfig } from '../../src/config';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';
import { SECRET } from './directline/support';

interface Server {
  app: App;
  base: string;
}

const started: Server[] = [];

/** A real server over the test Redis; servers given the same prefix share their limits. */
async function serve(prefix: string, env: Record<string, string> = {}): Promise<Server> {
  const config = loadConfig({
    ...REDIS_ENV,
    REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    DIRECTLINE_SECRET: SECRET,
    NLU_MODEL_PATH: process.env.NLU_MODEL_PATH,
    ...env,
  });
  const app = await createApp(config, { logger: pino({ level: 'silent' }) });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  const server = { app, base: `http://127.0.0.1:${port}` };
  started.push(server);
  return server;
}

function token(server: Server, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.base}/api/webchat/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: '{}',
  });
}

function emulatorMessage(server: Server, conversation: string, n: number): Promise<Response> {
  return fetch(`${server.base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `${conversation}-${n}`,
      text: '你好',
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:1',
      deliveryMode: 'expectReplies',
      from: { id: `user-${conversation}` },
      recipient: { id: 'bot' },
      conversation: { id: conversation },
      locale: 'zh-CN',
    }),
  });
}

/** A web chat conversation started as Web Chat does; posts a message to it, as its client. */
async function openDirectLine(server: Server) {
  const t = (await (await token(server)).json()) as { token: string; conversationId: string };
  const conv = await fetch(`${server.base}/v3/directline/conversations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.token}` },
  });
  assert.equal(conv.status, 201);
  const post = (n: number, authorization = `Bearer ${t.token}`) =>
    fetch(`${server.base}/v3/directline/conversations/${t.conversationId}/activities`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(authorization === '' ? {} : { authorization }),
      },
      body: JSON.stringify({
        type: 'message',
        text: '你好',
        from: { id: 'ignored' },
        channelData: { clientActivityID: `c-${n}` },
      }),
    });
  return Object.assign(post, { token: t.token });
}

async function statuses(requests: (() => Promise<Response>)[]): Promise<number[]> {
  const out: number[] = [];
  for (const r of requests) {
    const res = await r();
    await res.arrayBuffer();
    out.push(res.status);
  }
  return out;
}

const count = (xs: number[], s: number) => xs.filter((x) => x === s).length;

describe('rate limits', function () {
  this.timeout(40_000);
  let prefix: string;

  beforeEach(() => {
    prefix = testPrefix();
  });

  afterEach(async () => {
    for (const s of started.splice(0)) await s.app.close();
    await cleanup(connect(), prefix);
  });

  describe('the client address', () => {
    const req = (peer: string, xff?: string) =>
      ({
        socket: { remoteAddress: peer },
        headers: xff === undefined ? {} : { 'x-forwarded-for': xff },
      }) as unknown as IncomingMessage;

    it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
      assert.equal(clientAddress(req('10.0.0.2', '1.2.3.4'), 0), '10.0.0.2');
    });

    it('is the address the trusted proxies saw, not one the client wrote further left', () => {
      assert.equal(clientAddress(req('10.0.0.2', '6.6.6.6, 1.2.3.4'), 1), '1.2.3.4');
      assert.equal(clientAddress(req('10.0.0.3', '6.6.6.6, 1.2.3.4, 10.0.0.2'), 2), '1.2.3.4');
      assert.equal(clientAddress(req('10.0.0.2'), 1), '10.0.0.2');
      assert.equal(clientAddress(req('10.0.0.2', '1.2.3.4'), 3), '1.2.3.4');
    });
  });

  it('shares one budget for the token endpoint between two instances', async () => {
    const env = { RATE_LIMIT_TOKEN_BURST: '10', RATE_LIMIT_TOKEN_PER_SECOND: '1' };
    const [a, b] = [await serve(prefix, env), await serve(prefix, env)];
    const began = Date.now();
    const got = await statuses(
      Array.from({ length: 30 }, (_, i) => () => token(i % 2 === 0 ? a! : b!)),
    );
    const seconds = Math.ceil((Date.now() - began) / 1000);
    const fromA = got.filter((_, i) => i % 2 === 0);
    const fromB = got.filter((_, i) => i % 2 === 1);
    // One budget: 10 at once plus 1 a second while the requests run; two budgets give 22 or more.
    const allowed = count(got, 200);
    assert.ok(
      allowed >= 10 && allowed <= 11 + seconds && allowed < 22,
      `${seconds} s: ${got.join()}`,
    );
    assert.ok(fromA.includes(429) && fromB.includes(429), got.join());
    assert.deepEqual(
      got.filter((s) => s !== 200 && s !== 429),
      [],
    );
  });

  it('answers 429 RATE_LIMITED with Retry-After in seconds', async () => {
    const server = await serve(prefix, { RATE_LIMIT_TOKEN_BURST: '2' });
    let refused: Response | undefined;
    for (let i = 0; i < 10 && refused === undefined; i++) {
      const res = await token(server);
      if (res.status === 429) refused = res;
      else await res.arrayBuffer();
    }
    assert.ok(refused, 'no 429');
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 2, `${retryAfter}`);
    const body = (await refused.json()) as { code: string; message: string };
    assert.equal(body.code, 'RATE_LIMITED');
    assert.match(body.message, /请求过于频繁.*Too many requests/);
  });

  it('ignores X-Forwarded-For with TRUST_PROXY=0', async () => {
    const server = await serve(prefix, { RATE_LIMIT_TOKEN_BURST: '3', TRUST_PROXY: '0' });
    const got = await statuses(
      Array.from({ length: 8 }, (_, i) => () => token(server, { 'x-forwarded-for': `1.2.3.${i}` })),
    );
    assert.ok(count(got, 429) >= 3, got.join());
  });

  it('counts per the address the trusted proxy saw with TRUST_PROXY=1', async () => {
    const server = await serve(prefix, { RATE_LIMIT_TOKEN_BURST: '3', TRUST_PROXY: '1' });
    const distinct = await statuses(
      Array.from(
        { length: 8 },
        (_, i) => () => token(server, { 'x-forwarded-for': `6.6.6.6, 198.51.100.${i}` }),
      ),
    );
    assert.deepEqual(count(distinct, 200), 8, distinct.join());
    // The client writes what it likes on the left; the proxy's hop on the right decides.
    const spoofing = await statuses(
      Array.from(
        { length: 8 },
        (_, i) => () => token(server, { 'x-forwarded-for': `7.7.7.${i}, 198.51.100.200` }),
      ),
    );
    assert.ok(count(spoofing, 429) >= 3, spoofing.join());
  });

  it('limits a conversation that posts like a script on /api/messages, not its neighbours', async () => {
    const server = await serve(prefix);
    const flood = await statuses(
      Array.from({ length: 25 }, (_, i) => () => emulatorMessage(server, 'conv-script', i)),
    );
    assert.ok(count(flood, 200) >= 11 && count(flood, 429) >= 5, flood.join());
    const res = await emulatorMessage(server, 'conv-person', 1);
    assert.equal(res.status, 200);
  });

  it('answers a refused message 429 having run nothing, so the same message sent after the wait is answered', async () => {
    const server = await serve(prefix, {
      RATE_LIMIT_MESSAGE_PER_SECOND: '1',
      RATE_LIMIT_MESSAGE_BURST: '1',
    });
    const replies = async (res: Response) =>
      ((await res.json()) as { activities?: { text?: string }[] }).activities ?? [];
    // A first turn warms the server up, so the next ones come well within a second of each other.
    assert.equal((await emulatorMessage(server, 'conv-warm', 1)).status, 200);
    // A burst of 1 on top of 1 a second: two go through at once, the third waits.
    for (const n of [1, 2]) {
      const res = await emulatorMessage(server, 'conv-wait', n);
      assert.equal(res.status, 200);
      assert.ok((await replies(res)).length > 0, '(await replies(res)).length > 0');
    }
    const refused = await emulatorMessage(server, 'conv-wait', 3);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.equal(((await refused.json()) as { code: string }).code, 'RATE_LIMITED');
    // Refused again while it waits: answered from what this instance remembers, the same way.
    assert.equal((await emulatorMessage(server, 'conv-wait', 3)).status, 429);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await emulatorMessage(server, 'conv-wait', 3);
    assert.equal(again.status, 200);
    assert.ok((await replies(again)).length > 0, 'the message sent again was ignored as a re-send');
  });

  it("counts only authenticated activities, so a stranger cannot spend a Teams chat's budget", async () => {
    const server = await serve(prefix);
    const forged = (n: number) => () =>
      fetch(`${server.base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          id: `forged-${n}`,
          text: '我的工单',
          channelId: 'msteams',
          serviceUrl: 'http://127.0.0.1:1',
          from: { id: '29:victim', aadObjectId: '00000000-0000-0000-0000-000000000001' },
          recipient: { id: 'bot' },
          conversation: { id: 'a:victim-chat' },
        }),
      });
    const answers = await statuses(Array.from({ length: 25 }, (_, i) => forged(i)));
    assert.deepEqual([...new Set(answers)], [401], answers.join());
  });

  it('limits a Direct Line conversation posting like a script, and never one typing at 1/s', async function () {
    this.timeout(60_000);
    const server = await serve(prefix);
    const script = await openDirectLine(server);
    const flood = await statuses(Array.from({ length: 25 }, (_, i) => () => script(i)));
    assert.ok(count(flood, 429) >= 5, flood.join());
    // Still refused right after the flood (a token may have refilled while it ran on a busy
    // machine: a few more quick posts meet the limit again).
    let refused = await script(99);
    for (let i = 0; i < 5 && refused.status !== 429; i++) refused = await script(100 + i);
    assert.equal(refused.status, 429);
    assert.ok(refused.headers.get('retry-after'), "refused.headers.get('retry-after')");

    // A quick typist: 15 messages, one a second, a couple sent in the same second.
    const person = await openDirectLine(server);
    const paced: number[] = [];
    for (let i = 0; i < 15; i++) {
      const started = Date.now();
      const res = await person(i);
      await res.arrayBuffer();
      paced.push(res.status);
      if (i % 5 !== 4) await sleep(Math.max(0, 1000 - (Date.now() - started)));
    }
    assert.deepEqual(
      paced.filter((s) => s !== 200),
      [],
      paced.join(),
    );
  });

  it("checks a Direct Line caller's token before counting, so a stranger cannot spend a conversation's budget", async () => {
    const server = await serve(prefix, {
      RATE_LIMIT_MESSAGE_BURST: '3',
      RATE_LIMIT_MESSAGE_PER_SECOND: '1',
    });
    const person = await openDirectLine(server);
    const neighbour = await openDirectLine(server);
    const strangers = await statuses(
      Array.from({ length: 30 }, (_, i) => () => {
        const authorization = ['', 'Bearer forged', `Bearer ${neighbour.token}`][i % 3]!;
        return person(100 + i, authorization);
      }),
    );
    assert.deepEqual(
      strangers.slice(0, 3),
      [401, 403, 403],
      'no token, a forged one, one for another conversation',
    );
    assert.deepEqual(
      strangers.filter((s) => s !== 401 && s !== 403),
      [],
      strangers.join(),
    );
    const own = await statuses(Array.from({ length: 3 }, (_, i) => () => person(i)));
    assert.deepEqual(own, [200, 200, 200]);
  });
});
