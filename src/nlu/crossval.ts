import { mulberry32 } from './linear';

/**
 * Stratified k-fold: each label's examples are shuffled (seeded, so runs are repeatable) and
 * dealt round-robin, so every fold sees every label in proportion. Returns a fold per example.
 */
export function stratifiedFolds(labels: readonly string[], k: number, seed: number): number[] {
  const random = mulberry32(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const list = byLabel.get(label);
    if (list) list.push(i);
    else byLabel.set(label, [i]);
  });
  const fold = new Array<number>(labels.length).fill(0);
  let offset = 0;
  for (const label of [...byLabel.keys()].sort()) {
    const members = byLabel.get(label) ?? [];
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    // Continue the deal where the previous label stopped, so small labels do not all land in fold 0.
    members.forEach((example, n) => {
      fold[example] = (offset + n) % k;
    });
    offset = (offset + members.length) % k;
  }
  return fold;
}
