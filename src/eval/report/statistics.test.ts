import { describe, expect, it } from 'vitest';

import { binomial, bootstrapMeanCi, passHatK, quantile } from './statistics.js';

describe('statistics', () => {
  it('bootstraps a seeded CI around the mean', () => {
    const xs = [0.2, 0.4, 0.6, 0.8, 1.0, 0.1, 0.9, 0.5];
    const a = bootstrapMeanCi(xs, { seed: 3 });
    expect(bootstrapMeanCi(xs, { seed: 3 })).toEqual(a);
    expect(bootstrapMeanCi(xs, { seed: 4 })).not.toEqual(a);
    expect(a[0]).toBeLessThan(0.5625);
    expect(a[1]).toBeGreaterThan(0.5625);
    expect(a[0]).toBeGreaterThan(0.3);
    expect(a[1]).toBeLessThan(0.8);
    expect(bootstrapMeanCi([0.7, 0.7, 0.7])).toEqual([0.7, 0.7]);
    expect(bootstrapMeanCi([0.4])).toEqual([0.4, 0.4]);
    expect(bootstrapMeanCi([])).toEqual([0, 0]);
  });

  it('interpolates quantiles', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4], 1)).toBe(4);
  });

  it('estimates pass^k per seed without bias', () => {
    expect(binomial(5, 2)).toBe(10);
    expect(binomial(2, 3)).toBe(0);
    const tries = [{ n: 3, c: 3 }, { n: 3, c: 2 }, { n: 3, c: 0 }];
    expect(passHatK(tries, 1)).toBeCloseTo(5 / 9, 12);
    expect(passHatK(tries, 2)).toBeCloseTo((1 + 1 / 3 + 0) / 3, 12);
    expect(passHatK(tries, 3)).toBeCloseTo(1 / 3, 12);
    expect(passHatK([{ n: 1, c: 1 }], 2)).toBeNull();
  });
});
