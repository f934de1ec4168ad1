import type { RewardProfile } from '../contracts/index.js';
import { clamp } from '../lib/index.js';
import type { RubricResult } from './rubric.js';

/**
 * The quantity delta rewards are differences of: the unclamped rubric total while the episode runs (plus, under
 * `shaped`, the shaping potential), so a penalty shows in the step that earned it even before any points are won,
 * and the final (clamped) score at the end, so the rewards of an episode always sum to its final score.
 */
export function progressOf(result: RubricResult, done: boolean, shaping = 0): number {
  return done ? result.score : result.raw + shaping;
}

/**
 * Turns rubric progress into a step reward.
 * - delta: the change in progress (the rewards of an episode sum to its final score)
 * - shaped: the same, over progress that also carries a dense shaping potential (world recovery, investigation
 *   coverage) while the episode runs; the potential drops out at the end, so the sum is still the final score
 * - cumulative: the running score itself, clamped to [0,1] (sre-incident-response's convention)
 * - seed2: a step that made progress earns its change clamped to [0.05, 0.95], as devops-incident-response reports
 *   it (the name is the one its clients already send); a step that made none earns 0, so activity alone (waiting
 *   out the budget) earns nothing on native tasks
 */
export function stepReward(profile: RewardProfile, previousProgress: number, progress: number, score: number): number {
  const delta = progress - previousProgress;
  switch (profile) {
    case 'delta':
    case 'shaped':
      return Math.round(delta * 1e6) / 1e6;
    case 'cumulative':
      return score;
    case 'seed2':
      return delta > 0 ? Math.round(clamp(delta, 0.05, 0.95) * 1000) / 1000 : 0;
  }
}
