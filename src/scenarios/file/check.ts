import type { FAULT_MODELS } from '../../sim/index.js';
import type { WorldSpecParsed } from '../../sim/spec.js';

export interface SpecProblem {
  /** Path inside the file, e.g. ['world', 'edges', 3, 'to']. */
  path: (string | number)[];
  message: string;
}

/** Parameters naming another service, per fault type (the service must exist). */
const SERVICE_PARAMS: Partial<Record<keyof typeof FAULT_MODELS, readonly string[]>> = {
  slow_query: ['origin'],
  lock_contention: ['origin'],
  noisy_neighbor: ['origin'],
  hot_key: ['origin'],
  queue_consumer_lag: ['queue'],
  credential_rotation_failure: ['callee'],
  ephemeral_port_exhaustion: ['callee'],
  cache_stampede: ['cache', 'db'],
};

/**
 * Checks what a schema cannot: names are unique, every reference points at a service that exists, the call
 * graph has no cycle, triggers name other faults, and faults carry the parameters their model needs.
 */
export function checkWorld(world: WorldSpecParsed, base: (string | number)[] = ['world']): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const at = (...p: (string | number)[]) => [...base, ...p];
  const names = new Set<string>();
  world.services.forEach((s, i) => {
    if (names.has(s.name)) problems.push({ path: at('services', i, 'name'), message: `duplicate service name '${s.name}'` });
    names.add(s.name);
  });
  const seen = new Set<string>();
  world.edges.forEach((e, i) => {
    if (!names.has(e.from)) problems.push({ path: at('edges', i, 'from'), message: `no service is named '${e.from}'` });
    if (!names.has(e.to)) problems.push({ path: at('edges', i, 'to'), message: `no service is named '${e.to}'` });
    if (e.from === e.to) problems.push({ path: at('edges', i), message: `service '${e.from}' calls itself` });
    const key = `${e.from}>${e.to}`;
    if (seen.has(key)) problems.push({ path: at('edges', i), message: `duplicate edge ${e.from} -> ${e.to}` });
    seen.add(key);
  });
  const cycle = findCycle(world);
  if (cycle) problems.push({ path: at('edges'), message: `the call graph has a cycle: ${cycle.join(' -> ')}` });
  if (!world.services.some((s) => s.public || (s.load_rps ?? 0) > 0)) problems.push({ path: at('services'), message: 'no service receives traffic: mark an entry point `public: true` or give a worker `load_rps`' });

  const ids = new Set<string>();
  world.faults.forEach((f, i) => {
    if (ids.has(f.id)) problems.push({ path: at('faults', i, 'id'), message: `duplicate fault id '${f.id}'` });
    ids.add(f.id);
    if (!names.has(f.service)) problems.push({ path: at('faults', i, 'service'), message: `no service is named '${f.service}'` });
    for (const p of SERVICE_PARAMS[f.kind] ?? []) {
      const v = f.params[p];
      if (typeof v !== 'string') problems.push({ path: at('faults', i, 'params', p), message: `${f.kind} needs params.${p}: the name of a service` });
      else if (!names.has(v)) problems.push({ path: at('faults', i, 'params', p), message: `no service is named '${v}'` });
    }
    if (f.kind === 'retry_storm' && typeof f.params['callee'] !== 'string') problems.push({ path: at('faults', i, 'params', 'callee'), message: 'retry_storm needs params.callee: the service it retries against' });
  });
  world.faults.forEach((f, i) => {
    if (f.trigger === undefined) return;
    if (f.trigger === f.id) problems.push({ path: at('faults', i, 'trigger'), message: 'a fault cannot trigger itself' });
    else if (!ids.has(f.trigger)) problems.push({ path: at('faults', i, 'trigger'), message: `no fault has the id '${f.trigger}'` });
    else if (world.faults.find((t) => t.id === f.trigger)?.trigger !== undefined) problems.push({ path: at('faults', i, 'trigger'), message: 'a trigger must be a root fault (one without a trigger)' });
  });
  world.deploys.forEach((d, i) => {
    if (!names.has(d.service)) problems.push({ path: at('deploys', i, 'service'), message: `no service is named '${d.service}'` });
  });
  world.config_changes.forEach((c, i) => {
    if (!names.has(c.service)) problems.push({ path: at('config_changes', i, 'service'), message: `no service is named '${c.service}'` });
  });
  return problems;
}

/** A cycle in the call graph as a list of service names, or null. */
function findCycle(world: WorldSpecParsed): string[] | null {
  const out = new Map<string, string[]>();
  for (const e of world.edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  // Iterative DFS: hostile files may nest deeply.
  for (const start of world.services.map((s) => s.name)) {
    if (state.has(start)) continue;
    const frames: { node: string; next: number }[] = [{ node: start, next: 0 }];
    state.set(start, 1);
    stack.push(start);
    while (frames.length > 0) {
      const top = frames[frames.length - 1] as { node: string; next: number };
      const children = out.get(top.node) ?? [];
      if (top.next < children.length) {
        const child = children[top.next++] as string;
        const s = state.get(child);
        if (s === 1) return [...stack.slice(stack.indexOf(child)), child];
        if (s === undefined) {
          state.set(child, 1);
          stack.push(child);
          frames.push({ node: child, next: 0 });
        }
      } else {
        state.set(top.node, 2);
        stack.pop();
        frames.pop();
      }
    }
  }
  return null;
}
