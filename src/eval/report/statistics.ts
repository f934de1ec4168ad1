import { mean, Rng } from '../../lib/index.js';

/**
 * Percentile bootstrap confidence interval of the mean, from a seeded generator so a report is reproducible.
 * Constant data gives a zero-width interval.
 */
export function bootstrapMeanCi(xs: readonly number[], opts: { resamples?: number; level?: number; seed?: number } = {}): [number, number] {
  if (xs.length === 0) return [0, 0];
  if (xs.every((x) => x === xs[0])) return [xs[0] as number, xs[0] as number];
  const resamples = opts.resamples ?? 2000;
  const level = opts.level ?? 0.95;
  const rng = Rng.fromSeed(opts.seed ?? 0, 0xb007);
  const means: number[] = [];
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let i = 0; i < xs.length; i++) sum += xs[Math.floor(rng.next() * xs.length)] as number;
    means.push(sum / xs.length);
  }
  means.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return [quantile(means, alpha), quantile(means, 1 - alpha)];
}

/** Linear-interpolated quantile of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/**
 * pass^k (τ-bench): the chance that k independent tries of the same (task, seed) all succeed, estimated without bias
 * per seed as C(c, k) / C(n, k) from c successes in n tries, then averaged over seeds. Null when no seed has k tries.
 */
export function passHatK(tries: readonly { n: number; c: number }[], k: number): number | null {
  const usable = tries.filter((t) => t.n >= k);
  if (usable.length === 0 || k < 1) return null;
  return mean(usable.map((t) => binomial(t.c, k) / binomial(t.n, k)));
}
