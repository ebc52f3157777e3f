/** A document as feature indices and weights (indices ascending, no duplicates). */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

export interface VectorizerOptions {
  /** A feature must occur in at least this many training documents. */
  minDf: number;
  /** Keep the features with the highest chi-square score against the labels. */
  maxFeatures: number;
  /** log(1 + tf) instead of raw counts. */
  sublinearTf: boolean;
}

export interface VectorizerJson {
  /** Features joined by newlines (a token never contains one). */
  vocabulary: string;
  idf: number[];
  sublinearTf: boolean;
}

/**
 * Token lists -> L2-normalised TF-IDF vectors over a vocabulary chosen by chi-square.
 * Sparse throughout: a message touches only the few dozen features it contains.
 */
export class Vectorizer {
  private readonly index: Map<string, number>;

  constructor(
    readonly vocabulary: readonly string[],
    readonly idf: Float64Array,
    readonly sublinearTf: boolean,
  ) {
    this.index = new Map(vocabulary.map((token, i) => [token, i]));
  }

  get size(): number {
    return this.vocabulary.length;
  }

  has(token: string): boolean {
    return this.index.has(token);
  }

  static fit(
    docs: readonly (readonly string[])[],
    labels: readonly string[],
    options: VectorizerOptions,
  ): Vectorizer {
    const df = new Map<string, number>();
    const classes = [...new Set(labels)];
    const classOf = labels.map((label) => classes.indexOf(label));
    const perClass = new Map<string, Int32Array>();
    docs.forEach((tokens, d) => {
      for (const token of new Set(tokens)) {
        df.set(token, (df.get(token) ?? 0) + 1);
        let counts = perClass.get(token);
        if (!counts) perClass.set(token, (counts = new Int32Array(classes.length)));
        counts[classOf[d] ?? 0]! += 1;
      }
    });
    const n = docs.length;
    const classSize = classes.map((_, c) => classOf.filter((k) => k === c).length);
    const scored: [string, number][] = [];
    for (const [token, count] of df) {
      if (count < options.minDf) continue;
      scored.push([
        token,
        chiSquare(perClass.get(token) ?? new Int32Array(0), classSize, count, n),
      ]);
    }
    scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const vocabulary = scored.slice(0, options.maxFeatures).map(([token]) => token);
    vocabulary.sort();
    const idf = Float64Array.from(
      vocabulary,
      (token) => Math.log((1 + n) / (1 + (df.get(token) ?? 0))) + 1,
    );
    return new Vectorizer(vocabulary, idf, options.sublinearTf);
  }

  transform(tokens: readonly string[]): SparseVector {
    const counts = new Map<number, number>();
    for (const token of tokens) {
      const i = this.index.get(token);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const indices = Int32Array.from(counts.keys()).sort();
    const values = new Float64Array(indices.length);
    let norm = 0;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      const tf = counts.get(i) ?? 0;
      const v = (this.sublinearTf ? 1 + Math.log(tf) : tf) * this.idf[i]!;
      values[k] = v;
      norm += v * v;
    }
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let k = 0; k < values.length; k++) values[k]! *= scale;
    }
    return { indices, values };
  }

  toJSON(): VectorizerJson {
    return {
      vocabulary: this.vocabulary.join('\n'),
      idf: [...this.idf].map((v) => round(v, 4)),
      sublinearTf: this.sublinearTf,
    };
  }

  static fromJSON(json: VectorizerJson): Vectorizer {
    const vocabulary = json.vocabulary === '' ? [] : json.vocabulary.split('\n');
    return new Vectorizer(vocabulary, Float64Array.from(json.idf), json.sublinearTf);
  }
}

/** Largest chi-square of the feature against any one class (one-vs-rest, 2x2 table). */
function chiSquare(
  inClass: Int32Array,
  classSize: readonly number[],
  df: number,
  n: number,
): number {
  let best = 0;
  for (let c = 0; c < classSize.length; c++) {
    const a = inClass[c] ?? 0;
    const b = df - a;
    const cc = (classSize[c] ?? 0) - a;
    const d = n - df - cc;
    const denom = (a + cc) * (b + d) * (a + b) * (cc + d);
    if (denom === 0) continue;
    const score = (n * (a * d - b * cc) ** 2) / denom;
    if (score > best) best = score;
  }
  return best;
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
