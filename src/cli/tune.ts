import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defaultIntentsDir } from '../nlu';
import { configWith } from '../nlu/config';
import type { TrainingConfig } from '../nlu/config';
import { loadCorpus } from '../nlu/dataset';
import { crossValidate, ratio, score } from '../nlu/evaluation';
import { trainClassifier, trainingExamples } from '../nlu/training';
import type { Command } from './command';
import { parseArgs } from './command';

/**
 * Variants tried against the default, by cross-validation on intents/train only: the test split
 * is never read here, so nothing is tuned on it.
 */
const BUILT_IN: Record<string, unknown> = {
  default: {},
  'char 1-2-grams': { features: { charNgrams: 2 } },
  'char 1-4-grams': { features: { charNgrams: 4 } },
  'no glossary concepts': { features: { concepts: false } },
  'concepts x1': { features: { conceptRepeat: 1 } },
  'no punctuation cues': { features: { punctuation: false } },
  'no catalogue scope documents': { scopeDocuments: false },
  'no topic augmentation': { augmentTopics: false },
  'department 4k features': { heads: { department: { vectorizer: { maxFeatures: 4000 } } } },
  'department 16k features': { heads: { department: { vectorizer: { maxFeatures: 16000 } } } },
  'department + complement NB 0.3': { heads: { department: { linear: { nbWeight: 0.3 } } } },
  'department SGD step 2': { heads: { department: { linear: { learningRate: 2 } } } },
  'meta threshold from 0.3': { metaMinThreshold: 0.3 },
  'emergency budget 0.5%': { emergencyFalseAlarmBudget: 0.005 },
};

const variantsFile = z.record(z.string(), z.unknown());

export const tuneCommand: Command = {
  name: 'tune',
  summary:
    'compare training-config variants by cross-validation on intents/train (never the test set)',
  usage: 'tune [--folds 5] [--variants FILE.json] [--only NAME]',
  async run(args) {
    const parsed = parseArgs(args, ['folds', 'variants', 'only', 'intents']);
    const folds = Number(parsed.options.get('folds') ?? 5);
    const file = parsed.options.get('variants');
    const variants = file ? variantsFile.parse(JSON.parse(readFileSync(file, 'utf8'))) : BUILT_IN;
    const only = parsed.options.get('only');
    const train = loadCorpus(parsed.options.get('intents') ?? defaultIntentsDir(), 'train');
    process.stdout.write(
      '| variant | top-1 | top-3 | top-1 en | category | emergency recall | false alarms | meta | ECE | seconds |\n' +
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n',
    );
    for (const [name, patch] of Object.entries(variants)) {
      if (only && name !== only) continue;
      const config: TrainingConfig = configWith(patch);
      const started = Date.now();
      const options = {
        config,
        departments: train.departments,
        scopes: train.scopes,
        triage: train.triage,
        glossary: train.glossary,
        fingerprint: '',
      };
      const m = score(
        crossValidate(trainingExamples(train.examples, config), folds, 2026, (part) =>
          trainClassifier(part, options),
        ),
      );
      const p = (r: Parameters<typeof ratio>[0]): string => `${(ratio(r) * 100).toFixed(1)}%`;
      process.stdout.write(
        `| ${name} | ${p(m.departmentTop1)} | ${p(m.departmentTop3)} | ${p(m.top1ByLang.en)} | ${p(m.category)} | ` +
          `${p(m.emergencyRecall)} | ${p(m.falseAlarms)} | ${p(m.meta)} | ${m.calibrationError.toFixed(3)} | ` +
          `${((Date.now() - started) / 1000).toFixed(0)} |\n`,
      );
    }
    return 0;
  },
};
