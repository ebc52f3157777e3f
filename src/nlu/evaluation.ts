import { expectedCalibrationError } from './calibration';
import { stratifiedFolds } from './crossval';
import { FORM_KINDS } from './dataset';
import type { Example, FormKind } from './dataset';
import { conversationLang } from './language';
import type { Classification } from './types';

export interface Prediction {
  example: Example;
  result: Classification;
}

export interface Rate {
  hits: number;
  total: number;
}

export interface Metrics {
  departmentTop1: Rate;
  departmentTop3: Rate;
  top1ByLang: { zh: Rate; en: Rate };
  top3ByLang: { zh: Rate; en: Rate };
  macroF1: number;
  /** Expected calibration error of the department confidence. */
  calibrationError: number;
  category: Rate;
  emergencyRecall: Rate;
  emergencyRecallByLang: { zh: Rate; en: Rate };
  emergencyKind: Rate;
  /** Alarms on messages that are not emergencies (requests, routine look-alikes, conversation). */
  falseAlarms: Rate;
  /** Alarms on requests: department requests and routine look-alikes. */
  requestFalseAlarms: Rate;
  /** Alarms on the routine look-alikes alone (the hard negatives of emergency.yaml). */
  routineFalseAlarms: Rate;
  /** Alarms on the department requests alone (everyday requests to the departments). */
  departmentFalseAlarms: Rate;
  /** Emergencies the alarm missed for which the bot asks its safety check instead. */
  missedButChecked: Rate;
  /** Safety checks ("is anyone in danger right now?") asked on requests and routine look-alikes. */
  requestSafetyChecks: Rate;
  /** Alarms on form answers, punctuation and greetings (forms.yaml): none is allowed. */
  formFalseAlarms: Record<FormKind, Rate>;
  meta: Rate;
  /** Requests (department or routine) taken for conversation. */
  metaFalsePositives: Rate;
  /** Worst confused department pairs, gold -> predicted. */
  confusions: { gold: string; predicted: string; count: number }[];
}

const rate = (): Rate => ({ hits: 0, total: 0 });

function count(r: Rate, hit: boolean): void {
  r.total++;
  if (hit) r.hits++;
}

export function ratio(r: Rate): number {
  return r.total === 0 ? NaN : r.hits / r.total;
}

export function score(predictions: readonly Prediction[]): Metrics {
  const m: Metrics = {
    departmentTop1: rate(),
    departmentTop3: rate(),
    top1ByLang: { zh: rate(), en: rate() },
    top3ByLang: { zh: rate(), en: rate() },
    macroF1: 0,
    calibrationError: 0,
    category: rate(),
    emergencyRecall: rate(),
    emergencyRecallByLang: { zh: rate(), en: rate() },
    emergencyKind: rate(),
    falseAlarms: rate(),
    requestFalseAlarms: rate(),
    routineFalseAlarms: rate(),
    departmentFalseAlarms: rate(),
    missedButChecked: rate(),
    requestSafetyChecks: rate(),
    formFalseAlarms: Object.fromEntries(FORM_KINDS.map((kind) => [kind, rate()])) as Record<
      FormKind,
      Rate
    >,
    meta: rate(),
    metaFalsePositives: rate(),
    confusions: [],
  };
  const confusion = new Map<string, number>();
  const confidences: number[] = [];
  const correct: boolean[] = [];
  const perDept = new Map<string, { tp: number; fp: number; fn: number }>();
  const dept = (code: string): { tp: number; fp: number; fn: number } => {
    let entry = perDept.get(code);
    if (!entry) perDept.set(code, (entry = { tp: 0, fp: 0, fn: 0 }));
    return entry;
  };

  for (const { example, result } of predictions) {
    if (example.department) {
      const gold = example.department;
      const predicted = result.department;
      const top3 = [predicted, ...result.alternatives.map((a) => a.department)].slice(0, 3);
      const lang = conversationLang(example.text, null, 'zh');
      count(m.departmentTop1, predicted === gold);
      count(m.departmentTop3, top3.includes(gold));
      count(m.top1ByLang[lang], predicted === gold);
      count(m.top3ByLang[lang], top3.includes(gold));
      confidences.push(result.confidence);
      correct.push(predicted === gold);
      if (predicted === gold) dept(gold).tp++;
      else {
        dept(gold).fn++;
        if (predicted) dept(predicted).fp++;
        const key = `${gold}\u0000${predicted ?? '(none)'}`;
        confusion.set(key, (confusion.get(key) ?? 0) + 1);
      }
    }
    if (example.category) count(m.category, result.category === example.category);
    if (example.form) {
      count(m.formFalseAlarms[example.form], result.emergency);
      continue;
    }
    if (example.emergency) {
      count(m.emergencyRecall, result.emergency);
      count(m.emergencyRecallByLang[conversationLang(example.text, null, 'zh')], result.emergency);
      if (result.emergency) count(m.emergencyKind, result.emergencyKind === example.emergency);
      else count(m.missedButChecked, result.emergencyDoubt !== null);
    } else {
      count(m.falseAlarms, result.emergency);
      if (example.department || example.routine) {
        count(m.requestFalseAlarms, result.emergency);
        count(m.requestSafetyChecks, result.emergencyDoubt !== null);
      }
      if (example.routine) count(m.routineFalseAlarms, result.emergency);
      if (example.department) count(m.departmentFalseAlarms, result.emergency);
    }
    if (example.meta) count(m.meta, result.meta === example.meta);
    else if (!example.emergency) count(m.metaFalsePositives, result.meta !== null);
  }

  let f1 = 0;
  for (const { tp, fp, fn } of perDept.values()) f1 += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  m.macroF1 = perDept.size === 0 ? NaN : f1 / perDept.size;
  m.calibrationError = expectedCalibrationError(confidences, correct);
  m.confusions = [...confusion]
    .map(([key, n]) => {
      const [gold = '', predicted = ''] = key.split('\u0000');
      return { gold, predicted, count: n };
    })
    .sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold));
  return m;
}

/** The label outer cross-validation stratifies on: every kind of example is spread evenly. */
export function stratum(example: Example): string {
  if (example.department) return `department:${example.department}`;
  if (example.emergency) return `emergency:${example.emergency}`;
  if (example.meta) return `meta:${example.meta}`;
  return 'routine';
}

/**
 * Stratified k-fold cross-validation of the whole pipeline: each fold is predicted by a model
 * trained (features, calibration, thresholds and all) on the other folds only.
 */
export function crossValidate(
  examples: readonly Example[],
  folds: number,
  seed: number,
  train: (training: Example[]) => { classify(text: string): Classification },
): Prediction[] {
  const fold = stratifiedFolds(examples.map(stratum), folds, seed);
  const predictions: Prediction[] = [];
  for (let f = 0; f < folds; f++) {
    const classifier = train(examples.filter((_, i) => fold[i] !== f));
    examples.forEach((example, i) => {
      if (fold[i] === f) predictions.push({ example, result: classifier.classify(example.text) });
    });
  }
  return predictions;
}

export function predict(
  classifier: { classify(text: string): Classification },
  examples: readonly Example[],
): Prediction[] {
  return examples.map((example) => ({ example, result: classifier.classify(example.text) }));
}

export interface Speed {
  /** Per second of this process's CPU time: what one core does, whatever else the machine runs. */
  perSecond: number;
  /** Per second of wall-clock time: lower when other processes take the core. */
  wallPerSecond: number;
  p50Micros: number;
  p99Micros: number;
}

/**
 * Classifications per second on this thread, cycling through the texts for at least `minMs`.
 * The headline figure divides by the process's CPU time, not the wall clock: on a shared
 * machine the wall-clock figure of the same code moved by half between runs minutes apart
 * (another process had the core), while CPU time counts only the time spent classifying.
 */
export function measureSpeed(
  classifier: { classify(text: string): Classification },
  texts: readonly string[],
  minMs = 1000,
): Speed {
  if (texts.length === 0)
    return { perSecond: NaN, wallPerSecond: NaN, p50Micros: NaN, p99Micros: NaN };
  for (const text of texts.slice(0, 200)) classifier.classify(text);
  const latencies: number[] = [];
  const cpuStarted = process.cpuUsage();
  const started = process.hrtime.bigint();
  let elapsed = 0;
  for (let i = 0; elapsed < minMs * 1e6 || latencies.length < texts.length; i++) {
    const t0 = process.hrtime.bigint();
    classifier.classify(texts[i % texts.length] ?? '');
    const t1 = process.hrtime.bigint();
    latencies.push(Number(t1 - t0) / 1000);
    elapsed = Number(t1 - started);
  }
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    perSecond: latencies.length / cpuSeconds,
    wallPerSecond: latencies.length / (elapsed / 1e9),
    p50Micros: at(0.5),
    p99Micros: at(0.99),
  };
}
