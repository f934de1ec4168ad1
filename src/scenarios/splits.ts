/**
 * Seed ranges. Train on the train range; report results on the test range (or on firedrill-bench-v1, whose
 * seeds all come from it). Seeds at or above 2,000,000 belong to neither and are free for experiments.
 */
export const SEED_SPLITS = {
  train: { first: 0, last: 999_999 },
  test: { first: 1_000_000, last: 1_999_999 },
} as const;

export type SeedSplit = keyof typeof SEED_SPLITS | 'unassigned';

export function seedSplit(seed: number): SeedSplit {
  for (const [name, r] of Object.entries(SEED_SPLITS) as [keyof typeof SEED_SPLITS, { first: number; last: number }][]) if (seed >= r.first && seed <= r.last) return name;
  return 'unassigned';
}
