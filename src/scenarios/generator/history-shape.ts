import { Rng } from '../../lib/index.js';
import { createWorld, WorldSpecSchema } from '../../sim/index.js';
import { GENERATED_FAMILIES } from './families.js';
import { involvedServices } from './placement.js';

/** Per incident: whether a root has no change near onset, and whether a harmless change is nearer onset than every fault's change. */
export function historyShape(task: string, seed: number): { organicRoot: boolean; nearerHarmless: boolean } {
  const family = GENERATED_FAMILIES.find((f) => f.id === task);
  if (!family) throw new Error(task);
  const spec = WorldSpecSchema.parse(family.build(seed, Rng.fromSeed(seed, 0xb01d)));
  const world = createWorld(spec, seed);
  const key = (c: { service: string; minute: number }, what: string) => `${c.service}\u0000${c.minute}\u0000${what}`;
  const harmless = new Set([...spec.deploys.map((d) => key(d, d.version)), ...spec.config_changes.map((c) => key(c, c.key))]);
  const records = [...world.deploys.map((d) => ({ ...d, what: d.version })), ...world.config_changes.map((c) => ({ ...c, what: c.key }))].filter((r) => r.minute >= -1440 && r.minute <= 0);
  const byFault = records.filter((r) => !harmless.has(key(r, r.what)));
  const roots = world.faults.filter((f) => f.trigger === null);
  const organicRoot = roots.some((f) => !byFault.some((r) => involvedServices(f).includes(r.service)));
  const latestFault = Math.max(-1e9, ...byFault.map((r) => r.minute));
  const nearerHarmless = byFault.length > 0 && records.some((r) => harmless.has(key(r, r.what)) && r.minute > latestFault);
  return { organicRoot, nearerHarmless };
}

/** Shares of a family's incidents over `seeds`: a root with no change near onset; a harmless change nearer onset than the trigger. */
export function historyShares(task: string, seeds: readonly number[]): { organic: number; nearer: number } {
  const shapes = seeds.map((s) => historyShape(task, s));
  return { organic: shapes.filter((s) => s.organicRoot).length / shapes.length, nearer: shapes.filter((s) => s.nearerHarmless).length / shapes.length };
}

/** Point 5 of the validity bounds: the families whose incidents must not all come from a change. */
export const HISTORY_SHAPE_BOUNDS = { tasks: ['gen-hard', 'gen-expert'], organic_min: 0.3, nearer_min: 0.3 } as const;
