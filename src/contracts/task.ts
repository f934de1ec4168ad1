import { z } from 'zod';

export const DifficultySchema = z.enum(['easy', 'medium', 'hard', 'expert']);
export type Difficulty = z.infer<typeof DifficultySchema>;

export const TaskSourceSchema = z.enum(['native', 'curated', 'generated', 'sre-incident-response', 'devops-incident-response', 'user']);

export const TaskInfoSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  difficulty: DifficultySchema,
  max_steps: z.number().int().min(1),
  description: z.string(),
  source: TaskSourceSchema,
});
export type TaskInfo = z.infer<typeof TaskInfoSchema>;

export const RewardProfileSchema = z.enum(['delta', 'cumulative', 'seed2', 'shaped']);
export type RewardProfile = z.infer<typeof RewardProfileSchema>;
