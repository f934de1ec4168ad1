import { cloneJson } from '../../lib/index.js';
import { tick, type WorldState } from '../../sim/index.js';

/** Simulated minutes the world is played forward, untouched, to check that a mitigation holds. */
export const OUTLOOK_MINUTES = 60;

/**
 * What happens to the world if nobody touches it after the episode: temporary relief (restarting a leaking
 * service, flushing a cache that still refuses to evict, killing a query the release re-issues) wears off
 * within the horizon, so a fault that was only relieved relapses here.
 */
export interface Outlook {
  horizon: number;
  /** Faults resolved at the end of the episode that relapse within the horizon. */
  relapsed: string[];
  /** Consecutive minutes every service is inside SLO at the horizon. */
  minutes_in_slo: number;
}

/** Plays a copy of the world forward `minutes` minutes with no actions. Deterministic: the copy carries the PRNG state. */
export function projectOutlook(world: WorldState, minutes = OUTLOOK_MINUTES): Outlook {
  const resolvedAtEnd = new Set(world.faults.filter((f) => f.status === 'resolved').map((f) => f.id));
  // Nothing was fixed, so nothing can relapse and nothing can count as mitigated: skip the projection.
  if (resolvedAtEnd.size === 0) return { horizon: 0, relapsed: [], minutes_in_slo: world.minutes_in_slo };
  const copy = cloneJson(world);
  const relapsed = new Set<string>();
  let played = 0;
  while (played < minutes && relapsed.size < resolvedAtEnd.size) {
    tick(copy);
    played += 1;
    for (const f of copy.faults) if (f.status !== 'resolved' && resolvedAtEnd.has(f.id)) relapsed.add(f.id);
  }
  return { horizon: played, relapsed: [...relapsed].sort(), minutes_in_slo: copy.minutes_in_slo };
}
