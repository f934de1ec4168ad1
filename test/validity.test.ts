import { beforeAll, describe, expect, it } from 'vitest';

import { REFERENCE_AGENTS } from '../src/agents/reference.js';
import { Environment } from '../src/env/environment.js';
import { createDefaultRegistry } from '../src/cli/default-registry.js';
import { type EpisodeScore, isMultiHop, nativeActionTasks, rollout, validate, VALIDITY_BOUNDS, type ValidationSummary, validityViolations } from '../src/eval/validate.js';
import { GENERATED_FAMILIES, RETIRED_TASK_IDS } from '../src/scenarios/index.js';
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
    run = await validate({ registry, seeds: SEEDS, learners: {} });
  }, 420_000);

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
        memoriser: { t: s(0.16, 0, 0.9) },
        'tell-learner': { 'gen-hard': { ...s(0.21, 0, 0.6), localization: 0.3 }, t: s(0.9, 0.9, 0.9) },
        'tell-chance': { 'gen-hard': { ...s(0.01, 0, 0.1), localization: 0.19 } },
        'revert-recent': { 'gen-expert': s(0.31, 0, 0.6), t: s(0.9, 0.9, 0.9) },
      },
    };
    expect(validityViolations(summary, ['t'])).toEqual([
      'oracle scores 0.9 on some seed of t (needs ≥ 0.95 on every seed)',
      'do-nothing averages 0.06 on t (needs ≤ 0.05)',
      'stuffer scores 0.31 on some seed of t (needs ≤ 0.3 on every seed)',
      'investigator (0.4) does not beat reactive (0.4) on multi-hop t',
      'investigator averages 0.5 on gen-hard (needs < 0.5)',
      'memoriser averages 0.16 on t (needs ≤ 0.15)',
      'tell-learner averages 0.21 on gen-hard (needs ≤ 0.2)',
      'tell-learner localizes 0.3 on gen-hard, chance 0.19 (needs ≤ chance + 0.1)',
      'revert-recent averages 0.31 on gen-expert (needs ≤ 0.3)',
    ]);
  });

  it('replays an episode byte for byte', async () => {
    const env = new Environment(registry);
    const a = await rollout(env, REFERENCE_AGENTS['investigator']?.() as never, 'mobile-login-outage-v2', 7);
    const b = await rollout(env, REFERENCE_AGENTS['investigator']?.() as never, 'mobile-login-outage-v2', 7);
    expect(stableStringify(a)).toBe(stableStringify(b));
  });
});

/**
 * The learning exploits of issue 12, trained per task on seeds 100..119 (memoriser: 100..109) and scored on seeds
 * 0..19 (tell-learner 0..7), which they never saw; `firedrill validate --check` runs the full bounds.
 */
describe('learning exploits stay near chance on held-out seeds', () => {
  let learned: ValidationSummary;
  let memorised: ValidationSummary;
  const families = GENERATED_FAMILIES.map((f) => f.id);
  beforeAll(async () => {
    const heldOut = Array.from({ length: 20 }, (_, i) => i);
    const trainSeeds = Array.from({ length: 20 }, (_, i) => 100 + i);
    learned = (await validate({ registry, seeds: heldOut, trainSeeds, tasks: families, agents: ['history-tell-learner', 'tell-chance'] })).summary;
    const full = (await validate({ registry, seeds: heldOut.slice(0, 8), trainSeeds, tasks: families, agents: ['tell-learner'] })).summary;
    learned.agents['tell-learner'] = full.agents['tell-learner'] ?? {};
    memorised = (await validate({ registry, seeds: heldOut, trainSeeds: trainSeeds.slice(0, 10), agents: ['memoriser'] })).summary;
  }, 300_000);

  it('validation leaves the retired v1 incidents out (their answer never varies)', () => {
    expect(tasks.filter((t) => RETIRED_TASK_IDS.includes(t))).toEqual([]);
    expect(Object.keys(memorised.agents['memoriser'] ?? {})).toEqual(tasks);
  });

  it(`the memoriser averages ≤ ${VALIDITY_BOUNDS.memoriser_mean_max} on every task`, () => {
    const high = Object.entries(memorised.agents['memoriser'] ?? {}).filter(([, s]) => s.mean > VALIDITY_BOUNDS.memoriser_mean_max).map(([t, s]) => `${t}: ${s.mean}`);
    expect(high).toEqual([]);
  });

  it(`the tell-learner on history, configuration, names and order averages ≤ ${VALIDITY_BOUNDS.tell_mean_max} on every family`, () => {
    for (const task of families) expect(learned.agents['history-tell-learner']?.[task]?.mean ?? 1, task).toBeLessThanOrEqual(VALIDITY_BOUNDS.tell_mean_max);
  });

  // gen-expert measures +0.10–0.11 over chance at 20 held-out seeds (docs/scoring.md); the check holds it at 0.10
  // over 50 seeds, and this test at 0.15 over 20 so sampling noise does not flake it.
  it('the tell-learner on history, configuration, names and order localizes near chance on every family', () => {
    for (const task of families) {
      const chance = learned.agents['tell-chance']?.[task]?.localization ?? 0;
      expect(learned.agents['history-tell-learner']?.[task]?.localization ?? 1, task).toBeLessThanOrEqual(chance + 0.15);
    }
  });

  // Open (issue 12, point 4): symptom log templates and alert titles still point at roots; the telemetry packs
  // are to spread those families over healthy services. This flips to a plain `it` once they do.
  it.fails('the full tell-learner (symptom logs and alert titles included) localizes within 0.10 of chance', () => {
    for (const task of families) {
      expect(learned.agents['tell-learner']?.[task]?.localization ?? 1, task).toBeLessThanOrEqual((learned.agents['tell-chance']?.[task]?.localization ?? 0) + VALIDITY_BOUNDS.tell_localization_over_chance_max);
    }
  });
});
