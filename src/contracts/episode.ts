import { z } from 'zod';

/** Options of reset; OpenEnv passes extra keys through, so unknown keys are accepted and ignored. */
export const ResetOptionsSchema = z.looseObject({
  task_id: z.string().min(1).max(128).optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  episode_id: z.string().min(1).max(255).optional(),
  reward_profile: z.enum(['delta', 'cumulative', 'seed2', 'shaped']).optional(),
  private_world: z
    .boolean()
    .optional()
    .describe('Draw the world from the seed keyed by the episode secret, so nobody without the secret can simulate it.'),
  split: z.string().min(1).max(64).optional().describe('Task API split (train or test); with index, selects task and seed instead of task_id and seed.'),
  index: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe('Task API index within the split (see POST /firedrill/task).'),
  family: z.string().min(1).max(64).optional().describe('Task API family the index counts within (a task source); every task when omitted.'),
});
export type ResetOptions = z.infer<typeof ResetOptionsSchema>;

/** One environment transition as every transport carries it. */
export const StepResultSchema = z.strictObject({
  observation: z.record(z.string(), z.unknown()),
  reward: z.number().nullable(),
  done: z.boolean(),
  metadata: z.record(z.string(), z.unknown()),
});
export type StepResult = z.infer<typeof StepResultSchema>;

/**
 * Public episode state (OpenEnv `State`): never ground truth, and never the seed — the trainer that chose it keeps
 * it; `episode_id` is opaque (see docs/protocol.md, "Agent surface").
 */
export const EpisodeStateSchema = z.looseObject({
  episode_id: z.string().nullable(),
  step_count: z.number().int().min(0),
  task_id: z.string().nullable(),
  done: z.boolean(),
  truncated: z.boolean(),
  total_reward: z.number(),
  reward_profile: z.string().nullable(),
  elapsed_minutes: z.number().nullable().describe('Simulated minutes since incident onset (T+N), the clock of every observation.'),
});
export type EpisodeState = z.infer<typeof EpisodeStateSchema>;

export const CriterionResultSchema = z.strictObject({
  name: z.string(),
  weight: z.number(),
  score: z.number().describe('In [0,1] before weighting.'),
  points: z.number().describe('weight × score.'),
  reason: z.string(),
  children: z.array(z.lazy((): z.ZodType => CriterionResultSchema)).optional(),
});
export type CriterionResult = {
  name: string;
  weight: number;
  score: number;
  points: number;
  reason: string;
  children?: CriterionResult[];
};

export const GradeReportSchema = z.strictObject({
  task_id: z.string(),
  seed: z.number().int(),
  episode_id: z.string(),
  score: z.number(),
  success: z.boolean(),
  criteria: z.array(CriterionResultSchema),
  penalties: z.array(z.strictObject({ name: z.string(), points: z.number(), reason: z.string() })),
  ground_truth: z.record(z.string(), z.unknown()),
  steps: z.number().int(),
  elapsed_minutes: z.number().nullable().describe('Duration: simulated minutes from the page (ground_truth.clock.paged_at_minute) to the end of the episode.'),
  summary: z.array(z.string()).max(3).optional().describe('The three largest losses of points, in plain words, largest first.'),
});
export type GradeReport = z.infer<typeof GradeReportSchema>;

/** The interface every way of reaching an environment implements: in process, HTTP, WebSocket. */
export interface EnvLike {
  reset(options?: ResetOptions): Promise<StepResult>;
  step(action: unknown): Promise<StepResult>;
  state(): Promise<EpisodeState>;
  close(): Promise<void>;
}
