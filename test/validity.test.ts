import { beforeAll, describe, expect, it } from 'vitest';

import { REFERENCE_AGENTS } from '../src/agents/reference.js';
import { Environment } from '../src/env/environment.js';
import { createDefaultRegistry } from '../src/cli/default-registry.js';
import { type EpisodeScore, isMultiHop, nativeActionTasks, rollout, validate, VALIDITY_BOUNDS, type ValidationSummary, validityViolations } from '../src/eval/validate.js';
import { stableStringify } from '../src/lib/index.js';

const registry = createDefaultRegistry();
const tasks = nativeActionTasks(registry).map((t) => t.id);
/**
 * Twenty seeds per (agent, task) with the three original incidents: enough for the per-seed bounds to mean
 * something, quick enough for CI. As the catalogue grows the seeds per task shrink (never below five) so the run
 * stays near 600 episodes; `firedrill validate --seeds 0..49 --check` is the full check.
 */
const SEEDS = Array.from({ length: Math.max(5, Math.min(20, Math.floor(60 / tasks.length))) }, (_, i) => i);
let run: { summary: ValidationSummary; episodes: EpisodeScore[] };

describe(`the graders hold (every reference agent × every native task × seeds 0..${SEEDS.length - 1})`, () => {
  beforeAll(async () => {
    run = await validate({ registry, seeds: SEEDS });
  }, 180_000);

  it('covers every native task and every reference agent', () => {
    const { summary } = run;
    expect(tasks.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(summary.agents)).toEqual(Object.keys(REFERENCE_AGENTS));
    for (const per of Object.values(summary.agents)) expect(Object.keys(per)).toEqual(tasks);
  });

  it(`oracle scores ≥ ${VALIDITY_BOUNDS.oracle_min} on every task and seed`, () => {
    const { episodes } = run;
    const low = episodes.filter((e) => e.agent === 'oracle' && e.score < VALIDITY_BOUNDS.oracle_min).map((e) => `${e.task_id}#${e.seed}: ${e.score}`);
    expect(low).toEqual([]);
  });

  it(`random, do-nothing and premature-resolve average ≤ ${VALIDITY_BOUNDS.floor_mean_max}`, () => {
    const { summary } = run;
    for (const agent of VALIDITY_BOUNDS.floor_agents) {
      for (const [task, s] of Object.entries(summary.agents[agent] ?? {})) expect(s.mean, `${agent} on ${task}`).toBeLessThanOrEqual(VALIDITY_BOUNDS.floor_mean_max);
    }
  });

  it(`every exploit averages ≤ ${VALIDITY_BOUNDS.exploit_mean_max} and scores ≤ ${VALIDITY_BOUNDS.exploit_episode_max} on every seed`, () => {
    const { summary } = run;
    for (const agent of VALIDITY_BOUNDS.exploit_agents) {
      for (const [task, s] of Object.entries(summary.agents[agent] ?? {})) {
        expect(s.mean, `${agent} mean on ${task}`).toBeLessThanOrEqual(VALIDITY_BOUNDS.exploit_mean_max);
        expect(s.max, `${agent} max on ${task}`).toBeLessThanOrEqual(VALIDITY_BOUNDS.exploit_episode_max);
      }
    }
  });

  it('investigator beats reactive on every multi-hop incident', () => {
    const { summary } = run;
    const env = new Environment(registry);
    const multiHop = tasks.filter((t) => SEEDS.every((s) => isMultiHop(env, t, s)));
    expect(multiHop).toEqual(expect.arrayContaining(['checkout-errors-v1', 'order-pages-slow-v1', 'mobile-login-outage-v1']));
    for (const task of multiHop) {
      const inv = summary.agents['investigator']?.[task];
      const rea = summary.agents['reactive']?.[task];
      expect(inv?.mean, task).toBeGreaterThan(rea?.mean ?? 1);
    }
    expect(validityViolations(summary, multiHop)).toEqual([]);
  });

  it('under the delta profile the rewards of every episode sum to its final score', () => {
    const { episodes } = run;
    const off = episodes.filter((e) => Math.abs(e.total_reward - e.score) > 1e-9).map((e) => `${e.agent} ${e.task_id}#${e.seed}: Σ ${e.total_reward} ≠ ${e.score}`);
    expect(off).toEqual([]);
    expect(episodes.every((e) => e.report !== null)).toBe(true);
  });
});

describe('validity checks themselves', () => {
  it('flag a summary that breaks each bound', () => {
    const s = (mean: number, min: number, max: number) => ({ mean, min, max, n: 3 });
    const summary: ValidationSummary = {
      agents: {
        oracle: { t: s(0.97, 0.9, 1) },
        'do-nothing': { t: s(0.06, 0, 0.1) },
        stuffer: { t: s(0.1, 0, 0.31) },
        investigator: { t: s(0.4, 0.3, 0.5), 'gen-hard': s(0.5, 0.2, 0.9), 'gen-expert': s(0.49, 0.2, 0.9) },
        reactive: { t: s(0.4, 0.3, 0.5) },
      },
    };
    expect(validityViolations(summary, ['t'])).toEqual([
      'oracle scores 0.9 on some seed of t (needs ≥ 0.95 on every seed)',
      'do-nothing averages 0.06 on t (needs ≤ 0.05)',
      'stuffer scores 0.31 on some seed of t (needs ≤ 0.3 on every seed)',
      'investigator (0.4) does not beat reactive (0.4) on multi-hop t',
      'investigator averages 0.5 on gen-hard (needs < 0.5)',
    ]);
  });

  it('replays an episode byte for byte', async () => {
    const env = new Environment(registry);
    const a = await rollout(env, REFERENCE_AGENTS['investigator']?.() as never, 'mobile-login-outage-v1', 7);
    const b = await rollout(env, REFERENCE_AGENTS['investigator']?.() as never, 'mobile-login-outage-v1', 7);
    expect(stableStringify(a)).toBe(stableStringify(b));
  });
});
