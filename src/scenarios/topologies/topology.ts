import type { Rng } from '../../lib/index.js';
import type { EdgeSpec, ServiceSpec } from '../../sim/spec.js';

/** A system to stage incidents in: services, call edges and external load, sized to run healthy. */
export interface Topology {
  /** Template id (`online-shop`, …) or `random-dag`. */
  template: string;
  services: ServiceSpec[];
  edges: EdgeSpec[];
  load_rps: number;
  /** Utilisation the application services run at (set by sizing). */
  utilisation?: number;
  /** Requests per second each service receives when healthy (set by sizing). */
  loads?: Record<string, number>;
}

/** A template: builds a varied instance of one system from a seeded generator. */
export interface TopologyTemplate {
  id: string;
  description: string;
  build(rng: Rng): Topology;
}

/** `vMAJOR.MINOR.PATCH` drawn from the generator. */
export function randomVersion(rng: Rng): string {
  return `v${rng.int(1, 9)}.${rng.int(0, 24)}.${rng.int(0, 9)}`;
}

/** Edges where `service` consumes a queue (a poll edge: the consumer calls the queue without writing). */
export function consumedQueues(t: Pick<Topology, 'services' | 'edges'>, service: string): string[] {
  const queues = new Set(t.services.filter((s) => s.kind === 'queue').map((s) => s.name));
  return t.edges.filter((e) => e.from === service && queues.has(e.to) && (e.write_fraction ?? 0.3) < 0.5).map((e) => e.to);
}
