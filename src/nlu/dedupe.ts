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
 * Which candidates duplicate or nearly duplicate a reference line (character 5-gram Jaccard
 * ≥ 0.6): an inverted index over the reference grams keeps this linear in the shared grams.
 */
export function nearDuplicates(
  candidates: readonly string[],
  references: readonly string[],
  { n, jaccard }: { n: number; jaccard: number } = NEAR_DUPLICATE,
): boolean[] {
  const sizes: number[] = [];
  const index = new Map<string, number[]>();
  references.forEach((text, r) => {
    const grams = charGrams(text, n);
    sizes.push(grams.size);
    for (const gram of grams) {
      const list = index.get(gram);
      if (list) list.push(r);
      else index.set(gram, [r]);
    }
  });
  return candidates.map((text) => {
    const grams = charGrams(text, n);
    const shared = new Map<number, number>();
    for (const gram of grams)
      for (const r of index.get(gram) ?? []) shared.set(r, (shared.get(r) ?? 0) + 1);
    for (const [r, common] of shared)
      if (common / (grams.size + (sizes[r] ?? 0) - common) >= jaccard) return true;
    return false;
  });
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
