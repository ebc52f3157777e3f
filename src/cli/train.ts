import { relative } from 'node:path';
import {
  currentFingerprint,
  defaultIntentsDir,
  defaultModelPath,
  recordedFingerprint,
  saveClassifier,
  trainFromIntents,
} from '../nlu';
import type { Command } from './command';
import { parseArgs } from './command';

export const trainCommand: Command = {
  name: 'train',
  summary: 'train the classifier from intents/train into intents/model/classifier.json',
  usage: 'train [--if-stale] [--intents DIR] [--out FILE]',
  async run(args) {
    const parsed = parseArgs(args, ['intents', 'out']);
    const intentsDir = parsed.options.get('intents') ?? defaultIntentsDir();
    const out = parsed.options.get('out') ?? defaultModelPath();
    const shown = relative(process.cwd(), out) || out;
    if (
      parsed.flags.has('if-stale') &&
      recordedFingerprint(out) === currentFingerprint(intentsDir)
    ) {
      process.stdout.write(`model is up to date: ${shown}\n`);
      return 0;
    }
    const started = Date.now();
    const classifier = trainFromIntents(intentsDir);
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
