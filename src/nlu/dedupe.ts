import type { Corpus } from './dataset';
import { normalize } from './normalize';

/** Character n-gram length and Jaccard similarity at which two lines count as near duplicates. */
export const NEAR_DUPLICATE = { n: 5, jaccard: 0.6 } as const;

/** The set of character n-grams of a line (normalised); a line shorter than n is one gram. */
export function charGrams(text: string, n: number = NEAR_DUPLICATE.n): Set<string> {
  const chars = [...normalize(text)];
  if (chars.length <= n) return new Set([chars.join('')]);
  const grams = new Set<string>();
  for (let i = 0; i + n <= chars.length; i++) grams.add(chars.slice(i, i + n).join(''));
  return grams;
}

/**
 * Reference lines that later lines are checked against (character 5-gram Jaccard ≥ 0.6): an
 * inverted index over the reference grams keeps a check linear in the shared grams, and lines
 * can be added as they are accepted.
 */
export class NearDuplicateIndex {
  private readonly sizes: number[] = [];
  private readonly index = new Map<string, number[]>();

  constructor(private readonly similarity: { n: number; jaccard: number } = NEAR_DUPLICATE) {}

  add(text: string): void {
    const r = this.sizes.length;
    const grams = charGrams(text, this.similarity.n);
    this.sizes.push(grams.size);
    for (const gram of grams) {
      const list = this.index.get(gram);
      if (list) list.push(r);
      else this.index.set(gram, [r]);
    }
  }

  /** Whether the text duplicates or nearly duplicates a line added so far. */
  matches(text: string): boolean {
    const grams = charGrams(text, this.similarity.n);
    const shared = new Map<number, number>();
    for (const gram of grams)
      for (const r of this.index.get(gram) ?? []) shared.set(r, (shared.get(r) ?? 0) + 1);
    for (const [r, common] of shared)
      if (common / (grams.size + (this.sizes[r] ?? 0) - common) >= this.similarity.jaccard)
        return true;
    return false;
  }
}

/** Which candidates duplicate or nearly duplicate a reference line. */
export function nearDuplicates(
  candidates: readonly string[],
  references: readonly string[],
  similarity: { n: number; jaccard: number } = NEAR_DUPLICATE,
): boolean[] {
  const index = new NearDuplicateIndex(similarity);
  for (const text of references) index.add(text);
  return candidates.map((text) => index.matches(text));
}

/** A set without lines that (nearly) repeat training lines: they would flatter the scores. */
export function withoutNearDuplicates(
  corpus: Corpus,
  trainTexts: readonly string[],
): { corpus: Corpus; dropped: number } {
  const duplicate = nearDuplicates(
    corpus.examples.map((e) => e.text),
    trainTexts,
  );
  const examples = corpus.examples.filter((_, i) => !duplicate[i]);
  return { corpus: { ...corpus, examples }, dropped: corpus.examples.length - examples.length };
}
