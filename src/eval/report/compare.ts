import type { EpisodeRow } from '../episode-row.js';

/** One (task, seed) whose outcome changed between two runs of the same agent. */
export interface ChangedPair {
  task_id: string;
  seed: number;
  /** Success rate over the repeats in each run, and the mean scores. */
  before: { success_rate: number; mean_score: number };
  after: { success_rate: number; mean_score: number };
}

/** How one agent's (task, seed) outcomes moved from a base run to another (OpenEnv RFC 013's fixed/regressed lists). */
export interface RunComparison {
  base: string;
  other: string;
  agent: string;
  /** Pairs that failed in the base run and pass in the other. */
  fixed: ChangedPair[];
  /** Pairs that passed in the base run and fail in the other. */
  regressed: ChangedPair[];
  /** Pairs run in both whose verdict did not change. */
  unchanged: { pass: number; fail: number };
  /** Pairs only one of the two runs has. */
  only_in_base: number;
  only_in_other: number;
}

/** A (task, seed) passes in a run when at least half of its repeats succeeded. */
export const PASS_THRESHOLD = 0.5;

/** Compares every later run with the first, agent by agent (agents matched by label). */
export function compareRuns(runs: readonly { id: string; episodes: readonly EpisodeRow[] }[]): RunComparison[] {
  const [base, ...others] = runs;
  if (!base) return [];
  return others.flatMap((other) => {
    const agents = [...new Set(base.episodes.map((e) => e.agent))].filter((a) => other.episodes.some((e) => e.agent === a));
    return agents.map((agent) => compareAgent(base.id, other.id, agent, base.episodes, other.episodes));
  });
}

function compareAgent(baseId: string, otherId: string, agent: string, baseEps: readonly EpisodeRow[], otherEps: readonly EpisodeRow[]): RunComparison {
  const before = outcomes(baseEps.filter((e) => e.agent === agent));
  const after = outcomes(otherEps.filter((e) => e.agent === agent));
  const result: RunComparison = { base: baseId, other: otherId, agent, fixed: [], regressed: [], unchanged: { pass: 0, fail: 0 }, only_in_base: 0, only_in_other: 0 };
  for (const [key, b] of before) {
    const a = after.get(key);
    if (!a) {
      result.only_in_base += 1;
      continue;
    }
    const [task_id, seed] = splitKey(key);
    const passedBefore = b.success_rate >= PASS_THRESHOLD;
    const passedAfter = a.success_rate >= PASS_THRESHOLD;
    if (!passedBefore && passedAfter) result.fixed.push({ task_id, seed, before: b, after: a });
    else if (passedBefore && !passedAfter) result.regressed.push({ task_id, seed, before: b, after: a });
    else if (passedBefore) result.unchanged.pass += 1;
    else result.unchanged.fail += 1;
  }
  result.only_in_other = [...after.keys()].filter((k) => !before.has(k)).length;
  const order = (x: ChangedPair, y: ChangedPair) => (x.task_id < y.task_id ? -1 : x.task_id > y.task_id ? 1 : x.seed - y.seed);
  result.fixed.sort(order);
  result.regressed.sort(order);
  return result;
}

function outcomes(eps: readonly EpisodeRow[]): Map<string, { success_rate: number; mean_score: number }> {
  const acc = new Map<string, { n: number; c: number; s: number }>();
  for (const e of eps) {
    const key = `${e.task_id}\u0000${e.seed}`;
    const t = acc.get(key) ?? { n: 0, c: 0, s: 0 };
    t.n += 1;
    t.s += e.score;
    if (e.success) t.c += 1;
    acc.set(key, t);
  }
  return new Map([...acc].map(([k, t]) => [k, { success_rate: t.c / t.n, mean_score: t.s / t.n }]));
}

function splitKey(key: string): [string, number] {
  const [task, seed] = key.split('\u0000');
  return [task ?? '', Number(seed)];
}

/** The comparisons as Markdown: counts, then every fixed and regressed (task, seed). */
export function renderComparisonsMarkdown(comparisons: readonly RunComparison[]): string {
  const out: string[] = ['## Fixed and regressed (task, seed) pairs', ''];
  for (const c of comparisons) {
    out.push(`### ${c.agent}: \`${c.base}\` → \`${c.other}\``, '');
    out.push(`${c.fixed.length} fixed, ${c.regressed.length} regressed, ${c.unchanged.pass} still pass, ${c.unchanged.fail} still fail` + (c.only_in_base || c.only_in_other ? `; ${c.only_in_base} only in \`${c.base}\`, ${c.only_in_other} only in \`${c.other}\`` : '') + '.', '');
    for (const [title, pairs] of [['Fixed', c.fixed], ['Regressed', c.regressed]] as const) {
      if (pairs.length === 0) continue;
      out.push(`${title}:`, '', '| Task | Seed | Success before → after | Score before → after |', '|---|---:|---:|---:|');
      for (const p of pairs) out.push(`| ${p.task_id} | ${p.seed} | ${p.before.success_rate.toFixed(2)} → ${p.after.success_rate.toFixed(2)} | ${p.before.mean_score.toFixed(3)} → ${p.after.mean_score.toFixed(3)} |`);
      out.push('');
    }
  }
  out.push(`A (task, seed) passes in a run when at least ${PASS_THRESHOLD * 100}% of its repeats succeeded.`, '');
  return out.join('\n');
}
