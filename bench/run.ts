import { mkdirSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { compare, type CompareResult, type LoadFigures } from './compare';
import { soak } from './soak';
import type { BenchResult } from './types';

const results = z.array(
  z.object({ name: z.string(), metrics: z.record(z.string(), z.union([z.string(), z.number()])) }),
);

const USAGE = `npm run bench -- [--conversations 50] [--duration 30] [--rounds 3] [--warmup 5] [--cpu-prof]
npm run bench -- --soak 600 [--conversations 50] [--warmup 180]
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
      warmup: { type: 'string' },
      'directline-conversations': { type: 'string', default: '10' },
      soak: { type: 'string' },
      rounds: { type: 'string', default: '3' },
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
  const profileDir = values['cpu-prof'] ? join(__dirname, 'profiles') : null;
  if (profileDir !== null) mkdirSync(profileDir, { recursive: true });
  if (values.soak !== undefined) {
    await soak({
      conversations,
      seconds: whole('soak', values.soak),
      // Long enough for the heap to reach its working size before RSS is sampled: under 50
      // conversations RSS climbs for about 3 minutes, then holds (a 600 s soak, Dec 2026).
      warmupSeconds: whole('warmup', values.warmup ?? '180'),
      profileDir,
    });
    return;
  }
  const started = loadAverage();
  const result = await compare({
    conversations,
    durationSeconds: whole('duration', values.duration),
    warmupSeconds: whole('warmup', values.warmup ?? '5'),
    directLineConversations: whole('directline-conversations', values['directline-conversations']),
    rounds: whole('rounds', values.rounds),
    profileDir,
  });
  printComparison(result, conversations, `${started} at the start, ${loadAverage()} at the end`);
}

function printComparison(r: CompareResult, conversations: number, load: string): void {
  const row = (name: string, f: LoadFigures, n: number) =>
    `| ${name} | ${n} | ${f.turns} | ${f.rps} | ${f.p50} | ${f.p99} | ${f.errors} | ${f.cpuMsPerTurn} | ${
      f.roundTripsPerTurn ?? '-'
    } | ${f.writesPerTurn ?? '-'} (${f.backgroundPerTurn ?? '-'}) | ${f.serverCommandsPerTurn ?? '-'} |\n`;
  process.stdout.write(
    '| load | conversations at once | turns | turns/s | p50 ms | p99 ms | errors | server CPU ms/turn | Redis round trips/turn | writes to Redis/turn (background) | commands Redis ran/turn |\n' +
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n' +
      row('echo bot, POST /api/messages', r.echo, conversations) +
      row('bot, POST /api/messages', r.bot, conversations) +
      row('bot, Direct Line (post + read)', r.directLine, r.directLineConversations),
  );
  process.stdout.write(
    '\n| step of the intake | echo p50 / p99 ms | bot p50 / p99 ms | Direct Line p50 / p99 ms |\n' +
      '| --- | --- | --- | --- |\n',
  );
  for (const [i, { step }] of r.bot.steps.entries()) {
    const cell = (f: LoadFigures) => {
      const s = f.steps[i];
      return s === undefined ? '-' : `${s.p50} / ${s.p99}`;
    };
    process.stdout.write(
      `| ${step} | ${cell(r.echo)} | ${cell(r.bot)} | ${cell(r.directLine)} |\n`,
    );
  }
  process.stdout.write(
    '\nbot, /api/messages: Redis round trips per turn, by what the turn sent in them\n',
  );
  for (const [name, n] of r.bot.roundTripsByName.slice(0, 25)) {
    process.stdout.write(`  ${n.toFixed(3).padStart(7)}  ${name}\n`);
  }
  process.stdout.write(
    '\nbot, Direct Line (a turn: the post and the read after it), the same way\n',
  );
  for (const [name, n] of r.directLine.roundTripsByName.slice(0, 25)) {
    process.stdout.write(`  ${n.toFixed(3).padStart(7)}  ${name}\n`);
  }
  for (const [name, f] of [
    ['echo', r.echo],
    ['bot', r.bot],
    ['directline', r.directLine],
  ] as const) {
    for (const sample of f.errorSamples) process.stdout.write(`error (${name}): ${sample}\n`);
  }
  process.stdout.write(
    `echo and bot took turns ${r.rounds} times, neither counting Redis round trips; the bot's ` +
      `Redis figures come from one more window with counting on (${r.bot.countedRps ?? '-'} turns/s ` +
      `while counted); load average (1 min) ${load}\n` +
      `bot RSS after the /api/messages load: ${r.rssMb} MB; intakes started: ${r.intakesStarted}, ` +
      `tickets read back from Redis: ${r.ticketsCreated}\n` +
      'redis_cmds_per_turn = Redis round trips a turn waits for (/api/messages load), counted ' +
      'in the bot process’s ioredis: a command alone is one; a pipeline, MULTI or auto-pipelined ' +
      'write is one for each turn with a command in it. Writes to Redis: what went over the ' +
      'socket, turns merged (in brackets: outside any request, e.g. supervision ticks). ' +
      'Commands Redis ran: INFO commandstats delta on the bench’s own redis-server (inside Lua ' +
      'scripts too, background included).\n',
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

function loadAverage(): string {
  return (loadavg()[0] ?? 0).toFixed(1);
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
