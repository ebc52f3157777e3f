import { randomBytes } from 'node:crypto';
import { apiConversations, botEnv, round } from './compare';
import { percentile, runPhase, sleep } from './load';
import { startRedis } from './redisServer';
import { startServer } from './servers';

export interface SoakOptions {
  conversations: number;
  seconds: number;
  warmupSeconds: number;
  profileDir: string | null;
}

/**
 * Growth below this, in MB per minute, is taken as flat. What a leak moves is the heap still
 * alive after a full collection, and then RSS: both must stay under it. RSS that falls (the
 * collector giving pages back after the warm-up) is not growth; the slope is printed as it is.
 */
const FLAT_MB_PER_MINUTE = 0.5;
const SAMPLE_EVERY_MS = 10_000;

/**
 * The bot alone under the same load for `seconds`, its RSS sampled every 10 s once warm-up is
 * over; the least-squares slope says whether memory stays flat. Prints a table, then one JSON line.
 */
export async function soak(options: SoakOptions): Promise<void> {
  const redis = await startRedis();
  const bot = await startServer('bot', botEnv(redis.url), ['--expose-gc']);
  const samples: { minute: number; rssMb: number; heapMb: number }[] = [];
  let sampling = true;
  try {
    let sampler: Promise<void> = Promise.resolve();
    const { recorder, seconds } = await runPhase({
      workers: options.conversations,
      warmupMs: options.warmupSeconds * 1000,
      durationMs: options.seconds * 1000,
      conversation: apiConversations(bot.base, `soak-${randomBytes(3).toString('hex')}`, []),
      onOpen: async () => {
        const opened = Date.now();
        sampler = (async () => {
          while (sampling) {
            const stats = await bot.stats(true);
            samples.push({
              minute: (Date.now() - opened) / 60_000,
              rssMb: stats.rssBytes / 2 ** 20,
              heapMb: stats.heapUsedBytes / 2 ** 20,
            });
            process.stderr.write(
              `soak ${Math.round((Date.now() - opened) / 1000)} s: RSS ${stats.rssBytes >> 20} MB\n`,
            );
            await sleep(SAMPLE_EVERY_MS);
          }
        })();
      },
      onClose: async () => {
        sampling = false;
        await sampler;
      },
    });
    const sorted = [...recorder.latencies].sort((a, b) => a - b);
    const rss = slope(samples.map((s) => [s.minute, s.rssMb]));
    const heap = slope(samples.map((s) => [s.minute, s.heapMb]));
    process.stdout.write(
      '| minute | RSS MB | heap live after a full GC, MB |\n| --- | --- | --- |\n',
    );
    for (const s of samples) {
      process.stdout.write(
        `| ${s.minute.toFixed(1)} | ${s.rssMb.toFixed(1)} | ${s.heapMb.toFixed(1)} |\n`,
      );
    }
    const json = {
      soak_s: options.seconds,
      conversations: options.conversations,
      samples: samples.length,
      rss_start_mb: round(samples[0]?.rssMb ?? NaN, 1),
      rss_end_mb: round(samples.at(-1)?.rssMb ?? NaN, 1),
      rss_slope_mb_per_min: round(rss, 2),
      live_heap_slope_mb_per_min: round(heap, 2),
      flat: Math.abs(heap) < FLAT_MB_PER_MINUTE && rss < FLAT_MB_PER_MINUTE,
      bot_rps: round(sorted.length / seconds, 1),
      p99_ms: round(percentile(sorted, 0.99), 1),
      errors: recorder.errors,
    };
    process.stdout.write(
      `flat = |live heap slope| < ${FLAT_MB_PER_MINUTE} MB/min and RSS slope < ${FLAT_MB_PER_MINUTE} MB/min, ` +
        `i.e. neither grows (least squares over the samples)\n`,
    );
    process.stdout.write(`${JSON.stringify(json)}\n`);
  } finally {
    sampling = false;
    await bot.stop();
    await redis.stop();
  }
}

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxy / sxx;
}
