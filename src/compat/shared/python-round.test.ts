import { describe, expect, it } from 'vitest';

import { pyRound } from './python-round.js';

describe('pyRound', () => {
  it('rounds the exact binary value, like Python', () => {
    expect(pyRound(0.1175, 3)).toBe(0.117); // 0.11749999999999999
    expect(pyRound(0.35 * 0.95 + 0.3 * 0.95 + 0.2 * 0.2 + 0.15 * 0.95, 3)).toBe(0.8);
    expect(pyRound(2.675, 2)).toBe(2.67);
  });

  it('breaks exact ties to even', () => {
    expect(pyRound(0.125, 2)).toBe(0.12);
    expect(pyRound(0.375, 2)).toBe(0.38);
    expect(pyRound(2.5)).toBe(2);
    expect(pyRound(3.5)).toBe(4);
  });

  it('handles negatives, zero and whole results', () => {
    expect(pyRound(-0.1175, 3)).toBe(-0.117);
    expect(pyRound(0, 4)).toBe(0);
    expect(pyRound(0.99999, 4)).toBe(1);
    expect(pyRound(0.45000000000000007, 4)).toBe(0.45);
  });
});
