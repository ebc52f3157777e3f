import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { cleanup, connect, REDIS_URL, testPrefix } from '../test/support/redis';
import type { BenchResult } from './types';

const REQUEST = '我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/**
 * Whole intakes through the real HTTP surface against the real Redis: one person's five turns
 * (request, citizen, phone, name, confirm) as POST /api/messages with expectReplies. Reports the
 * latency of a turn and how many tickets per second one process files.
 */
export async function bench(): Promise<BenchResult[]> {
  const prefix = testPrefix();
  const config = loadConfig({ REDIS_URL, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'silent' });
  const app = await createApp(config, { logger: pino({ level: 'silent' }) });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/api/messages`;
  let n = 0;
  const turn = async (user: string, text: string): Promise<number> => {
    n += 1;
    const started = process.hrtime.bigint();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `bench-${n}`,
        text,
        channelId: 'emulator',
        serviceUrl: 'http://127.0.0.1:1',
        deliveryMode: 'expectReplies',
        from: { id: user },
        recipient: { id: 'bot' },
        conversation: { id: `bench-${user}` },
      }),
    });
    await res.text();
    if (res.status !== 200) throw new Error(`turn answered ${res.status}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  try {
    const people = 200;
    const concurrency = 8;
    const latencies: number[] = [];
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < people) {
          const user = `bench-user-${next++}`;
          for (const text of [
            REQUEST,
            '市民',
            `138${String(10000000 + next).slice(-8)}`,
            '王女士',
            '确认提交',
          ]) {
            latencies.push(await turn(user, text));
          }
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return [
      {
        name: `intake over HTTP + Redis (${people} people, ${concurrency} at a time)`,
        metrics: {
          'tickets/s': Math.round(people / seconds),
          'turn p50 ms': Number(percentile(latencies, 0.5).toFixed(1)),
          'turn p99 ms': Number(percentile(latencies, 0.99).toFixed(1)),
        },
      },
    ];
  } finally {
    await app.close();
    await cleanup(connect(), prefix);
  }
}
