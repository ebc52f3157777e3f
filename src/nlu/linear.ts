import { endianness } from 'node:os';
import type Classifier = require('natural/lib/natural/classifiers/classifier');
import type { SparseVector } from './vectorizer';
import { round } from './vectorizer';

export interface LinearOptions {
  /** Weight of complement naive Bayes in the blend with softmax regression (0 = regression only). */
  nbWeight: number;
  /** Softmax regression: passes over the data, initial step, L2 penalty. */
  epochs: number;
  learningRate: number;
  l2: number;
  /** Complement naive Bayes additive smoothing. */
  nbAlpha: number;
  /** Weigh examples so every class counts the same (for skewed heads such as emergency). */
  balanced: boolean;
  seed: number;
  /**
   * Softmax regressions averaged into the one weight matrix, each with its own seed (example
   * order): averaging linear models costs nothing at inference and steadies what one SGD run
   * leaves to chance.
   */
  bag: number;
}

export interface LinearJson {
  labels: string[];
  features: number;
  /** Row-major [feature][label] as base64 little-endian int16, quantised: weight = value * scale. */
  weights: string;
  scale: number;
  bias: number[];
  temperature: number;
}

interface TrainingExample {
  x: SparseVector;
  y: number;
}

/**
 * A linear scorer over sparse vectors, trained as a blend of softmax regression and complement
 * naive Bayes. Both are linear in the features, so the blend is one weight matrix and scoring
 * costs a sparse dot product per label. Implements the backend interface natural's `Classifier`
 * feeds (addExample / train / getClassifications / classify).
 */
export class LinearModel implements Classifier.Backend<SparseVector> {
  labels: string[] = [];
  features = 0;
  weights = new Float32Array(0);
  bias = new Float64Array(0);
  /** Divides the scores before the softmax; fitted on out-of-fold predictions. */
  temperature = 1;
  private examples: TrainingExample[] = [];
  private labelIndex = new Map<string, number>();

  constructor(readonly options: LinearOptions) {}

  /** The vector width; set once the vocabulary is known, before examples arrive. */
  reset(features: number): void {
    this.features = features;
    this.examples = [];
    this.labels = [];
    this.labelIndex = new Map();
  }

  addExample(x: SparseVector, label: string): void {
    let y = this.labelIndex.get(label);
    if (y === undefined) {
      y = this.labels.length;
      this.labels.push(label);
      this.labelIndex.set(label, y);
    }
    this.examples.push({ x, y });
  }

  train(): void {
    const k = this.labels.length;
    const weights = new Float64Array(this.features * k);
    const bias = new Float64Array(k);
    const { nbWeight } = this.options;
    if (nbWeight < 1) {
      const { bag, seed } = this.options;
      for (let b = 0; b < bag; b++) {
        const lr = trainSoftmax(this.examples, this.features, k, {
          ...this.options,
          seed: seed + b,
        });
        addScaled(weights, lr.weights, (1 - nbWeight) / bag);
        addScaled(bias, lr.bias, (1 - nbWeight) / bag);
      }
    }
    if (nbWeight > 0) {
      const nb = trainComplementNb(this.examples, this.features, k, this.options.nbAlpha);
      addScaled(weights, nb.weights, nbWeight);
      addScaled(bias, nb.bias, nbWeight);
    }
    this.weights = Float32Array.from(weights);
    this.bias = bias;
    this.examples = [];
  }

  /** Raw scores, one per label (before temperature). */
  scores(x: SparseVector): Float64Array {
    const k = this.labels.length;
    const out = Float64Array.from(this.bias);
    const { indices, values } = x;
    for (let n = 0; n < indices.length; n++) {
      const row = indices[n]! * k;
      const v = values[n]!;
      for (let c = 0; c < k; c++) out[c]! += this.weights[row + c]! * v;
    }
    return out;
  }

  /** Calibrated probabilities, one per label. */
  probabilities(x: SparseVector): Float64Array {
    return softmax(this.scores(x), this.temperature);
  }

  getClassifications(x: SparseVector): Classifier.Scored[] {
    const p = this.probabilities(x);
    return this.labels
      .map((label, c) => ({ label, value: p[c] ?? 0 }))
      .sort((a, b) => b.value - a.value);
  }

  classify(x: SparseVector): string {
    const s = this.scores(x);
    let best = 0;
    for (let c = 1; c < s.length; c++) if (s[c]! > s[best]!) best = c;
    return this.labels[best] ?? '';
  }

  toJSON(): LinearJson {
    let max = 0;
    for (const w of this.weights) max = Math.max(max, Math.abs(w));
    // 16-bit quantisation keeps the JSON small; the rounding error is far below what matters.
    const scale = max > 0 ? max / 32767 : 1;
    return {
      labels: [...this.labels],
      features: this.features,
      weights: encodeInt16(Int16Array.from(this.weights, (w) => Math.round(w / scale))),
      scale,
      bias: [...this.bias].map((b) => round(b, 5)),
      temperature: round(this.temperature, 5),
    };
  }

  static fromJSON(json: LinearJson, options: LinearOptions): LinearModel {
    const model = new LinearModel(options);
    model.labels = [...json.labels];
    model.labelIndex = new Map(json.labels.map((label, i) => [label, i]));
    model.features = json.features;
    const quantised = decodeInt16(json.weights);
    model.weights = new Float32Array(quantised.length);
    for (let i = 0; i < quantised.length; i++) model.weights[i] = quantised[i]! * json.scale;
    model.bias = Float64Array.from(json.bias);
    model.temperature = json.temperature;
    return model;
  }
}

function encodeInt16(values: Int16Array): string {
  const bytes = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => bytes.writeInt16LE(v, i * 2));
  return bytes.toString('base64');
}

function decodeInt16(base64: string): Int16Array {
  const bytes = Buffer.from(base64, 'base64');
  const out = new Int16Array(bytes.length >> 1);
  // A copy of the bytes is the array on little-endian machines: the model loads at start-up.
  if (endianness() === 'LE') new Uint8Array(out.buffer).set(bytes.subarray(0, out.length * 2));
  else for (let i = 0; i < out.length; i++) out[i] = bytes.readInt16LE(i * 2);
  return out;
}

export function softmax(scores: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  const out = new Float64Array(scores.length);
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    const e = Math.exp((scores[c]! - max) / temperature);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < out.length; c++) out[c]! /= sum;
  return out;
}

function addScaled(target: Float64Array, source: Float64Array, factor: number): void {
  for (let i = 0; i < target.length; i++) target[i]! += source[i]! * factor;
}

interface Weights {
  weights: Float64Array;
  bias: Float64Array;
}

/**
 * Multinomial logistic regression by SGD with exact L2 through a shared weight scale
 * (w = scale * v), so a step touches only the example's features.
 */
function trainSoftmax(
  examples: readonly TrainingExample[],
  features: number,
  k: number,
  options: LinearOptions,
): Weights {
  const v = new Float64Array(features * k);
  const bias = new Float64Array(k);
  const classWeight = exampleWeights(examples, k, options.balanced);
  const random = mulberry32(options.seed);
  const order = examples.map((_, i) => i);
  const p = new Float64Array(k);
  let scale = 1;
  let t = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const { x, y } = examples[i]!;
      const lr = options.learningRate / (1 + options.learningRate * options.l2 * t++);
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        let dot = 0;
        for (let n = 0; n < x.indices.length; n++) dot += v[x.indices[n]! * k + c]! * x.values[n]!;
        p[c] = bias[c]! + scale * dot;
        max = Math.max(max, p[c]!);
      }
      let sum = 0;
      for (let c = 0; c < k; c++) {
        p[c] = Math.exp(p[c]! - max);
        sum += p[c]!;
      }
      scale *= 1 - lr * options.l2;
      const weight = classWeight[y]!;
      for (let c = 0; c < k; c++) {
        const g = weight * (p[c]! / sum - (c === y ? 1 : 0));
        if (g === 0) continue;
        bias[c]! -= lr * g;
        const step = (lr * g) / scale;
        for (let n = 0; n < x.indices.length; n++) v[x.indices[n]! * k + c]! -= step * x.values[n]!;
      }
      if (scale < 1e-6) {
        for (let j = 0; j < v.length; j++) v[j]! *= scale;
        scale = 1;
      }
    }
  }
  for (let j = 0; j < v.length; j++) v[j]! *= scale;
  return { weights: v, bias };
}

/** Complement naive Bayes (Rennie et al. 2003) with weight normalisation, as linear scores. */
function trainComplementNb(
  examples: readonly TrainingExample[],
  features: number,
  k: number,
  alpha: number,
): Weights {
  const perClass = new Float64Array(features * k);
  const total = new Float64Array(features);
  for (const { x, y } of examples) {
    for (let n = 0; n < x.indices.length; n++) {
      const j = x.indices[n]!;
      perClass[j * k + y]! += x.values[n]!;
      total[j]! += x.values[n]!;
    }
  }
  let grand = 0;
  for (const t of total) grand += t;
  const weights = new Float64Array(features * k);
  for (let c = 0; c < k; c++) {
    let classSum = 0;
    for (let j = 0; j < features; j++) classSum += perClass[j * k + c]!;
    const complementSum = grand - classSum + alpha * features;
    let norm = 0;
    for (let j = 0; j < features; j++) {
      const theta = (total[j]! - perClass[j * k + c]! + alpha) / complementSum;
      const w = Math.log(theta);
      weights[j * k + c] = w;
      norm += Math.abs(w);
    }
    // Normalised complement weights: a lower complement likelihood means a higher score.
    for (let j = 0; j < features; j++)
      weights[j * k + c] = (-weights[j * k + c]! / norm) * features;
  }
  return { weights, bias: new Float64Array(k) };
}

function exampleWeights(
  examples: readonly TrainingExample[],
  k: number,
  balanced: boolean,
): Float64Array {
  const weights = new Float64Array(k).fill(1);
  if (!balanced) return weights;
  const counts = new Float64Array(k);
  for (const { y } of examples) counts[y]! += 1;
  for (let c = 0; c < k; c++) weights[c] = counts[c]! > 0 ? examples.length / (k * counts[c]!) : 1;
  return weights;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
}
