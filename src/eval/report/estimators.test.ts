import { describe, expect, it } from 'vitest';

import { estimatesOf, passAtK, passAtKOne, standardError } from './estimators.js';

describe('pass@k (unbiased)', () => {
  it('is 1 − C(n−c, k)/C(n, k) per seed', () => {
    // n = 5, c = 2: pass@1 = 2/5; pass@2 = 1 − C(3,2)/C(5,2) = 1 − 3/10; pass@4 = 1 − 0 (only 3 failures).
    expect(passAtKOne({ n: 5, c: 2 }, 1)).toBeCloseTo(0.4, 12);
    expect(passAtKOne({ n: 5, c: 2 }, 2)).toBeCloseTo(0.7, 12);
    expect(passAtKOne({ n: 5, c: 2 }, 4)).toBe(1);
    expect(passAtKOne({ n: 5, c: 0 }, 3)).toBe(0);
  });

  it('averages over seeds with at least k tries and is null when none has', () => {
    expect(passAtK([{ n: 2, c: 1 }, { n: 2, c: 0 }], 2)).toBeCloseTo(0.5, 12);
    expect(passAtK([{ n: 1, c: 1 }], 2)).toBeNull();
  });
});

describe('standard errors', () => {
  it('is the sample standard deviation over √n', () => {
    expect(standardError([0, 1, 0, 1])).toBeCloseTo(Math.sqrt(1 / 3 / 4), 12);
    expect(standardError([0.5])).toBeNull();
  });

  it('gives pass@k for every k up to the fewest tries, with its error over seeds', () => {
    const eps = [
      { task_id: 'a', seed: 1, score: 1, success: true },
      { task_id: 'a', seed: 1, score: 0, success: false },
      { task_id: 'a', seed: 2, score: 0.2, success: false },
      { task_id: 'a', seed: 2, score: 0.3, success: false },
    ];
    const est = estimatesOf(eps);
    expect(Object.keys(est.pass_at_k)).toEqual(['1', '2']);
    expect(est.pass_at_k['1']).toBeCloseTo(0.25, 12);
    expect(est.pass_at_k['2']).toBeCloseTo(0.5, 12);
    expect(est.pass_at_k_se['2']).toBeCloseTo(0.5, 12);
    expect(est.success_se).toBeCloseTo(0.25, 12);
  });
});
