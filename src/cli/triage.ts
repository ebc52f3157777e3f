import { defaultIntentsDir, loadClassifier } from '../nlu';
import { loadCorpus } from '../nlu/dataset';
import type { Example } from '../nlu/dataset';
import { EMERGENCY_KINDS } from '../nlu/types';
import type { Classification } from '../nlu/types';
import type { Command } from './command';
import { parseArgs } from './command';

const pct = (hits: number, total: number): string =>
  `${total === 0 ? 'n/a' : `${((100 * hits) / total).toFixed(1)}%`} (${hits}/${total})`;

/** Recall by kind and false alarms on routine look-alikes, each miss and false alarm listed. */
export function triageReport(
  classifier: { classify(text: string): Classification },
  examples: readonly Example[],
): string[] {
  const out: string[] = [];
  let caught = 0;
  let checked = 0;
  let emergencies = 0;
  for (const kind of EMERGENCY_KINDS) {
    const lines = examples.filter((e) => e.emergency === kind);
    const missed = lines
      .map((e) => ({ text: e.text, c: classifier.classify(e.text) }))
      .filter((r) => !r.c.emergency);
    caught += lines.length - missed.length;
    checked += missed.filter((r) => r.c.emergencyDoubt !== null).length;
    emergencies += lines.length;
    out.push(`recall ${kind}: ${pct(lines.length - missed.length, lines.length)}`);
    for (const r of missed) {
      out.push(`  missed${r.c.emergencyDoubt === null ? '' : ' (safety check asked)'}: ${r.text}`);
    }
  }
  const routine = examples
    .filter((e) => e.routine)
    .map((e) => ({ text: e.text, c: classifier.classify(e.text) }));
  const alarms = routine.filter((r) => r.c.emergency);
  const asked = routine.filter((r) => r.c.emergencyDoubt !== null);
  out.push(`recall: ${pct(caught, emergencies)}`);
  out.push(`misses asked the safety check: ${pct(checked, emergencies - caught)}`);
  out.push(`false alarms on routine look-alikes: ${pct(alarms.length, routine.length)}`);
  out.push(`safety checks on routine look-alikes: ${pct(asked.length, routine.length)}`);
  for (const a of alarms) {
    const evidence = JSON.stringify(a.c.emergencyEvidence);
    out.push(`  alarm (${a.c.emergencyKind}): ${a.text}  <- ${evidence}`);
  }
  for (const a of asked) out.push(`  safety check (${a.c.emergencyDoubt}): ${a.text}`);
  return out;
}

/**
 * Triage on the development set (intents/dev), with every miss and false alarm listed. Only the
 * dev split: the test and eval sets are scored in aggregate by `hotline eval`, never read line by
 * line, so nothing is tuned on them.
 */
export const triageCommand: Command = {
  name: 'triage',
  summary: 'score emergency triage on intents/dev and list its misses and false alarms',
  usage: 'triage [--model FILE] [--intents DIR]',
  async run(args) {
    const parsed = parseArgs(args, ['model', 'intents']);
    const intentsDir = parsed.options.get('intents') ?? defaultIntentsDir();
    const classifier = loadClassifier(parsed.options.get('model'));
    const report = triageReport(classifier, loadCorpus(intentsDir, 'dev').examples);
    process.stdout.write(`${report.join('\n')}\n`);
    return 0;
  },
};
