import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { BenchResult } from './types';

const results = z.array(
  z.object({ name: z.string(), metrics: z.record(z.string(), z.union([z.string(), z.number()])) }),
);

/** Runs every bench/*.bench.ts (each exports `bench`) one after the other and prints one table. */
async function main(): Promise<void> {
  const only = process.argv[2];
  const files = readdirSync(__dirname)
    .filter((f) => /\.bench\.[jt]s$/.test(f))
    .filter((f) => !only || f.startsWith(only))
    .sort();
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
