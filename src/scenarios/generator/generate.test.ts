import { describe, expect, it } from 'vitest';

import { digest, Rng, stableStringify } from '../../lib/index.js';
import { createWorld, tick, WorldSpecSchema } from '../../sim/index.js';
import { FAMILY_KNOBS, type FamilyId, GENERATED_FAMILIES } from './families.js';

const build = (id: FamilyId, seed: number) => {
  const family = GENERATED_FAMILIES.find((f) => f.id === id);
  if (!family) throw new Error(id);
  return WorldSpecSchema.parse(family.build(seed, Rng.fromSeed(seed, 0xb01d)));
};
const FAMILIES = Object.keys(FAMILY_KNOBS) as FamilyId[];

describe('generated families', () => {
  it.each(FAMILIES)('%s: 1,000 consecutive seeds give at least 990 distinct incidents', (id) => {
    const hashes = new Set<string>();
    for (let seed = 0; seed < 1000; seed++) hashes.add(digest(stableStringify(build(id, seed))));
    expect(hashes.size).toBeGreaterThanOrEqual(990);
  });

  it.each(FAMILIES)('%s: the same seed builds the same incident', (id) => {
    expect(stableStringify(build(id, 4242))).toBe(stableStringify(build(id, 4242)));
  });

  it.each(FAMILIES)('%s: roots, sustaining faults, gaps and size follow the knobs', (id) => {
    const k = FAMILY_KNOBS[id];
    for (let seed = 0; seed < 60; seed++) {
      const spec = build(id, seed);
      const roots = spec.faults.filter((f) => f.trigger === undefined);
      const sustaining = spec.faults.filter((f) => f.trigger !== undefined);
      expect(roots.length).toBeGreaterThanOrEqual(k.roots[0]);
      expect(roots.length).toBeLessThanOrEqual(k.roots[1]);
      expect(sustaining.length).toBeLessThanOrEqual(k.max_sustaining);
      for (const s of sustaining) expect(roots.map((r) => r.id)).toContain(s.trigger);
      expect(new Set(spec.faults.map((f) => f.service)).size).toBe(spec.faults.length);
      const gaps = spec.services.filter((s) => !s.monitored);
      expect(gaps.length).toBeLessThanOrEqual(k.gaps[1] + k.roots[1]);
      expect(gaps.some((s) => s.public)).toBe(false);
      expect(spec.services.length).toBeGreaterThanOrEqual(5);
      expect(spec.services.length).toBeLessThanOrEqual(40);
    }
  });

  it('the tiers get harder: more roots, sustaining faults, gaps and misleading faults going up', () => {
    const stats = FAMILIES.map((id) => {
      let roots = 0;
      let sustaining = 0;
      let gaps = 0;
      let misleading = 0;
      for (let seed = 0; seed < 100; seed++) {
        const spec = build(id, seed);
        roots += spec.faults.filter((f) => f.trigger === undefined).length;
        sustaining += spec.faults.filter((f) => f.trigger !== undefined).length;
        gaps += spec.services.filter((s) => !s.monitored).length;
        misleading += spec.faults.filter((f) => ['slow_query', 'lock_contention', 'cache_stampede', 'noisy_neighbor', 'hot_key', 'retry_storm', 'credential_rotation_failure', 'packet_loss'].includes(f.kind) && f.trigger === undefined).length;
      }
      return { roots, sustaining, gaps, misleading };
    });
    for (let i = 1; i < stats.length; i++) {
      const [a, b] = [stats[i - 1], stats[i]] as [(typeof stats)[number], (typeof stats)[number]];
      expect(b.roots).toBeGreaterThanOrEqual(a.roots);
      expect(b.sustaining).toBeGreaterThanOrEqual(a.sustaining);
      expect(b.gaps).toBeGreaterThanOrEqual(a.gaps);
      expect(b.misleading).toBeGreaterThan(a.misleading);
    }
    expect(stats[0]?.sustaining).toBe(0);
    expect(stats[0]?.gaps).toBe(0);
    expect(stats[0]?.misleading).toBe(0);
  });

  it.each(FAMILIES)('%s: without its faults the system is healthy; with them, alerts are firing when the engineer arrives', (id) => {
    for (let seed = 0; seed < 40; seed++) {
      const spec = build(id, seed);
      const healthy = createWorld({ ...spec, faults: [] }, seed);
      for (let m = 0; m < 10; m++) tick(healthy);
      expect(healthy.services.filter((s) => s.health !== 'healthy').map((s) => s.name), `seed ${seed}`).toEqual([]);
      const world = createWorld(spec, seed);
      expect(world.alerts.filter((a) => a.resolved_at === null).length, `seed ${seed}`).toBeGreaterThan(0);
    }
  });
});
