import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  currentFingerprint,
  defaultIntentsDir,
  defaultModelPath,
  loadClassifier,
  recordedFingerprint,
  saveClassifier,
} from '../nlu';
import { BaselineClassifier } from '../nlu/baseline';
import type { HotlineClassifier } from '../nlu/classifier';
import type { TrainingConfig } from '../nlu/config';
import { existsSync } from 'node:fs';
import { loadCorpus } from '../nlu/dataset';
import { nearDuplicates, withoutNearDuplicates } from '../nlu/dedupe';
import type { Corpus, Example } from '../nlu/dataset';
import { crossValidate, measureSpeed, predict, score } from '../nlu/evaluation';
import type { Metrics } from '../nlu/evaluation';
import { trainClassifier, trainingExamples } from '../nlu/training';
import type { Command } from './command';
import { parseArgs } from './command';
import type { Column } from './evalReport';
import { renderReport } from './evalReport';
import { readConfig } from './train';

const CV_SEED = 2026;

export const evalCommand: Command = {
  name: 'eval',
  summary:
    "cross-validate on intents/train, score on intents/test and intents/eval, compare with natural's BayesClassifier",
  usage:
    'eval [--folds 5] [--no-baseline] [--cv-only] [--config VARIANT.json] [--write docs/eval.md] [--intents DIR]',
  async run(args) {
    const parsed = parseArgs(args, ['folds', 'write', 'intents', 'config']);
    const intentsDir = parsed.options.get('intents') ?? defaultIntentsDir();
    const folds = Number(parsed.options.get('folds') ?? 5);
    // Cross-validation alone: neither the test nor the independent set is loaded or scored.
    const cvOnly = parsed.flags.has('cv-only');
    const withBaseline = !parsed.flags.has('no-baseline') && !cvOnly;
    const log = (message: string): void => {
      process.stderr.write(`${message}\n`);
    };

    const config = readConfig(parsed.options.get('config'));
    const loaded = loadCorpus(intentsDir, 'train');
    const train = { ...loaded, examples: trainingExamples(loaded.examples, config) };
    const options = trainOptions(intentsDir, train, config);
    log(`cross-validating (${folds} folds) on ${train.examples.length} training messages...`);
    const cv = score(
      crossValidate(train.examples, folds, CV_SEED, (part) => trainClassifier(part, options)),
    );
    if (cvOnly) {
      const report = renderReport({
        columns: [{ title: `CV ${folds}-fold (train)`, metrics: cv }],
        dataSummary: [summary('train', train)],
        modelSummary: [],
        confusions: [{ title: 'cross-validation', metrics: cv }],
      });
      process.stdout.write(report);
      writeTarget(parsed.options.get('write'), report, log);
      return 0;
    }
    const test = loadCorpus(intentsDir, 'test');
    const trainTexts = train.examples.map((e) => e.text);
    const testOverlap = nearDuplicates(
      test.examples.map((e) => e.text),
      trainTexts,
    ).filter(Boolean).length;
    const independent = existsSync(join(intentsDir, 'eval'))
      ? withoutNearDuplicates(loadCorpus(intentsDir, 'eval'), trainTexts)
      : null;
    if (independent) log(`eval: dropped ${independent.dropped} near-duplicates of training lines`);
    const evalSet = independent?.corpus ?? null;

    const { classifier, modelFile, cleanup } = shippedOrFresh(intentsDir, train, options);
    const testMetrics = test.examples.length > 0 ? score(predict(classifier, test.examples)) : null;
    const evalMetrics = evalSet ? score(predict(classifier, evalSet.examples)) : null;
    const texts = [...train.examples, ...test.examples].map((e) => e.text);
    const speed = measureSpeed(classifier, texts);
    const loadMs = medianLoadMs(modelFile);
    cleanup();

    const columns: Column[] = [
      { title: `CV ${folds}-fold (train)`, metrics: cv },
      { title: 'test', metrics: testMetrics, speed, loadMs },
      ...(evalSet ? [{ title: 'eval (independent)', metrics: evalMetrics }] : []),
    ];
    if (withBaseline) {
      log('baseline: natural BayesClassifier, cross-validation and test...');
      const baselineCv = score(
        crossValidate(train.examples, folds, CV_SEED, (part) => new BaselineClassifier(part)),
      );
      const baseline = new BaselineClassifier(train.examples);
      const baselineTest =
        test.examples.length > 0 ? score(predict(baseline, test.examples)) : null;
      const departmentTexts = texts.filter((_, i) => i < train.examples.length).slice(0, 300);
      const baselineEval = evalSet ? score(predict(baseline, evalSet.examples)) : null;
      columns.push(
        { title: 'baseline CV', metrics: baselineCv, routingOnly: true },
        {
          title: 'baseline test',
          metrics: baselineTest,
          routingOnly: true,
          speed: measureSpeed(baseline, departmentTexts),
        },
        ...(evalSet ? [{ title: 'baseline eval', metrics: baselineEval, routingOnly: true }] : []),
      );
    }

    const report = renderReport({
      columns,
      dataSummary: [
        summary('train', train),
        `${summary('test', test)}; ${testOverlap} of them nearly duplicate a training line (kept, as in earlier reports)`,
        ...(independent
          ? [
              `${summary('eval', independent.corpus)}, after dropping ${independent.dropped} lines that ` +
                'duplicate or nearly duplicate a training line (character 5-gram Jaccard ≥ 0.6)',
            ]
          : []),
      ],
      modelSummary: describeModel(classifier),
      confusions: [
        { title: 'cross-validation', metrics: cv },
        ...(testMetrics ? [{ title: 'test', metrics: testMetrics }] : []),
        ...(evalMetrics ? [{ title: 'eval (independent)', metrics: evalMetrics }] : []),
      ].filter((c): c is { title: string; metrics: Metrics } => c.metrics.confusions.length > 0),
    });
    process.stdout.write(report);
    writeTarget(parsed.options.get('write'), report, log);
    return 0;
  },
};

function trainOptions(
  intentsDir: string,
  train: Corpus,
  config: TrainingConfig,
): Parameters<typeof trainClassifier>[1] {
  return {
    config,
    departments: train.departments,
    scopes: train.scopes,
    triage: train.triage,
    glossary: train.glossary,
    fingerprint: currentFingerprint(intentsDir, config),
  };
}

function writeTarget(
  target: string | undefined,
  report: string,
  log: (message: string) => void,
): void {
  if (!target) return;
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, report);
  log(`written to ${target}`);
}

/** The shipped model when it matches the current sources, else one trained now (and said so). */
function shippedOrFresh(
  intentsDir: string,
  train: Corpus,
  options: Parameters<typeof trainClassifier>[1],
): { classifier: HotlineClassifier; modelFile: string; cleanup: () => void } {
  const shipped = defaultModelPath();
  if (recordedFingerprint(shipped) === options.fingerprint) {
    return { classifier: loadClassifier(shipped), modelFile: shipped, cleanup: () => undefined };
  }
  process.stderr.write(
    'the shipped model is stale or missing: scoring a model trained now (run `npm run train`)\n',
  );
  const classifier = trainClassifier(train.examples, options);
  const dir = mkdtempSync(join(tmpdir(), 'hotline-eval-'));
  const modelFile = join(dir, 'classifier.json');
  saveClassifier(classifier, modelFile);
  return { classifier, modelFile, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function medianLoadMs(modelFile: string): number {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = process.hrtime.bigint();
    loadClassifier(modelFile);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[2] ?? NaN;
}

function summary(split: string, corpus: Corpus): string {
  const n = (f: (e: Example) => boolean): number => corpus.examples.filter(f).length;
  const forms = n((e) => e.form !== undefined);
  return (
    `- ${split}: ${corpus.examples.length} messages: ${n((e) => e.department !== null)} department requests, ` +
    `${n((e) => e.emergency !== null)} emergencies, ${n((e) => e.routine)} routine look-alikes, ` +
    `${n((e) => e.meta !== null)} conversation (meta) messages` +
    (forms > 0 ? `, ${forms} form answers, punctuation and greetings` : '')
  );
}

function describeModel(classifier: HotlineClassifier): string[] {
  const { features, heads } = classifier.config;
  const t = classifier.thresholds;
  return [
    `- features: Chinese character 1-${features.charNgrams}-grams, English Porter stems` +
      `${features.wordBigrams ? ' + stem bigrams' : ''}, number placeholders` +
      `${features.concepts ? `, glossary concepts (×${features.conceptRepeat})` : ''}` +
      `${features.lengthFeature ? ', length bucket' : ''}; TF-IDF (log tf), L2-normalised`,
    ...(['department', 'category', 'meta', 'emergency'] as const).map((name) => {
      const h = heads[name];
      const regression =
        h.linear.bag > 1
          ? `softmax regression (SGD, L2; mean weights of ${h.linear.bag} seeded models)`
          : 'softmax regression (SGD, L2)';
      const algo =
        h.linear.nbWeight === 0
          ? regression
          : `${regression} + complement NB (weight ${h.linear.nbWeight})`;
      return `- ${name} head: top ${h.vectorizer.maxFeatures} features by chi-square, ${algo}${h.linear.balanced ? ', balanced classes' : ''}`;
    }),
    '- confidences: temperature scaling fitted on out-of-fold predictions of the training set',
    `- emergency: a cue from intents/triage.yaml outside routine context (a topic cue also outside ` +
      `questions and service requests), or (outside routine context) ` +
      `P(emergency) ≥ ${t.emergency.toFixed(3)} with a danger word (signal) in the message or ` +
      `≥ ${t.emergencyUnsignalled.toFixed(3)} without or in a question, place names masked from the model; ` +
      `never on a company name; meta-intent when P ≥ ${t.meta}`,
  ];
}
