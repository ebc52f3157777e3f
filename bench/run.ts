import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { compare, type CompareResult, type LoadFigures } from './compare';
import { soak } from './soak';
import type { BenchResult } from './types';

const results = z.array(
  z.object({ name: z.string(), metrics: z.record(z.string(), z.union([z.string(), z.number()])) }),
);

const USAGE = `npm run bench -- [--conversations 50] [--duration 30] [--warmup 10] [--cpu-prof]
npm run bench -- --soak 600 [--conversations 50]
npm run bench -- intake|nlu      (the older benches: bench/<name>.bench.ts)`;

/**
 * Default: the bot against a bare echo bot under the same load (bench/compare.ts), a table, and
 * one JSON line last. --soak N: the bot alone for N seconds, RSS sampled. A name: that
 * bench/*.bench.ts.
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      conversations: { type: 'string', default: '50' },
      duration: { type: 'string', default: '30' },
      warmup: { type: 'string', default: '10' },
      'directline-conversations': { type: 'string', default: '10' },
      soak: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const whole = (name: string, v: string | undefined) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`--${name}: a positive whole number`);
    return n;
  };
  if (positionals.length > 0) {
    await runNamed(positionals);
    return;
  }
  const conversations = whole('conversations', values.conversations);
  const botNodeArgs = values['cpu-prof']
    ? ['--cpu-prof', `--cpu-prof-dir=${join(__dirname, 'profiles')}`]
    : [];
  if (values.soak !== undefined) {
    await soak({
      conversations,
      seconds: whole('soak', values.soak),
      warmupSeconds: whole('warmup', values.warmup),
      botNodeArgs,
    });
    return;
  }
  const result = await compare({
    conversations,
    durationSeconds: whole('duration', values.duration),
    warmupSeconds: whole('warmup', values.warmup),
    directLineConversations: whole('directline-conversations', values['directline-conversations']),
    botNodeArgs,
  });
  printComparison(result, conversations);
}

function printComparison(r: CompareResult, conversations: number): void {
  const row = (name: string, f: LoadFigures, n: number) =>
    `| ${name} | ${n} | ${f.turns} | ${f.rps} | ${f.p50} | ${f.p99} | ${f.errors} | ${
      f.roundTripsPerTurn ?? '-'
    } | ${f.serverCommandsPerTurn ?? '-'} |\n`;
  process.stdout.write(
    '| load | conversations at once | turns | turns/s | p50 ms | p99 ms | errors | Redis round trips/turn | Redis commands run/turn |\n' +
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n' +
      row('echo bot, POST /api/messages', r.echo, conversations) +
      row('bot, POST /api/messages', r.bot, conversations) +
      row('bot, Direct Line (post + read)', r.directLine, r.directLineConversations),
  );
  for (const [name, f] of [
    ['echo', r.echo],
    ['bot', r.bot],
    ['directline', r.directLine],
  ] as const) {
    for (const sample of f.errorSamples) process.stdout.write(`error (${name}): ${sample}\n`);
  }
  process.stdout.write(
    `bot RSS after the /api/messages load: ${r.rssMb} MB; intakes started: ${r.intakesStarted}, ` +
      `tickets read back from Redis: ${r.ticketsCreated}\n` +
      'redis_cmds_per_turn = round trips the bot process sent to Redis per turn (counted in its ' +
      'ioredis client; a pipeline or MULTI is one; background ticks included), /api/messages load. ' +
      'Redis commands run = INFO commandstats delta on the bench’s own redis-server (commands ' +
      'inside Lua scripts counted too).\n',
  );
  const json = {
    echo_rps: r.echo.rps,
    bot_rps: r.bot.rps,
    ratio: Math.round((r.bot.rps / r.echo.rps) * 1000) / 1000,
    p50_ms: r.bot.p50,
    p99_ms: r.bot.p99,
    redis_cmds_per_turn: r.bot.roundTripsPerTurn,
    rss_mb: r.rssMb,
    tickets_created: r.ticketsCreated,
    errors: r.echo.errors + r.bot.errors + r.directLine.errors,
  };
  process.stdout.write(`${JSON.stringify(json)}\n`);
}

/** Runs the named bench/*.bench.ts (each exports `bench`) one after the other: one table. */
async function runNamed(names: string[]): Promise<void> {
  const files = readdirSync(__dirname)
    .filter((f) => /\.bench\.[jt]s$/.test(f))
    .filter((f) => names.some((n) => f.startsWith(n)))
    .sort();
  if (files.length === 0) throw new Error(`no bench named ${names.join(', ')}\n${USAGE}`);
  const all: BenchResult[] = [];
  for (const file of files) {
    const loaded: unknown = await import(join(__dirname, file));
    if (
      typeof loaded !== 'object' ||
      loaded === null ||
      !('bench' in loaded) ||
      typeof loaded.bench !== 'function'
    ) {
      process.stderr.write(`${file}: exports no bench() function, skipped\n`);
      continue;
    }
    process.stderr.write(`running ${file}...\n`);
    const output: unknown = await loaded.bench();
    all.push(...results.parse(output));
  }
  process.stdout.write('| bench | result |\n| --- | --- |\n');
  for (const { name, metrics } of all) {
    const cells = Object.entries(metrics).map(
      ([k, v]) => `${k}: ${typeof v === 'number' ? v.toLocaleString('en') : v}`,
    );
    process.stdout.write(`| ${name} | ${cells.join(', ')} |\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
