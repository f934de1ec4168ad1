import { fnv1a, mix } from '../../lib/index.js';
import type { ServiceState, WorldState } from '../state.js';
import { PACKS } from './index.js';

/** Characters Kubernetes uses in generated name suffixes (no vowels, no look-alikes). */
const K8S_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function k8sSuffix(h: number, length: number): string {
  let out = '';
  let x = h >>> 0;
  for (let i = 0; i < length; i++) {
    out += K8S_ALPHABET[x % K8S_ALPHABET.length];
    x = mix(x, i + 1);
  }
  return out;
}

interface Lifecycle {
  /** Minutes at which the service's pods were replaced (deploy, rollback, restart, failover), ascending. */
  rollouts: number[];
  /** Minutes at which its processes were killed and restarted in place (OOM kills), ascending. */
  kills: number[];
}

const lifecycleCache = new WeakMap<WorldState, { key: string; byService: Map<string, Lifecycle> }>();

/** When a service's pods were replaced or its processes restarted, from the deploy and event history. */
export function lifecycle(world: WorldState, service: string): Lifecycle {
  const key = `${world.events.length}:${world.deploys.length}`;
  let entry = lifecycleCache.get(world);
  if (!entry || entry.key !== key) {
    entry = { key, byService: new Map() };
    lifecycleCache.set(world, entry);
  }
  let lc = entry.byService.get(service);
  if (!lc) {
    const rollouts: number[] = [];
    const kills: number[] = [];
    for (const d of world.deploys) if (d.service === service) rollouts.push(d.minute);
    for (const e of world.events) {
      if (e.type === 'fix' && e.service === service && (e.fix === 'restart' || e.fix === 'rollback' || e.fix === 'failover') && e.outcome !== 'rejected') rollouts.push(e.minute);
      if (e.type === 'oom_kill' && e.service === service) kills.push(e.minute);
    }
    rollouts.sort((a, b) => a - b);
    lc = { rollouts, kills };
    entry.byService.set(service, lc);
  }
  return lc;
}

function lastAtOrBefore(xs: readonly number[], minute: number): number | null {
  let out: number | null = null;
  for (const x of xs) if (x <= minute) out = x;
  return out;
}

/** The rollout (pod generation) a service ran at `minute`; pods keep their names and IPs for its lifetime. */
export function generationAt(world: WorldState, service: string, minute: number): number {
  return lastAtOrBefore(lifecycle(world, service).rollouts, minute) ?? -100_000;
}

/** The minute the processes serving at `minute` started (a rollout or an in-place restart after an OOM kill). */
export function processStartAt(world: WorldState, svc: ServiceState, minute: number): number {
  const lc = lifecycle(world, svc.name);
  return Math.max(lastAtOrBefore(lc.rollouts, minute) ?? -1440, lastAtOrBefore(lc.kills, minute) ?? -1440);
}

/** Container restarts counted by the platform up to `minute` (each OOM kill restarts every replica in place). */
export function restartsAt(world: WorldState, svc: ServiceState, minute: number): number {
  const later = lifecycle(world, svc.name).kills.filter((k) => k > minute).length;
  return Math.max(0, svc.restarts - later * svc.replicas);
}

/** Pod name of replica `r`: `<svc>-<ordinal>` for StatefulSets, `<svc>-<replicaset hash>-<suffix>` for Deployments. */
export function podName(world: WorldState, svc: ServiceState, r: number, minute: number): string {
  if (PACKS[svc.technology].statefulset) return `${svc.name}-${r}`;
  const gen = generationAt(world, svc.name, minute);
  const rs = k8sSuffix(mix(world.seed, fnv1a(svc.name), gen, 0x5e7), 10);
  return `${svc.name}-${rs}-${k8sSuffix(mix(world.seed, fnv1a(svc.name), gen, r, 0x90d), 5)}`;
}

/** Pod IP of replica `r` (10.0.0.0/8, valid octets); StatefulSet pods keep theirs across rollouts as a stable network identity would. */
export function podIp(world: WorldState, svc: ServiceState, r: number, minute: number): string {
  const gen = PACKS[svc.technology].statefulset ? 0 : generationAt(world, svc.name, minute);
  const node = mix(world.seed, fnv1a(svc.name), gen, r, 0x1b);
  // One /24 per node (10.<16–47>.<0–255>.0/24), host part 2–254.
  return `10.${16 + (node % 32)}.${(node >>> 8) % 256}.${2 + ((node >>> 16) % 253)}`;
}

/** A client address outside the cluster (documentation ranges of RFC 5737), for traffic entering public services. */
export function clientIp(h: number): string {
  const nets = ['203.0.113', '198.51.100', '192.0.2'];
  return `${nets[h % 3]}.${1 + ((h >>> 4) % 254)}`;
}
