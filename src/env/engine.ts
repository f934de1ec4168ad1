import type { z } from 'zod';

import type { GradeReport, RewardProfile, StepResult, TaskInfo } from '../contracts/index.js';
import type { Rng } from '../lib/index.js';

export interface EngineContext {
  seed: number;
  episodeId: string;
  rewardProfile: RewardProfile;
}

/**
 * One task's rules. The engine owns a plain-JSON state object that it mutates in `step`;
 * the Environment around it handles sessions of calls, validation, snapshots and bookkeeping.
 */
export interface TaskEngine<S extends object = object> {
  readonly info: TaskInfo;
  /** Validates the `action` of a step; its JSON Schema is what /schema and the tool lists publish. */
  readonly actionSchema: z.ZodType;
  readonly observationSchema: z.ZodType;
  readonly defaultRewardProfile: RewardProfile;
  /** Bumped whenever behaviour (and therefore scores) change; part of snapshots. */
  readonly version: number;

  reset(ctx: EngineContext): { state: S; result: StepResult };
  /** Applies an action that already passed `actionSchema`. Mutates `state`. */
  step(state: S, action: unknown): StepResult;
  isDone(state: S): boolean;
  /** Fields merged into the public episode state. Never ground truth. */
  publicState(state: S): Record<string, unknown>;
  /** The grade report; available once the episode is done (or on demand for compat graders). */
  report(state: S): GradeReport | null;
  /** A random action that is well formed and plausible in this state (for checkEnv and the random agent). */
  sampleAction(state: S, rng: Rng): unknown;
  /** Ground truth for in-process tools (oracle agent, tests). Never sent over a wire during an episode. */
  groundTruth(state: S): Record<string, unknown>;
}

export type AnyEngine = TaskEngine<object>;
