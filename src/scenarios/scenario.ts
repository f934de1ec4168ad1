import type { Difficulty, TaskInfo } from '../contracts/index.js';
import type { Rng } from '../lib/index.js';
import type { WorldSpec } from '../sim/spec.js';

/** The task card of a curated incident (docs/tasks/<id>.md is rendered from it). */
export interface ScenarioCard {
  /** The public postmortem pattern the incident is modelled on. */
  modelled_on: string;
  /** What the on-call engineer sees when paged, without giving the cause away. */
  what_you_see: string;
  /** What mitigation takes here beyond the default rubric (ordering, several fixes…), stated without naming the fix. */
  scoring_notes: string;
  /** What the seed varies, when it is more than the default for the task's source. */
  seeds?: string;
  /** Version history, oldest first; the id's `-vN` suffix is the last entry. */
  versions: readonly { version: number; date: string; change: string }[];
}

/** A native incident: metadata plus a seeded builder of the world it happens in. */
export interface ScenarioDefinition {
  id: string;
  name: string;
  difficulty: Difficulty;
  source: TaskInfo['source'];
  description: string;
  /** Headline the on-call engineer is paged with. */
  title: string;
  goal: string;
  max_steps: number;
  build(seed: number, rng: Rng): WorldSpec;
  card?: ScenarioCard;
}

export function scenarioInfo(s: ScenarioDefinition): TaskInfo {
  return { id: s.id, name: s.name, difficulty: s.difficulty, max_steps: s.max_steps, description: s.description, source: s.source };
}
