import { fitTemperature } from './calibration';
import { emergencyTokens, HotlineClassifier } from './classifier';
import type { Thresholds } from './classifier';
import { NONE } from './config';
import type { HeadName, TrainingConfig } from './config';
import { stratifiedFolds } from './crossval';
import type { Corpus, Department, Example } from './dataset';
import { EmergencyRules, needsStrongModel } from './emergency';
import type { TriageLexicon } from './emergency';
import { extractFeatures } from './features';
import { topicPhrases } from './glossary';
import type { GlossaryEntry } from './glossary';
import { normalize } from './normalize';
import { SparseTextClassifier } from './textClassifier';
import { EMERGENCY_KINDS } from './types';
import type { EmergencyKind } from './types';

const KINDS = new Set<string>(EMERGENCY_KINDS);
const isKind = (label: string): label is EmergencyKind => KINDS.has(label);

/** What each head learns from an example; null = the example is not part of that head's data. */
export function headLabel(head: HeadName, example: Example): string | null {
  switch (head) {
    case 'department':
      return example.department;
    case 'category':
      return example.category;
    case 'meta':
      // The batches are the emergency head's lines: thousands of them as "none" outweighed the
      // conversation lines, and the meta head took more requests for meta-intents (seed 2).
      return example.batch === undefined ? (example.meta ?? NONE) : null;
    case 'emergency':
      return example.emergency ?? NONE;
  }
}

interface Prepared {
  example: Example;
  normalized: string;
  tokens: string[];
}

interface HeadData {
  items: Prepared[];
  labels: string[];
  /** Augmentation: always trained on, never held out or used to fit calibration. */
  synthetic: boolean[];
  /** How many times each example is trained on (where it is not held out). */
  copies: number[];
}

interface Extra {
  topics: Prepared[];
  scopes: { item: Prepared; department: string }[];
}

/** Heads that also learn from bare topic phrases that they are "none". */
const AUGMENTED: ReadonlySet<HeadName> = new Set<HeadName>(['meta', 'emergency']);

function headData(
  head: HeadName,
  prepared: readonly Prepared[],
  extra: Extra,
  copiesOf: (item: Prepared) => number = () => 1,
): HeadData {
  const data: HeadData = { items: [], labels: [], synthetic: [], copies: [] };
  for (const item of prepared) {
    const label = headLabel(head, item.example);
    if (label === null) continue;
    data.items.push(item);
    data.labels.push(label);
    data.synthetic.push(false);
    data.copies.push(copiesOf(item));
  }
  const add = (item: Prepared, label: string): void => {
    data.items.push(item);
    data.labels.push(label);
    data.synthetic.push(true);
    data.copies.push(1);
  };
  if (AUGMENTED.has(head)) for (const item of extra.topics) add(item, NONE);
  if (head === 'department') for (const { item, department } of extra.scopes) add(item, department);
  return data;
}

function fitHead(
  config: TrainingConfig,
  head: HeadName,
  items: readonly Prepared[],
  labels: readonly string[],
  copies: readonly number[],
): SparseTextClassifier {
  const classifier = SparseTextClassifier.create(config.heads[head]);
  items.forEach((item, i) => {
    for (let c = 0; c < (copies[i] ?? 1); c++)
      classifier.addDocument(item.tokens, labels[i] ?? NONE);
  });
  classifier.train();
  return classifier;
}

interface OutOfFold {
  /** Calibrated probabilities per example, aligned with `labels` of the fold's head. */
  probabilities: Map<Prepared, { labels: readonly string[]; p: Float64Array }>;
  temperature: number;
}

interface Scored {
  item: Prepared;
  labels: readonly string[];
  scores: Float64Array;
  gold: number;
}

/** One k-fold pass: every real example scored by the model trained on the other folds. */
function foldScores(config: TrainingConfig, head: HeadName, data: HeadData): Scored[] {
  const real = data.labels.filter((_, i) => !data.synthetic[i]);
  const realFolds = stratifiedFolds(real, config.calibrationFolds, config.seed);
  let next = 0;
  const folds = data.synthetic.map((synthetic) => (synthetic ? -1 : (realFolds[next++] ?? 0)));
  const scored: Scored[] = [];
  for (let fold = 0; fold < config.calibrationFolds; fold++) {
    const train = data.items.filter((_, i) => folds[i] !== fold);
    const trainLabels = data.labels.filter((_, i) => folds[i] !== fold);
    const trainCopies = data.copies.filter((_, i) => folds[i] !== fold);
    const classifier = fitHead(config, head, train, trainLabels, trainCopies);
    data.items.forEach((item, i) => {
      if (folds[i] !== fold || data.synthetic[i]) return;
      scored.push({
        item,
        labels: classifier.labels,
        scores: classifier.scores(item.tokens),
        gold: classifier.labels.indexOf(data.labels[i] ?? ''),
      });
    });
  }
  return scored;
}

/**
 * A head trained as a bag of `bag` models is matched out of fold by `bag` k-fold passes, each
 * with its own fold deal and seed and one model per fold: an example's score is the mean over
 * `bag` models that never saw it, as the shipped head's weights are the mean of `bag` models.
 * The mean over several deals also steadies the thresholds, which one deal leaves to a few lines.
 */
function baggedFoldScores(config: TrainingConfig, head: HeadName, data: HeadData): Scored[] {
  const { linear } = config.heads[head];
  if (linear.bag <= 1) return foldScores(config, head, data);
  const byItem = new Map<Prepared, Scored[]>();
  for (let r = 0; r < linear.bag; r++) {
    const single = { ...config.heads[head], linear: { ...linear, bag: 1, seed: linear.seed + r } };
    const pass = { ...config, seed: config.seed + r, heads: { ...config.heads, [head]: single } };
    for (const s of foldScores(pass, head, data)) {
      const list = byItem.get(s.item);
      if (list) list.push(s);
      else byItem.set(s.item, [s]);
    }
  }
  return [...byItem.values()].map((list) => {
    const first = list[0]!;
    // Folds whose training part lacked a label score other labels: those passes are left out.
    const same = list.filter((s) => s.labels.join('\n') === first.labels.join('\n'));
    const scores = new Float64Array(first.scores.length);
    for (const s of same) s.scores.forEach((v, c) => (scores[c]! += v / same.length));
    return { ...first, scores };
  });
}

/**
 * Trains the head k times on k-1 folds and scores the held-out fold, so every training example
 * gets a prediction from a model that never saw it; the temperature is fitted on those.
 */
function outOfFold(config: TrainingConfig, head: HeadName, data: HeadData): OutOfFold {
  const scored = baggedFoldScores(config, head, data);
  // A label missing from a fold's training part cannot be predicted there; leave it out of the fit.
  const fit = scored.filter((s) => s.gold >= 0);
  const temperature = fitTemperature(
    fit.map((s) => s.scores),
    fit.map((s) => s.gold),
  );
  const probabilities = new Map<Prepared, { labels: readonly string[]; p: Float64Array }>();
  for (const s of scored)
    probabilities.set(s.item, { labels: s.labels, p: softmaxWith(s.scores, temperature) });
  return { probabilities, temperature };
}

function softmaxWith(scores: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  const out = Float64Array.from(scores, (s) => Math.exp((s - max) / temperature));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / sum);
}

function probabilityOf(
  entry: { labels: readonly string[]; p: Float64Array } | undefined,
  label: string,
): number {
  if (!entry) return 0;
  const i = entry.labels.indexOf(label);
  return i < 0 ? 0 : (entry.p[i] ?? 0);
}

/**
 * Emergency: the cues give recall; the model adds what they miss, at thresholds where its
 * out-of-fold false alarms stay within budget. Messages in routine context are never flagged by
 * the model; those with a danger word (`signals`) share the ordinary budget, those without get
 * a much smaller one (and a high floor). Each budget is a share of all the non-emergencies.
 */
function emergencyThresholds(
  config: TrainingConfig,
  rules: EmergencyRules,
  prepared: readonly Prepared[],
  oof: OutOfFold,
): { signalled: number; unsignalled: number; doubt: number } {
  const signalled: number[] = [];
  const unsignalled: number[] = [];
  const routine: number[] = [];
  const requests: number[] = [];
  let total = 0;
  let routineTotal = 0;
  let requestTotal = 0;
  for (const item of prepared) {
    if (item.example.emergency) continue;
    total++;
    if (item.example.routine) routineTotal++;
    if (item.example.department) requestTotal++;
    const rule = rules.match(item.normalized);
    if (rule.routine) continue;
    const entry = oof.probabilities.get(item);
    const p = 1 - probabilityOf(entry, NONE);
    const kind = topKind(entry);
    let strong = needsStrongModel(rule);
    if (config.emergencyGuards && kind) {
      // As the model will answer: silent where a cue's guard spoke, stricter in a look-alike context.
      if (rules.guardedAgainst(item.normalized, kind) !== null) continue;
      strong ||= rules.lookalike(rules.maskPlaces(item.normalized), kind) !== null;
    }
    (strong ? unsignalled : signalled).push(p);
    if (item.example.routine && !strong) routine.push(p);
    if (item.example.department && !strong) requests.push(p);
  }
  const at = (values: number[], allowed: number, floor: number): number => {
    const sorted = values.sort((a, b) => b - a);
    return clamp((sorted[Math.floor(allowed)] ?? 0) + 1e-6, floor, 0.95);
  };
  const doubt = Math.max(
    at(signalled, config.emergencyDoubtBudget * total, config.emergencyDoubtMinThreshold),
    at(
      requests,
      config.emergencyDoubtRequestBudget * requestTotal,
      config.emergencyDoubtMinThreshold,
    ),
  );
  const alarm = Math.max(
    at(signalled, config.emergencyFalseAlarmBudget * total, config.emergencyMinThreshold),
    at(routine, config.emergencyRoutineBudget * routineTotal, config.emergencyMinThreshold),
    at(requests, config.emergencyRequestBudget * requestTotal, config.emergencyMinThreshold),
  );
  return {
    // The look-alikes and everyday requests are where false alarms come from: each has a budget.
    signalled: alarm,
    // Never above the alarm: a safety check is asked only short of one.
    doubt: Math.min(doubt, alarm),
    unsignalled: at(
      unsignalled,
      config.emergencyUnsignalledBudget * total,
      config.emergencyUnsignalledMinThreshold,
    ),
  };
}

/** The emergency kind the model finds likeliest, or null when it has scored no kind. */
function topKind(
  entry: { labels: readonly string[]; p: Float64Array } | undefined,
): EmergencyKind | null {
  let best: EmergencyKind | null = null;
  let value = -1;
  entry?.labels.forEach((label, i) => {
    if (isKind(label) && (entry.p[i] ?? 0) > value) {
      best = label;
      value = entry.p[i] ?? 0;
    }
  });
  return best;
}

/** Meta: the threshold with the best out-of-fold accuracy of "which meta intent, or none". */
function metaThreshold(
  config: TrainingConfig,
  prepared: readonly Prepared[],
  oof: OutOfFold,
): number {
  let best = { threshold: 0.5, correct: -1 };
  for (let t = config.metaMinThreshold; t <= 0.951; t += 0.05) {
    let correct = 0;
    for (const item of prepared) {
      const entry = oof.probabilities.get(item);
      if (!entry) continue;
      let top = 0;
      for (let i = 1; i < entry.p.length; i++) if (entry.p[i]! > entry.p[top]!) top = i;
      const label = entry.labels[top] ?? NONE;
      const predicted = label !== NONE && (entry.p[top] ?? 0) >= t ? label : NONE;
      if (predicted === (item.example.meta ?? NONE)) correct++;
    }
    if (correct > best.correct) best = { threshold: Math.round(t * 100) / 100, correct };
  }
  return best.threshold;
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}

export interface TrainOptions {
  config: TrainingConfig;
  departments: readonly Department[];
  /** The catalogue's scope phrases, extra department training documents when configured. */
  scopes: Corpus['scopes'];
  /** intents/triage.yaml: the cues and guards the model's thresholds are fitted around. */
  triage: TriageLexicon;
  /** intents/glossary.yaml: the concepts the features name. */
  glossary: GlossaryEntry[];
  fingerprint: string;
}

interface PreparedCorpus {
  rules: EmergencyRules;
  prepared: Prepared[];
  extra: Extra;
  /** The same examples as the emergency head reads them (place names masked, triage concepts). */
  emergencyPrepared: Prepared[];
  emergencyExtra: Extra;
}

function prepareCorpus(examples: readonly Example[], options: TrainOptions): PreparedCorpus {
  const { config } = options;
  const rules = new EmergencyRules(options.triage);
  const prepare = (example: Example): Prepared => {
    const normalized = normalize(example.text);
    return {
      example,
      normalized,
      tokens: extractFeatures(normalized, config.features, options.glossary),
    };
  };
  const prepared = examples.map(prepare);
  // The emergency head reads the message with its place names masked.
  const masked = (item: Prepared): Prepared => ({
    ...item,
    tokens: emergencyTokens(rules, item.normalized, config, options.glossary, {
      tokens: item.tokens,
    }),
  });
  const blank = { department: null, category: null, emergency: null, meta: null, routine: false };
  const extra: Extra = {
    topics: config.augmentTopics
      ? topicPhrases(options.glossary).map((text) => prepare({ ...blank, text }))
      : [],
    scopes: config.scopeDocuments
      ? options.scopes.map(({ department, text }) => ({
          item: prepare({ ...blank, text }),
          department,
        }))
      : [],
  };
  return {
    rules,
    prepared,
    extra,
    emergencyPrepared: prepared.map(masked),
    emergencyExtra: { topics: extra.topics.map(masked), scopes: [] },
  };
}

function trainHead(
  config: TrainingConfig,
  head: HeadName,
  corpus: PreparedCorpus,
): { classifier: SparseTextClassifier; oof: OutOfFold } {
  const data =
    head === 'emergency'
      ? headData(head, corpus.emergencyPrepared, corpus.emergencyExtra, (item) => {
          if (item.example.department) return config.emergencyRequestCopies;
          return item.example.routine &&
            corpus.rules.hasLookalike(corpus.rules.maskPlaces(item.normalized))
            ? config.emergencyLookalikeCopies
            : 1;
        })
      : headData(head, corpus.prepared, corpus.extra);
  const oof = outOfFold(config, head, data);
  const classifier = fitHead(config, head, data.items, data.labels, data.copies);
  classifier.model.temperature = oof.temperature;
  return { classifier, oof };
}

/** The examples the config trains on: the batches of intents/train/emergency/ only when asked. */
export function trainingExamples(examples: readonly Example[], config: TrainingConfig): Example[] {
  return examples.filter((e) => config.emergencyBatches || e.batch === undefined);
}

export function trainClassifier(
  examples: readonly Example[],
  options: TrainOptions,
): HotlineClassifier {
  const { config } = options;
  const corpus = prepareCorpus(trainingExamples(examples, config), options);
  const train = (head: HeadName): { classifier: SparseTextClassifier; oof: OutOfFold } =>
    trainHead(config, head, corpus);
  const department = train('department');
  const category = train('category');
  const meta = train('meta');
  const emergency = train('emergency');
  const fitted = emergencyThresholds(config, corpus.rules, corpus.emergencyPrepared, emergency.oof);
  const thresholds: Thresholds = {
    emergency: fitted.signalled,
    emergencyUnsignalled: fitted.unsignalled,
    emergencyDoubt: fitted.doubt,
    meta: metaThreshold(config, corpus.prepared, meta.oof),
  };
  const heads = {
    department: department.classifier,
    category: category.classifier,
    meta: meta.classifier,
    emergency: emergency.classifier,
  };
  return new HotlineClassifier(
    heads,
    thresholds,
    config,
    options.departments,
    options.fingerprint,
    corpus.rules,
    options.glossary,
  );
}
