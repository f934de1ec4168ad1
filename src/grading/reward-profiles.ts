import type { RewardProfile } from '../contracts/index.js';
import { clamp } from '../lib/index.js';
import type { RubricResult } from './rubric.js';

/**
 * The quantity delta rewards are differences of: the unclamped rubric total while the episode runs, so a
 * penalty shows in the step that earned it even before any points are won, and the final (clamped) score at the
 * end, so the rewards of an episode always sum to its final score.
 */
export function progressOf(result: RubricResult, done: boolean): number {
  return done ? result.score : result.raw;
}

/**
 * Turns rubric progress into a step reward.
 * - delta: the change in progress (the rewards of an episode sum to its final score)
 * - cumulative: the running score itself, clamped to [0,1] (sre-incident-response's convention)
 * - seed2: the change clamped to [0.05, 0.95] per step, as devops-incident-response reports it (the final grade is separate);
 *   the name is the one its clients already send
 */
export function stepReward(profile: RewardProfile, previousProgress: number, progress: number, score: number): number {
  const delta = progress - previousProgress;
  switch (profile) {
    case 'delta':
      return Math.round(delta * 1e6) / 1e6;
    case 'cumulative':
      return score;
    case 'seed2':
      return Math.round(clamp(delta, 0.05, 0.95) * 1000) / 1000;
  }
}
