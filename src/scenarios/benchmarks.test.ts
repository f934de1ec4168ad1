import { describe, expect, it } from 'vitest';

import { digest, Rng, stableStringify } from '../lib/index.js';
import { FIREDRILL_BENCH_V1 } from './benchmarks.js';
import { CURATED_SCENARIOS, GENERATED_FAMILIES } from './index.js';
import { seedSplit } from './splits.js';

const byId = new Map([...CURATED_SCENARIOS, ...GENERATED_FAMILIES].map((s) => [s.id, s]));

describe('firedrill-bench-v1', () => {
  it('is the pinned list of 200 (task, seed) pairs', () => {
    expect(FIREDRILL_BENCH_V1.pairs.length).toBe(200);
    expect(digest(stableStringify(FIREDRILL_BENCH_V1.pairs))).toBe('d313b90ad0a1efae');
  });

  it('spans every curated incident and every generated family, with test seeds only and no repeats', () => {
    const tasks = new Set(FIREDRILL_BENCH_V1.pairs.map(([t]) => t));
    expect([...tasks].sort()).toEqual([...byId.keys()].sort());
    for (const [, seed] of FIREDRILL_BENCH_V1.pairs) expect(seedSplit(seed)).toBe('test');
    expect(new Set(FIREDRILL_BENCH_V1.pairs.map(([t, s]) => `${t}:${s}`)).size).toBe(200);
  });

  it('is retired: the generated families it names were rebuilt, so it no longer builds the incidents it was frozen with', () => {
    const specs = FIREDRILL_BENCH_V1.pairs.map(([task, seed]) => {
      const def = byId.get(task);
      if (!def) throw new Error(`unknown task ${task}`);
      return def.build(seed, Rng.fromSeed(seed, 0xb01d));
    });
    expect(digest(stableStringify(specs))).not.toBe('facc41993059581e');
    expect(FIREDRILL_BENCH_V1.retired).toMatch(/not comparable/);
  });
});

describe('seed splits', () => {
  it('splits seeds into train, test and unassigned ranges', () => {
    expect([0, 999_999, 1_000_000, 1_999_999, 2_000_000].map(seedSplit)).toEqual(['train', 'train', 'test', 'test', 'unassigned']);
  });
});
