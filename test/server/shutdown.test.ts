import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { WebSocket } from 'ws';
import {
  type RedisClient,
  cleanup,
  connect,
  REDIS_ENV,
  scanKeys,
  testPrefix,
} from '../support/redis';
import { freePort } from '../support/privateRedis';
import { startServerProcess, waitFor, waitForListening, type Run } from '../support/processes';

const SECRET = 'test-directline-secret-0123456789-abcdefghij';
const REQUEST = '我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路';
const TICKET = /QD\d{8}-\d{6}/;

const start = startServerProcess;

/** How one request ended, seen from the client. */
type Outcome =
  | { kind: 'ok'; body: string; at: number }
  | { kind: 'refused'; status: number; at: number } // 503: not taken in
  | { kind: 'closed'; at: number } // connection gone before any answer: nothing ran
  | { kind: 'cut'; status: number; at: number } // an answer began and did not end
  | { kind: 'other'; status: number; body: string; at: number };

function post(agent: http.Agent, port: number, path: string, body: unknown): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('error', () => resolve({ kind: 'cut', status, at: Date.now() }));
        res.on('aborted', () => resolve({ kind: 'cut', status, at: Date.now() }));
        res.on('end', () => {
          const at = Date.now();
          if (!res.complete) resolve({ kind: 'cut', status, at });
          else if (status === 200) resolve({ kind: 'ok', body: text, at });
          else if (status === 503) resolve({ kind: 'refused', status, at });
          else resolve({ kind: 'other', status, body: text, at });
        });
      },
    );
    req.on('error', () => resolve({ kind: 'closed', at: Date.now() }));
    req.end(payload);
  });
}

/** One person after another filing a request over one keep-alive connection until refused. */
async function keepFiling(
  agent: http.Agent,
  port: number,
  client: number,
  outcomes: Outcome[],
  shown: Set<string>,
): Promise<void> {
  for (let round = 0; ; round++) {
    const user = `drain-${client}-${round}`;
    for (const [step, text] of [REQUEST, '市民', '13812345678', '跳过', '确认提交'].entries()) {
      const outcome = await post(agent, port, '/api/messages', {
        type: 'message',
        id: `${user}-${step}`,
        text,
        channelId: 'emulator',
        serviceUrl: 'http://127.0.0.1:1',
        deliveryMode: 'expectReplies',
        from: { id: user },
        recipient: { id: 'bot' },
        conversation: { id: `conv-${user}` },
        locale: 'zh-CN',
      });
      outcomes.push(outcome);
      if (outcome.kind !== 'ok') return;
      const ticket = TICKET.exec(outcome.body)?.[0];
      if (ticket !== undefined) shown.add(ticket);
    }
  }
}

async function ticketsIn(redis: RedisClient, prefix: string): Promise<Set<string>> {
  const keys = await scanKeys(redis, `${prefix}{t:*}:t`);
  return new Set(keys.map((k) => /\{t:([^}]+)\}/.exec(k)?.[1] ?? k));
}

/** Sends a request's head without its final line, so it is under way when the drain begins. */
function halfSentRequest(port: number, path: string): Promise<{ finish: () => Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
      let answer = '';
      socket.on('data', (d: Buffer) => (answer += d.toString()));
      const ended = new Promise<string>((done) => socket.on('close', () => done(answer)));
      resolve({
        finish: async () => {
          socket.write('\r\n');
          return ended;
        },
      });
    });
    socket.on('error', reject);
  });
}

async function openStream(base: string): Promise<{ closeCode: Promise<number> }> {
  const token = (await (
    await fetch(`${base}/api/webchat/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
  ).json()) as { token: string };
  const started = (await (
    await fetch(`${base}/v3/directline/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.token}` },
    })
  ).json()) as { streamUrl: string };
  assert.ok(started.streamUrl, JSON.stringify(started));
  const ws = new WebSocket(started.streamUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { closeCode: new Promise((resolve) => ws.once('close', (code) => resolve(code))) };
}

describe('shutdown on SIGTERM', function () {
  this.timeout(90_000);

  it('drains a burst of keep-alive clients: in-flight turns finish, nothing is cut, exit 0', async () => {
    const prefix = testPrefix();
    const port = await freePort();
    const run = start({
      PORT: String(port),
      HOST: '127.0.0.1',
      ...REDIS_ENV,
      REDIS_KEY_PREFIX: prefix,
      DIRECTLINE_SECRET: SECRET,
      RATE_LIMIT_MESSAGE_PER_SECOND: '1000',
      SHUTDOWN_GRACE_MS: '20000',
      LOG_LEVEL: 'info',
      ...(process.env.NLU_MODEL_PATH ? { NLU_MODEL_PATH: process.env.NLU_MODEL_PATH } : {}),
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 40 });
    const redis = connect();
    try {
      await waitForListening(run, 30_000);
      const base = `http://127.0.0.1:${port}`;
      const stream = await openStream(base);
      const readyz = await halfSentRequest(port, '/readyz');

      const outcomes: Outcome[] = [];
      const shown = new Set<string>();
      const clients = Array.from({ length: 40 }, (_, i) =>
        keepFiling(agent, port, i, outcomes, shown),
      );
      await waitFor(() => outcomes.filter((o) => o.kind === 'ok').length >= 150, 60_000);
      run.child.kill('SIGTERM');
      await waitFor(() => run.out().includes('shutting down'), 10_000);
      const drainingSince = Date.now();
      const readyzAnswer = await readyz.finish();

      assert.equal(await run.exited, 0, run.out());
      await Promise.all(clients);

      assert.match(readyzAnswer, /^HTTP\/1\.1 503/);
      assert.match(readyzAnswer, /\r\nconnection: close\r\n/i);
      assert.match(readyzAnswer, /shutting down/);
      assert.equal(await stream.closeCode, 1001);

      const kinds = new Map<string, number>();
      for (const o of outcomes) kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
      assert.deepEqual(
        outcomes.filter((o) => o.kind === 'cut' || o.kind === 'other'),
        [],
        JSON.stringify([...kinds]),
      );
      // At most the turn each connection had under way: no new burst of turns once draining.
      const servedAfter = outcomes.filter((o) => o.kind === 'ok' && o.at > drainingSince).length;
      assert.ok(servedAfter <= 40, `${servedAfter} turns answered during the drain`);
      // Every ticket filed was shown to the person who filed it, and every one shown exists.
      assert.deepEqual([...(await ticketsIn(redis, prefix))].sort(), [...shown].sort());
      assert.ok(shown.size > 0, 'shown.size > 0');
    } finally {
      agent.destroy();
      run.child.kill('SIGKILL');
      await cleanup(redis, prefix);
    }
  });

  it('does not wait out the grace for a client that never finishes its request headers', async () => {
    const port = await freePort();
    const run = start({
      PORT: String(port),
      HOST: '127.0.0.1',
      DIRECTLINE_SECRET: SECRET,
      SHUTDOWN_GRACE_MS: '20000',
      ...(process.env.NLU_MODEL_PATH ? { NLU_MODEL_PATH: process.env.NLU_MODEL_PATH } : {}),
    });
    try {
      await waitForListening(run, 30_000);
      await halfSentRequest(port, '/healthz'); // and never the blank line that ends the headers
      const since = Date.now();
      run.child.kill('SIGTERM');
      assert.equal(await run.exited, 0, run.out());
      assert.ok(Date.now() - since < 10_000, `exited after ${Date.now() - since} ms`);
      assert.doesNotMatch(run.out(), /grace period ran out/);
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('exits non-zero and names what it cut when the grace period runs out', async function () {
    const redisPort = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'hotline-drain-'));
    const server = spawn(
      'redis-server',
      ['--port', String(redisPort), '--save', '', '--dir', dir],
      {
        stdio: 'ignore',
      },
    );
    const port = await freePort();
    let run: Run | undefined;
    const admin = new Redis(`redis://127.0.0.1:${redisPort}`, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
    });
    try {
      await waitFor(
        () => spawnSync('redis-cli', ['-p', String(redisPort), 'ping']).status === 0,
        10_000,
      );
      await admin.connect();
      run = start({
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        SHUTDOWN_GRACE_MS: '1000',
        DIRECTLINE_SECRET: SECRET,
        LOG_LEVEL: 'info',
        ...(process.env.NLU_MODEL_PATH ? { NLU_MODEL_PATH: process.env.NLU_MODEL_PATH } : {}),
      });
      const r = run;
      await waitForListening(r, 30_000);
      // A Redis that stops answering holds a turn in flight past the grace period.
      await admin.call('CLIENT', 'PAUSE', '20000', 'ALL');
      const agent = new http.Agent({ keepAlive: true });
      const stuck = post(agent, port, '/api/messages', {
        type: 'message',
        id: 'stuck-1',
        text: REQUEST,
        channelId: 'emulator',
        serviceUrl: 'http://127.0.0.1:1',
        deliveryMode: 'expectReplies',
        from: { id: 'stuck' },
        recipient: { id: 'bot' },
        conversation: { id: 'conv-stuck' },
      });
      await sleep(300);
      r.child.kill('SIGTERM');
      assert.equal(await r.exited, 1);
      assert.match(r.out(), /grace period ran out/);
      assert.match(r.out(), /"requests":\["POST \/api\/messages"\]/);
      assert.equal((await stuck).kind, 'closed');
      agent.destroy();
    } finally {
      run?.child.kill('SIGKILL');
      admin.disconnect();
      server.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
