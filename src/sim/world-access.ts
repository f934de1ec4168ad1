import type { EdgeState, ServiceState, WorldState } from './state.js';

const indexCache = new WeakMap<WorldState, Map<string, number>>();

export function serviceIndex(world: WorldState, name: string): number {
  let map = indexCache.get(world);
  if (!map || map.size !== world.services.length) {
    map = new Map(world.services.map((s, i) => [s.name, i]));
    indexCache.set(world, map);
  }
  return map.get(name) ?? -1;
}

const edgeCache = new WeakMap<WorldState, { out: EdgeState[][]; targets: number[][] }>();

function adjacency(world: WorldState): { out: EdgeState[][]; targets: number[][] } {
  let a = edgeCache.get(world);
  if (!a) {
    a = { out: world.services.map(() => []), targets: world.services.map(() => []) };
    for (const e of world.edges) {
      const from = serviceIndex(world, e.from);
      a.out[from]?.push(e);
      a.targets[from]?.push(serviceIndex(world, e.to));
    }
    edgeCache.set(world, a);
  }
  return a;
}

/** Edges leaving service `i` (cached per world object; edges never change after creation). */
export function edgesOut(world: WorldState, i: number): EdgeState[] {
  return adjacency(world).out[i] ?? [];
}

/** Service indices of the callees of `edgesOut(world, i)`, in the same order. */
export function edgeTargets(world: WorldState, i: number): number[] {
  return adjacency(world).targets[i] ?? [];
}

export function findService(world: WorldState, name: string): ServiceState | undefined {
  const i = serviceIndex(world, name);
  return i < 0 ? undefined : world.services[i];
}

export function service(world: WorldState, name: string): ServiceState {
  const s = findService(world, name);
  if (!s) throw new Error(`unknown service ${name}`);
  return s;
}

export function recordConfigChange(world: WorldState, svc: ServiceState, key: string, to: string | number | boolean, minute: number, author: string): void {
  const from = svc.config[key] ?? '';
  svc.config[key] = to;
  world.config_changes.push({ service: svc.name, key, from, to, minute, author });
}

export function recordDeploy(world: WorldState, svc: ServiceState, version: string, minute: number, author: string, note: string, kind: 'deploy' | 'rollback' = 'deploy'): void {
  const previous = svc.version;
  svc.version = version;
  if (!svc.versions.includes(version)) svc.versions.push(version);
  world.deploys.push({ service: svc.name, version, previous, minute, author, note, kind });
}

export function str(v: string | number | boolean | undefined, fallback = ''): string {
  return v === undefined ? fallback : String(v);
}

export function num(v: string | number | boolean | undefined, fallback: number): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : fallback;
}
