import Classifier = require('natural/lib/natural/classifiers/classifier');
import { textTokenizer } from './features';
import { LinearModel } from './linear';
import type { LinearJson, LinearOptions } from './linear';
import { Vectorizer } from './vectorizer';
import type { SparseVector, VectorizerJson, VectorizerOptions } from './vectorizer';

export interface HeadOptions {
  vectorizer: VectorizerOptions;
  linear: LinearOptions;
}

export interface HeadJson {
  vectorizer: VectorizerJson;
  model: LinearJson;
}

/**
 * natural's `Classifier` with a sparse backend: documents go in through `addDocument` as token
 * lists (or raw text, through the shared tokenizer), `train()` first picks the vocabulary
 * from the documents, then lets natural feed the backend one sparse vector per document.
 */
export class SparseTextClassifier extends Classifier<SparseVector> {
  private vectorizer: Vectorizer | null = null;

  constructor(
    readonly model: LinearModel,
    private readonly options: HeadOptions,
  ) {
    super(model, textTokenizer());
  }

  static create(options: HeadOptions): SparseTextClassifier {
    return new SparseTextClassifier(new LinearModel(options.linear), options);
  }

  get labels(): readonly string[] {
    return this.model.labels;
  }

  override train(): void {
    const texts = this.docs.map((doc) => doc.text);
    const labels = this.docs.map((doc) => doc.label);
    this.vectorizer = Vectorizer.fit(texts, labels, this.options.vectorizer);
    this.model.reset(this.vectorizer.size);
    this.lastAdded = 0;
    super.train();
    // The documents were only needed to train; a trained head is weights and a vocabulary.
    this.docs = [];
    this.features = {};
  }

  override textToFeatures(observation: string | string[]): SparseVector {
    if (!this.vectorizer) throw new Error('SparseTextClassifier: train() before classifying');
    const tokens =
      typeof observation === 'string' ? this.stemmer.tokenizeAndStem(observation) : observation;
    return this.vectorizer.transform(tokens);
  }

  /** Calibrated probabilities aligned with `labels` (no sorting, no allocation per label). */
  probabilities(tokens: string[]): Float64Array {
    return this.model.probabilities(this.textToFeatures(tokens));
  }

  /** Whether this head knows any of the tokens, leaving out the `#` bookkeeping features. */
  knowsAnyToken(tokens: readonly string[]): boolean {
    if (!this.vectorizer) return false;
    for (const token of tokens)
      if (!token.startsWith('#') && this.vectorizer.has(token)) return true;
    return false;
  }

  /**
   * The message's features that pushed `label` above `against` the most, strongest first: what
   * carried the decision, in the head's own terms (n-grams, stems, `=concept`s).
   */
  strongestFeatures(tokens: string[], label: string, against: string, n: number): string[] {
    const { vectorizer, model } = this;
    const c = model.labels.indexOf(label);
    const a = model.labels.indexOf(against);
    if (!vectorizer || c < 0) return [];
    const k = model.labels.length;
    const { indices, values } = vectorizer.transform(tokens);
    const pushes: [string, number][] = [];
    for (let i = 0; i < indices.length; i++) {
      const row = indices[i]! * k;
      const push = (model.weights[row + c]! - (a < 0 ? 0 : model.weights[row + a]!)) * values[i]!;
      if (push > 0) pushes.push([vectorizer.vocabulary[indices[i]!] ?? '', push]);
    }
    return pushes
      .sort((x, y) => y[1] - x[1])
      .slice(0, n)
      .map(([token]) => token);
  }

  /** Uncalibrated scores aligned with `labels`, for fitting the temperature. */
  scores(tokens: string[]): Float64Array {
    return this.model.scores(this.textToFeatures(tokens));
  }

  toJSON(): HeadJson {
    if (!this.vectorizer) throw new Error('SparseTextClassifier: train() before saving');
    return { vectorizer: this.vectorizer.toJSON(), model: this.model.toJSON() };
  }

  static fromJSON(json: HeadJson, options: HeadOptions): SparseTextClassifier {
    const head = new SparseTextClassifier(
      LinearModel.fromJSON(json.model, options.linear),
      options,
    );
    head.vectorizer = Vectorizer.fromJSON(json.vectorizer);
    return head;
  }
}
