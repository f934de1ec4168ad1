import { describe, expect, it } from 'vitest';

import { createDefaultRegistry } from '../src/cli/default-registry.js';
import { resolveEpisodes } from '../src/eval/task-selector.js';
import { validate } from '../src/eval/validate.js';
import { BENCHMARKS, CURATED_SCENARIOS, GENERATED_FAMILIES, STORY_SCENARIOS } from '../src/scenarios/index.js';

/**
 * Issue-level validity of the incident catalogue, with the reference agents (`firedrill validate` runs the same
 * bounds over more seeds): the oracle solves every curated incident and 50 seeds of every generated family, and
 * the investigating baseline, which solves single-fault incidents, averages below 0.5 on the hard tiers.
 */
describe('firedrill-bench-v1 in eval', () => {
  it('resolves to its 200 (task, seed) pairs, every task registered', () => {
    const episodes = resolveEpisodes('firedrill-bench-v1', createDefaultRegistry().ids(), [], BENCHMARKS);
    expect(episodes.length).toBe(200);
    expect(episodes[0]).toEqual({ task_id: 'cart-writes-failing-v1', seed: 1823542 });
  });
});

describe('catalogue validity with the reference agents', () => {
  it('oracle ≥ 0.95 on 50 seeds of each generated family, seeds 0..4 of every v1 curated incident and 0..9 of every v2 story', async () => {
    const families = await validate({ seeds: Array.from({ length: 50 }, (_, i) => i), tasks: GENERATED_FAMILIES.map((f) => f.id), agents: ['oracle'] });
    const curated = await validate({ seeds: [0, 1, 2, 3, 4], tasks: CURATED_SCENARIOS.map((c) => c.id), agents: ['oracle'] });
    const stories = await validate({ seeds: Array.from({ length: 10 }, (_, i) => i), tasks: STORY_SCENARIOS.map((c) => c.id), agents: ['oracle'] });
    const low = [...families.episodes, ...curated.episodes, ...stories.episodes].filter((e) => e.score < 0.95).map((e) => `${e.task_id}#${e.seed}: ${e.score}`);
    expect(low).toEqual([]);
  }, 180_000);

  it('the investigator averages below 0.5 on gen-hard and gen-expert, and well above that on gen-easy', async () => {
    const { summary } = await validate({ seeds: Array.from({ length: 30 }, (_, i) => i), tasks: ['gen-easy', 'gen-hard', 'gen-expert'], agents: ['investigator'] });
    const inv = summary.agents['investigator'] ?? {};
    expect(inv['gen-hard']?.mean).toBeLessThan(0.5);
    expect(inv['gen-expert']?.mean).toBeLessThan(0.5);
    expect(inv['gen-easy']?.mean).toBeGreaterThan(0.65);
  }, 180_000);
});
