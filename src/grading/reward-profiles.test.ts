import { describe, expect, it } from 'vitest';

import { progressOf, stepReward } from './reward-profiles.js';

describe('reward profiles', () => {
  it('delta pays the change in progress; a sequence of steps telescopes to the last progress', () => {
    const progress = [0, -0.03, -0.03, 0.2, 0.95];
    const rewards = progress.slice(1).map((p, i) => stepReward('delta', progress[i] ?? 0, p, Math.max(0, p)));
    expect(rewards).toEqual([-0.03, 0, 0.23, 0.75]);
    expect(rewards.reduce((a, b) => a + b, 0)).toBeCloseTo(0.95, 12);
  });

  it('cumulative pays the clamped running score', () => {
    expect(stepReward('cumulative', 0.1, -0.05, 0)).toBe(0);
    expect(stepReward('cumulative', 0.1, 0.4, 0.4)).toBe(0.4);
  });

  it('seed2 clamps each gain to [0.05, 0.95], as devops-incident-response reports it, and pays nothing for a step without progress', () => {
    expect(stepReward('seed2', 0, -0.5, 0)).toBe(0);
    expect(stepReward('seed2', 0.2, 0.2, 0.2)).toBe(0);
    expect(stepReward('seed2', 0, 0.01, 0.01)).toBe(0.05);
    expect(stepReward('seed2', 0, 0.12, 0.12)).toBe(0.12);
    expect(stepReward('seed2', 0, 1, 1)).toBe(0.95);
  });

  it('shaped pays the change in progress, whose running part carries the shaping potential; the sum is the final score', () => {
    const running = { score: 0, raw: 0.02, criteria: [], penalties: [] };
    const final = { score: 0.9, raw: 0.9, criteria: [], penalties: [] };
    const progress = [0, progressOf(running, false, 0.1), progressOf(running, false, 0.25), progressOf(final, true, 0.3)];
    expect(progress.map((p) => Math.round(p * 1e9) / 1e9)).toEqual([0, 0.12, 0.27, 0.9]);
    const rewards = progress.slice(1).map((p, i) => stepReward('shaped', progress[i] ?? 0, p, 0));
    expect(rewards).toEqual([0.12, 0.15, 0.63]);
    expect(rewards.reduce((a, b) => a + b, 0)).toBeCloseTo(0.9, 12);
  });

  it('progress is the raw total while running and the clamped score at the end', () => {
    const r = { score: 0, raw: -0.06, criteria: [], penalties: [] };
    expect(progressOf(r, false)).toBe(-0.06);
    expect(progressOf(r, true)).toBe(0);
  });
});
