import { describe, expect, it } from 'vitest';

import { Rng } from '../../lib/index.js';
import { createWorld, tick, WorldSpecSchema } from '../../sim/index.js';
import { buildTopology, RANDOM_DAG_SIZE, randomDag, TOPOLOGY_TEMPLATES, topologicalOrder, type Topology } from './index.js';

function runsHealthy(t: Topology, seed: number): string[] {
  const world = createWorld(WorldSpecSchema.parse({ services: t.services, edges: t.edges, faults: [], load_rps: t.load_rps }), seed);
  for (let m = 0; m < 15; m++) tick(world);
  return [...world.services.filter((s) => s.health !== 'healthy').map((s) => s.name), ...world.alerts.map((a) => `alert ${a.rule}@${a.service}`)];
}

describe('topologies', () => {
  it('has the four templates', () => {
    expect(TOPOLOGY_TEMPLATES.map((t) => t.id)).toEqual(['online-shop', 'social-network', 'login-stack', 'data-pipeline']);
  });

  it.each(TOPOLOGY_TEMPLATES.map((t) => t.id))('%s: every seed runs healthy, without alerts, as an acyclic graph', (id) => {
    for (let seed = 0; seed < 25; seed++) {
      const t = buildTopology(id, Rng.fromSeed(seed, 3));
      expect(topologicalOrder(t.services, t.edges).length).toBe(t.services.length);
      expect(runsHealthy(t, seed), `${id}/${seed}`).toEqual([]);
    }
  });

  it('random DAGs have 5–40 services with datastores, caches, queues and providers, every one reachable, and run healthy', () => {
    for (let size = RANDOM_DAG_SIZE.min; size <= RANDOM_DAG_SIZE.max; size++) {
      const t = randomDag(Rng.fromSeed(size, 11), size);
      expect(t.services.length).toBeGreaterThanOrEqual(5);
      expect(t.services.length).toBeLessThanOrEqual(40);
      const kinds = new Set(t.services.map((s) => s.kind));
      expect(kinds.has('gateway') && kinds.has('api') && kinds.has('database')).toBe(true);
      if (size >= 9) for (const k of ['cache', 'queue', 'worker', 'external'] as const) expect(kinds.has(k), `${k} at size ${size}`).toBe(true);
      const entries = t.services.filter((s) => s.public || s.kind === 'worker').map((s) => s.name);
      const reached = new Set(entries);
      for (const i of topologicalOrder(t.services, t.edges)) {
        const from = t.services[i]?.name ?? '';
        if (reached.has(from)) for (const e of t.edges) if (e.from === from) reached.add(e.to);
      }
      expect(reached.size, `size ${size}`).toBe(t.services.length);
      expect(runsHealthy(t, size), `size ${size}`).toEqual([]);
    }
  });
});
