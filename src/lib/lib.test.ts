import { describe, expect, it } from 'vitest';

import { digest, fnv1a } from './hash.js';
import { parseIntList, round } from './numbers.js';
import { Rng } from './prng.js';
import { cloneJson, stableStringify } from './stable-json.js';

describe('Rng', () => {
  it('is reproducible from a seed and serialisable mid-stream', () => {
    const a = Rng.fromSeed(42);
    const first = [a.next(), a.next(), a.next()];
    expect(first).toEqual([Rng.fromSeed(42).next(), ...(() => { const r = Rng.fromSeed(42); r.next(); return [r.next(), r.next()]; })()]);
    const copy = new Rng(cloneJson(a.state));
    expect([copy.next(), copy.int(1, 6)]).toEqual([a.next(), a.int(1, 6)]);
  });

  it('gives different streams for different seeds and streams', () => {
    expect(Rng.fromSeed(1).next()).not.toBe(Rng.fromSeed(2).next());
    expect(Rng.fromSeed(1, 0).next()).not.toBe(Rng.fromSeed(1, 1).next());
  });

  it('keeps values in range', () => {
    const r = Rng.fromSeed(9);
    for (let i = 0; i < 2000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      const k = r.int(3, 5);
      expect([3, 4, 5]).toContain(k);
    }
    expect(r.shuffle([1, 2, 3, 4]).sort()).toEqual([1, 2, 3, 4]);
  });
});

describe('stableStringify', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(stableStringify({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });
  it('writes -0 as 0 and rejects non-finite numbers', () => {
    expect(stableStringify([-0])).toBe('[0]');
    expect(() => stableStringify({ x: Number.NaN })).toThrow(/non-finite/);
  });
});

describe('hash', () => {
  it('is stable across runs', () => {
    expect(fnv1a('firedrill')).toBe(fnv1a('firedrill'));
    expect(digest('a')).toMatch(/^[0-9a-f]{16}$/);
    expect(digest('a')).not.toBe(digest('b'));
  });
});

describe('numbers', () => {
  it('parses seed ranges and lists', () => {
    expect(parseIntList('0..3')).toEqual([0, 1, 2, 3]);
    expect(parseIntList('5, 7,9..10')).toEqual([5, 7, 9, 10]);
    expect(() => parseIntList('x')).toThrow(RangeError);
  });
  it('rounds half away from zero', () => {
    expect(round(0.125, 2)).toBe(0.13);
    expect(round(2.5)).toBe(3);
  });
});
