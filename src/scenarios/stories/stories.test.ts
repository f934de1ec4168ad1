import { describe, expect, it } from 'vitest';

import { Rng } from '../../lib/index.js';
import { WorldSpecSchema } from '../../sim/index.js';
import { RETIRED_TASK_IDS, STORY_SCENARIOS } from './index.js';
import { baseName } from './story.js';

const SEEDS = Array.from({ length: 30 }, (_, i) => 1_000_000 + i);

describe('v2 stories (issue 12, point 1)', () => {
  it('replace every v1 native and curated incident', () => {
    expect(STORY_SCENARIOS.map((s) => s.id.replace(/-v2$/, '-v1'))).toEqual(RETIRED_TASK_IDS);
    for (const s of STORY_SCENARIOS) expect(s.card?.versions.at(-1)?.version ?? 2, s.id).toBe(2);
  });

  for (const s of STORY_SCENARIOS) {
    it(`${s.id}: the seed draws at least three ground truths, and names vary`, () => {
      const answers = new Set<string>();
      const rootNames = new Set<string>();
      for (const seed of SEEDS) {
        const spec = WorldSpecSchema.parse(s.build(seed, Rng.fromSeed(seed, 0xb01d)));
        const roots = spec.faults.filter((f) => f.trigger === undefined);
        answers.add(roots.map((f) => `${baseName(f.service)}:${f.kind}:${typeof f.params['origin'] === 'string' ? baseName(f.params['origin']) : ''}`).sort().join('+'));
        for (const f of roots) rootNames.add(f.service);
      }
      expect(answers.size, [...answers].join(', ')).toBeGreaterThanOrEqual(3);
      expect(rootNames.size).toBeGreaterThanOrEqual(8);
    });
  }
});
