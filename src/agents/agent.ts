import type { StepResult } from '../contracts/index.js';
import type { Rng } from '../lib/index.js';

export interface AgentEpisodeContext {
  taskId: string;
  /**
   * The episode's seed, for the reference agents only: `firedrill eval` withholds it from agent modules (with the
   * seed, a module could replay the incident in its own environment and read the answer).
   */
  seed?: number;
  /** Seeded per episode so agents are reproducible (from the seed, or from the opaque episode id when the seed is withheld). */
  rng: Rng;
  /** Present only in process, and only for agents that declare `needsGroundTruth` (the oracle). */
  groundTruth?: Record<string, unknown>;
  /** JSON Schema of the task's action (what GET /schema publishes), when the runner knows it. */
  actionSchema?: Record<string, unknown>;
}

export interface AgentUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
  calls: number;
}

/** A policy over the EnvLike interface: it sees only what a remote client sees. */
export interface Agent {
  readonly name: string;
  readonly needsGroundTruth?: boolean;
  start(ctx: AgentEpisodeContext, first: StepResult): void | Promise<void>;
  /** The next action, or null to stop acting (the runner then ends the episode). */
  act(last: StepResult): unknown | Promise<unknown>;
  usage?(): AgentUsage;
  /** Checks, before the first episode, that the agent can run (an LLM agent: its endpoint, key and model); throws AgentUnavailableError. */
  preflight?(): Promise<void>;
}
