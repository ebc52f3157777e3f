import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { z } from 'zod';
import type { Server } from 'restify';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createEchoBot } from './echoBot';
import { countRedisRoundTrips } from './roundTrips';

/**
 * One server under load, in a process of its own so that its CPU, memory and Redis traffic are
 * its alone: `bot` (createApp with the environment's settings) or `echo`. Tells the parent its
 * port over IPC, answers `stats` with its RSS and Redis round trips, profiles on request, and
 * exits on `stop`.
 */
async function main(): Promise<void> {
  // tsx turns source maps on for the whole process, which makes every stack trace a library
  // formats cost a source-map lookup; `npm start` (node dist/...) runs without them.
  process.setSourceMapsEnabled(false);
  const kind = process.argv[2];
  const counter = countRedisRoundTrips();
  let server: Server;
  let close: () => Promise<void>;
  if (kind === 'bot') {
    const config = loadConfig(process.env);
    const app = await createApp(config, { logger: pino({ level: 'silent' }) });
    server = app.server;
    close = () => app.close();
  } else if (kind === 'echo') {
    server = createEchoBot();
    close = async () => {
      server.close();
    };
  } else {
    throw new Error(`bench/server.ts: "bot" or "echo", not ${String(kind)}`);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const profiler = new Session();
  profiler.connect();
  process.on('message', (message: unknown) => {
    const profile = ProfileMessage.safeParse(message);
    if (profile.success) {
      toggleProfile(profiler, profile.data).then(
        () => process.send?.({ profiled: profile.data.profile }),
        (err: unknown) => process.stderr.write(`profile: ${String(err)}\n`),
      );
    } else if (message === 'count-on' || message === 'count-off') {
      counter.count(message === 'count-on');
      process.send?.({ counting: message === 'count-on' });
    } else if (message === 'stats' || message === 'stats-after-gc') {
      const rssBytes = process.memoryUsage.rss();
      // With --expose-gc: what is still alive after a full collection, the figure a leak moves.
      if (message === 'stats-after-gc') globalThis.gc?.();
      process.send?.({
        stats: {
          rssBytes,
          cpuMicros: cpuMicros(),
          heapUsedBytes: process.memoryUsage().heapUsed,
          requests: counter.requests,
          roundTrips: counter.roundTrips,
          writes: counter.writes,
          background: counter.background,
          byName: Object.fromEntries(counter.byName),
        },
      });
    } else if (message === 'stop') {
      close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    }
  });
  process.send?.({ port });
}

/** CPU time this process has used, user and system, in microseconds. */
function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

const ProfileMessage = z.union([
  z.object({ profile: z.literal('start') }),
  z.object({ profile: z.literal('stop'), file: z.string() }),
]);

/**
 * The CPU profile of a measured window only (what node --cpu-prof writes, minus start-up), and
 * beside it (`.heapprofile`) where that window allocated: sampled allocations, those the
 * collector has since freed included, as garbage collection is a large share of a turn.
 */
async function toggleProfile(
  session: Session,
  message: z.infer<typeof ProfileMessage>,
): Promise<void> {
  if (message.profile === 'start') {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 500 });
    await session.post('Profiler.start');
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 32 * 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    return;
  }
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(message.file, JSON.stringify(profile));
  const heap = await session.post('HeapProfiler.stopSampling');
  writeFileSync(
    message.file.replace(/\.cpuprofile$/, '.heapprofile'),
    JSON.stringify(heap.profile),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
