import { z } from 'zod';

import { GradeReportSchema } from './episode.js';

/** Token accounting of an agent, cumulative over an episode. */
export const UsageSchema = z.strictObject({
  prompt_tokens: z.number().int().min(0),
  completion_tokens: z.number().int().min(0),
  cost_usd: z.number().min(0),
  calls: z.number().int().min(0),
});
export type Usage = z.infer<typeof UsageSchema>;

export const ZERO_USAGE: Usage = Object.freeze({ prompt_tokens: 0, completion_tokens: 0, cost_usd: 0, calls: 0 });

/**
 * Why a turn produced no transition: the agent failed to produce an action (`ParseError` when its output could not be
 * read as one, `Exception` otherwise) or the environment rejected the action (`StepError`, with the catalogue code).
 */
export const TurnErrorSchema = z.strictObject({
  kind: z.enum(['ParseError', 'Exception', 'StepError']),
  code: z.string().optional(),
  message: z.string(),
});
export type TurnError = z.infer<typeof TurnErrorSchema>;

export const EpisodeEndStatusSchema = z.enum([
  'done', // the environment ended the episode
  'stopped', // the agent returned no action
  'max_turns', // the runner's turn budget ran out
  'errors', // too many consecutive turns without a transition
  'env_error', // the environment failed (transport or internal error)
  'error', // the agent failed (an exception, such as an LLM endpoint refusing the key): a failure, never a score
]);

/** End statuses that are failures of the agent or the infrastructure, not outcomes to score. */
export const FAILED_END_STATUSES: readonly EpisodeEndStatus[] = ['error', 'env_error'];
export type EpisodeEndStatus = z.infer<typeof EpisodeEndStatusSchema>;

const Json = z.record(z.string(), z.unknown());

export const TrajectoryHeaderSchema = z.strictObject({
  type: z.literal('header'),
  format: z.literal('firedrill-trajectory'),
  version: z.literal(1),
  agent: z.string(),
  task_id: z.string(),
  seed: z.number().int(),
  repeat: z.number().int().min(0),
  reset_options: Json,
  observation: Json,
  reward: z.number().nullable(),
  done: z.boolean(),
  metadata: Json,
  started_at: z.string(),
});
export type TrajectoryHeader = z.infer<typeof TrajectoryHeaderSchema>;

/** One agent turn. `observation` … `metadata` are null when the turn made no transition (see `error`). */
export const TrajectoryStepSchema = z.strictObject({
  type: z.literal('step'),
  index: z.number().int().min(1),
  action: z.unknown(),
  observation: Json.nullable(),
  reward: z.number().nullable(),
  done: z.boolean(),
  metadata: Json.nullable(),
  error: TurnErrorSchema.nullable(),
  agent_ms: z.number().min(0),
  env_ms: z.number().min(0),
  usage: UsageSchema,
});
export type TrajectoryStep = z.infer<typeof TrajectoryStepSchema>;

export const TrajectoryEndSchema = z.strictObject({
  type: z.literal('end'),
  status: EpisodeEndStatusSchema,
  turns: z.number().int().min(0),
  steps: z.number().int().min(0).describe('Turns that made a transition.'),
  total_reward: z.number(),
  report: GradeReportSchema.nullable(),
  usage: UsageSchema,
  wall_ms: z.number().min(0),
  error: z.string().nullable(),
});
export type TrajectoryEnd = z.infer<typeof TrajectoryEndSchema>;

export const TrajectoryLineSchema = z.discriminatedUnion('type', [TrajectoryHeaderSchema, TrajectoryStepSchema, TrajectoryEndSchema]);

export interface Trajectory {
  header: TrajectoryHeader;
  steps: TrajectoryStep[];
  end: TrajectoryEnd;
}
