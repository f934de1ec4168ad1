import type { Difficulty } from '../../contracts/index.js';
import type { Rng } from '../../lib/index.js';
import type { ConfigChangeSpec, DeploySpec, EdgeSpec, FaultSpec, ServiceSpec, WorldSpec } from '../../sim/spec.js';
import type { ScenarioCard, ScenarioDefinition } from '../scenario.js';
import type { Topology, TopologyTemplate } from '../topologies/index.js';

/** What a curated incident adds to its topology. */
export interface Staging {
  faults: FaultSpec[];
  deploys?: DeploySpec[];
  config_changes?: ConfigChangeSpec[];
}

export interface CuratedSpec {
  id: string;
  name: string;
  difficulty: Difficulty;
  description: string;
  title: string;
  goal: string;
  max_steps: number;
  topology: TopologyTemplate;
  /** Places the incident in a freshly built topology (may adjust its services and edges). */
  stage(t: Topology, rng: Rng): Staging;
  card: ScenarioCard;
}

/** A curated incident: a fixed story staged in a seeded instance of a topology template. */
export function curated(spec: CuratedSpec): ScenarioDefinition {
  return {
    id: spec.id,
    name: spec.name,
    difficulty: spec.difficulty,
    source: 'curated',
    description: spec.description,
    title: spec.title,
    goal: spec.goal,
    max_steps: spec.max_steps,
    card: spec.card,
    build(_seed, rng): WorldSpec {
      const t = spec.topology.build(rng);
      const staged = spec.stage(t, rng);
      return {
        services: t.services,
        edges: t.edges,
        faults: staged.faults,
        deploys: staged.deploys ?? [],
        config_changes: staged.config_changes ?? [],
        load_rps: t.load_rps,
        start_minute: rng.int(6, 10),
        onset_time: `${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`,
      };
    },
  };
}

export function serviceOf(t: Topology, name: string): ServiceSpec {
  const s = t.services.find((x) => x.name === name);
  if (!s) throw new Error(`topology ${t.template} has no service ${name}`);
  return s;
}

export function edgeOf(t: Topology, from: string, to: string): EdgeSpec {
  const e = t.edges.find((x) => x.from === from && x.to === to);
  if (!e) throw new Error(`topology ${t.template} has no edge ${from} -> ${to}`);
  return e;
}

/** A harmless release recorded on `name`, `minutesAgo` before onset. */
export function harmlessRelease(t: Topology, name: string, minutesAgo: number, note: string): DeploySpec {
  const s = serviceOf(t, name);
  const version = s.version ?? 'v1.0.0';
  const m = /^v(\d+)\.(\d+)\.(\d+)$/.exec(version);
  const previous = m ? `v${m[1]}.${m[2]}.${Number(m[3]) + 1}` : `${version}-rc`;
  // The running version is the newer one: bump it so the recorded release is what runs now.
  s.version = previous;
  return { service: name, version: previous, previous: version, minute: -minutesAgo, author: 'ci-deployer', note };
}

export const DEFAULT_GOAL = 'Restore service: find the root cause, mitigate it in an order that holds, verify, resolve and write the postmortem.';

/** A configuration change on `name` recorded `minutesAgo` before onset, applied to its config. */
export function stagedChange(t: Topology, name: string, key: string, from: string | number | boolean, to: string | number | boolean, minutesAgo: number): ConfigChangeSpec {
  const s = serviceOf(t, name);
  s.config = { ...(s.config ?? {}), [key]: to };
  return { service: name, key, from, to, minute: -minutesAgo, author: 'dba-oncall' };
}
