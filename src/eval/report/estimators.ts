import { mean } from '../../lib/index.js';
import { binomial } from './statistics.js';

/** Successes out of tries of one (task, seed). */
export interface Tries {
  n: number;
  c: number;
}

/**
 * pass@k, unbiased (Chen et al. 2021): the chance that at least one of k tries drawn without replacement from the
 * n made succeeds, 1 − C(n−c, k) / C(n, k) for one (task, seed), averaged over the seeds with at least k tries.
 * Null when no seed has k tries.
 */
export function passAtK(tries: readonly Tries[], k: number): number | null {
  const usable = tries.filter((t) => t.n >= k);
  if (usable.length === 0 || k < 1) return null;
  return mean(usable.map((t) => passAtKOne(t, k)));
}

export function passAtKOne({ n, c }: Tries, k: number): number {
  if (n - c < k) return 1;
  return 1 - binomial(n - c, k) / binomial(n, k);
}

/** Standard error of a mean: sample standard deviation / √n (null below two values). */
export function standardError(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs);
  const variance = xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
  return Math.sqrt(variance / xs.length);
}

/** pass@k estimates and standard errors of one group of episodes; the SE of pass@k is over seeds (the unit of sampling). */
export interface Estimates {
  /** Standard error of the mean score over episodes. */
  score_se: number | null;
  /** Standard error of the success rate over episodes. */
  success_se: number | null;
  /** k → pass@k for k = 1 … the fewest tries any seed has. */
  pass_at_k: Record<string, number | null>;
  /** k → standard error of pass@k over seeds. */
  pass_at_k_se: Record<string, number | null>;
}

/** Tries and successes per (task, seed). */
export function triesPerTaskSeed(episodes: readonly { task_id: string; seed: number; success: boolean }[]): Tries[] {
  const bySeed = new Map<string, Tries>();
  for (const e of episodes) {
    const key = `${e.task_id}\u0000${e.seed}`;
    const t = bySeed.get(key) ?? { n: 0, c: 0 };
    t.n += 1;
    if (e.success) t.c += 1;
    bySeed.set(key, t);
  }
  return [...bySeed.values()];
}

export function estimatesOf(episodes: readonly { task_id: string; seed: number; score: number; success: boolean }[]): Estimates {
  const tries = triesPerTaskSeed(episodes);
  const kMax = tries.length === 0 ? 0 : Math.min(...tries.map((t) => t.n));
  const passAt: Record<string, number | null> = {};
  const passSe: Record<string, number | null> = {};
  for (let k = 1; k <= kMax; k++) {
    passAt[String(k)] = passAtK(tries, k);
    passSe[String(k)] = standardError(tries.map((t) => passAtKOne(t, k)));
  }
  return {
    score_se: standardError(episodes.map((e) => e.score)),
    success_se: standardError(episodes.map((e) => (e.success ? 1 : 0))),
    pass_at_k: passAt,
    pass_at_k_se: passSe,
  };
}

/** The Markdown section of pass@k and standard errors, one row per (agent, task) group. */
export function renderEstimatesMarkdown(groups: readonly { agent: string; task_id: string; mean_score: number; success_rate: number; estimates: Estimates }[]): string {
  const ks = [...new Set(groups.flatMap((g) => Object.keys(g.estimates.pass_at_k)))].sort((a, b) => Number(a) - Number(b));
  const se = (x: number | null) => (x === null ? '' : ` ± ${x.toFixed(3)}`);
  const header = ['Agent', 'Task', 'Mean score ± SE', 'Success ± SE', ...ks.map((k) => `pass@${k} ± SE`)];
  const rows = groups.map((g) => [
    g.agent,
    g.task_id === '*' ? '**all tasks**' : g.task_id,
    `${g.mean_score.toFixed(3)}${se(g.estimates.score_se)}`,
    `${g.success_rate.toFixed(3)}${se(g.estimates.success_se)}`,
    ...ks.map((k) => {
      const v = g.estimates.pass_at_k[k];
      return v === undefined || v === null ? '—' : `${v.toFixed(3)}${se(g.estimates.pass_at_k_se[k] ?? null)}`;
    }),
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    '## pass@k and standard errors',
    '',
    line(header),
    line(header.map((_, i) => (i < 2 ? '---' : '---:'))),
    ...rows.map(line),
    '',
    'pass@k: chance that at least one of k tries of a task and seed succeeds, unbiased per seed (1 − C(n−c, k)/C(n, k) from c successes in n tries), averaged over seeds. Standard errors: of the mean over episodes (score, success) and over seeds (pass@k).',
    '',
  ].join('\n');
}
