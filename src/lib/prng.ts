/**
 * Seeded PRNG (sfc32) whose whole state is four uint32s, so it serialises with the episode.
 */
export type PrngState = [number, number, number, number];

export function seedPrng(seed: number, stream = 0): PrngState {
  const state: PrngState = [0x9e3779b9, 0x243f6a88 ^ (stream >>> 0), 0xb7e15162, (seed >>> 0) ^ Math.floor(seed / 0x100000000)];
  for (let i = 0; i < 15; i++) nextUint32(state);
  return state;
}

/** Advances `state` in place and returns a uint32. */
export function nextUint32(state: PrngState): number {
  let [a, b, c, d] = state;
  a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
  const t = (((a + b) >>> 0) + d) >>> 0;
  d = (d + 1) >>> 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) >>> 0;
  c = ((c << 21) | (c >>> 11)) >>> 0;
  c = (c + t) >>> 0;
  state[0] = a; state[1] = b; state[2] = c; state[3] = d;
  return t;
}

export class Rng {
  constructor(readonly state: PrngState) {}

  static fromSeed(seed: number, stream = 0): Rng {
    return new Rng(seedPrng(seed, stream));
  }

  /** Uniform in [0, 1). */
  next(): number {
    return nextUint32(this.state) / 0x100000000;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }

  /** Approximately normal (sum of uniforms), mean 0, sd 1. */
  gaussian(): number {
    return this.next() + this.next() + this.next() + this.next() - 2;
  }
}
