import { defaultIntentsDir, defaultModelPath, loadClassifier } from '../src/nlu';
import { loadCorpus } from '../src/nlu/dataset';
import { measureSpeed } from '../src/nlu/evaluation';
import type { BenchResult } from './types';

function loadTimes(runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    loadClassifier(defaultModelPath());
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b);
}

/** The shipped classifier: load time, then throughput and latency on the training messages. */
export async function bench(): Promise<BenchResult[]> {
  const load = loadTimes(7);
  const classifier = loadClassifier(defaultModelPath());
  const texts = loadCorpus(defaultIntentsDir(), 'train').examples.map((e) => e.text);
  const short = texts.filter((t) => t.length <= 20);
  const long = texts.map((t) => `${t}，${t}，${t}`);
  const row = (name: string, sample: string[]): BenchResult => {
    const speed = measureSpeed(classifier, sample, 1500);
    return {
      name,
      metrics: {
        'per CPU second': Math.round(speed.perSecond),
        'per wall second': Math.round(speed.wallPerSecond),
        'p50 µs': Math.round(speed.p50Micros),
        'p99 µs': Math.round(speed.p99Micros),
      },
    };
  };
  return [
    {
      name: 'nlu: model load',
      metrics: { 'median ms': round(load[3] ?? NaN), 'max ms': round(load.at(-1) ?? NaN) },
    },
    row('nlu: classify (training messages)', texts),
    row('nlu: classify (short, ≤ 20 chars)', short),
    row('nlu: classify (3× long messages)', long),
  ];
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
