import type { Difficulty, TaskInfo } from '../contracts/index.js';
import type { Rng } from '../lib/index.js';
import type { WorldSpec } from '../sim/spec.js';

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
}

export function scenarioInfo(s: ScenarioDefinition): TaskInfo {
  return { id: s.id, name: s.name, difficulty: s.difficulty, max_steps: s.max_steps, description: s.description, source: s.source };
}
