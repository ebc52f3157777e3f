import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import {
  currentFingerprint,
  defaultIntentsDir,
  defaultModelPath,
  recordedFingerprint,
  saveClassifier,
  trainFromIntents,
} from '../nlu';
import { configWith, DEFAULT_CONFIG } from '../nlu/config';
import type { TrainingConfig } from '../nlu/config';
import type { Command } from './command';
import { parseArgs } from './command';

export const trainCommand: Command = {
  name: 'train',
  summary: 'train the classifier from intents/train into intents/model/classifier.json',
  usage: 'train [--if-stale] [--intents DIR] [--out FILE] [--config VARIANT.json]',
  async run(args) {
    const parsed = parseArgs(args, ['intents', 'out', 'config']);
    const intentsDir = parsed.options.get('intents') ?? defaultIntentsDir();
    const config = readConfig(parsed.options.get('config'));
    const out = parsed.options.get('out') ?? defaultModelPath();
    const shown = relative(process.cwd(), out) || out;
    if (
      parsed.flags.has('if-stale') &&
      recordedFingerprint(out) === currentFingerprint(intentsDir, config)
    ) {
      process.stdout.write(`model is up to date: ${shown}\n`);
      return 0;
    }
    const started = Date.now();
    const classifier = trainFromIntents(intentsDir, config);
    saveClassifier(classifier, out);
    const { emergency, emergencyUnsignalled, meta } = classifier.thresholds;
    process.stdout.write(
      `trained in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${shown}\n` +
        `thresholds: emergency ${emergency.toFixed(3)} (without a danger word ` +
        `${emergencyUnsignalled.toFixed(3)}), meta ${meta}\n`,
    );
    return 0;
  },
};

/** The default config, or a variant: a JSON file of the keys that differ from it. */
export function readConfig(file: string | undefined): TrainingConfig {
  return file === undefined ? DEFAULT_CONFIG : configWith(JSON.parse(readFileSync(file, 'utf8')));
}
