import type { RewardProfile } from '../contracts/index.js';
import { clamp } from '../lib/index.js';

/**
 * Turns the running rubric score into a step reward.
 * - delta: the change in score (so the rewards of an episode sum to its final score)
 * - cumulative: the running score itself (seed 1's convention)
 * - seed2: the change clamped to [0.05, 0.95] per step, as seed 2 reported (the final grade is separate)
 */
export function stepReward(profile: RewardProfile, previousScore: number, score: number): number {
  const delta = score - previousScore;
  switch (profile) {
    case 'delta':
      return Math.round(delta * 1e6) / 1e6;
    case 'cumulative':
      return score;
    case 'seed2':
      return Math.round(clamp(delta, 0.05, 0.95) * 1000) / 1000;
  }
}
