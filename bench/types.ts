/** One line of the bench table: what was measured, and its numbers by name. */
export interface BenchResult {
  name: string;
  metrics: Record<string, string | number>;
}

/** What every bench/*.bench.ts exports as `bench`. */
export type Bench = () => Promise<BenchResult[]>;
