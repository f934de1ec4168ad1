import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { StepResult } from '../contracts/index.js';
import { Rng, stableStringify } from '../lib/index.js';
import { Environment } from '../env/environment.js';
import { TaskRegistry } from '../env/registry.js';
import { type DevopsCompatEngine, createDevopsCompatEngines } from './devops-incident-response/engine.js';
import { DEVOPS_COMPAT_PREFIX, registerDevopsIncidentResponseCompat } from './devops-incident-response/routes.js';
import { DEVOPS_SCENARIOS, DEVOPS_SERVICES } from './devops-incident-response/scenarios/index.js';
import type { SreTaskDefinition } from './sre-incident-response/engine.js';
import { SRE_COMPAT_PREFIX, registerSreIncidentResponseCompat } from './sre-incident-response/routes.js';
import { SRE_ACTION_TYPES } from './sre-incident-response/scenarios/index.js';
import { ALERT_TRIAGE_TASK, FULL_INCIDENT_RUNBOOK_TASK, ROOT_CAUSE_DIAGNOSIS_TASK, createSreCompatEngines } from './sre-incident-response/tasks.js';

/**
 * Plays every compat task on seeds 0–9 and reads, after every step, everything an agent can see: the step result
 * (observation, metadata), the native state (what /state serves over OpenEnv HTTP, WebSocket and JSON-RPC) and the
 * compat HTTP routes. Until the episode is over none of it may name the variant, the root cause, the correct fixes
 * or severities, or grade the agent's choices against them.
 */

const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Keys that carry the answer key or grade against it. */
const ANSWER_KEYS = new Set([
  'scenario_variant', 'variant', 'ground_truth', 'root_cause', 'root_cause_service', 'root_cause_services', 'root_cause_failure_modes',
  'required_fixes', 'affected_services', 'unresolved_root_services', 'priorities', 'fix_order', 'red_herrings', 'optimal_steps', 'expected',
  'correct', 'correct_fixes', 'diagnosis_correct_count', 'fix_correct_count', 'destructive', 'destructive_actions',
]);

function keysIn(value: unknown, path = '$', out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v, i) => keysIn(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (ANSWER_KEYS.has(k)) out.push(`${path}.${k}`);
      keysIn(v, `${path}.${k}`, out);
    }
  }
  return out;
}

/** What one surface gives away: answer-key fields and any of the forbidden texts or whole tokens. */
function leaks(surface: unknown, texts: readonly string[], tokens: readonly string[]): string[] {
  const json = stableStringify(surface).toLowerCase();
  const found = keysIn(surface).map((k) => `key ${k}`);
  for (const t of texts) if (json.includes(t.toLowerCase())) found.push(`text "${t}"`);
  for (const t of tokens) if (new RegExp(`(^|[^a-z0-9_])${t}([^a-z0-9_]|$)`).test(json)) found.push(`token ${t}`);
  if (/\bvariant\b/.test(json) || /"v[0-9]+"/.test(json)) found.push('variant label');
  return found;
}

function registry(): TaskRegistry {
  const r = new TaskRegistry();
  for (const e of [...createSreCompatEngines(), ...createDevopsCompatEngines()]) r.register(e);
  return r;
}

// ---- sre-incident-response ---------------------------------------------------------------------------------------

const SRE_TASKS: readonly SreTaskDefinition[] = [ALERT_TRIAGE_TASK, ROOT_CAUSE_DIAGNOSIS_TASK, FULL_INCIDENT_RUNBOOK_TASK];

/**
 * What labels or states an sre variant's answer: the original's scenario names (they name the cause) and the ground
 * truth's sentences (root cause, fix, fix order, cascade). Bare service names are not among them: the alerts name
 * every service, root and symptom alike.
 */
function sreTexts(def: SreTaskDefinition, seed: number): string[] {
  const gt = def.variants[seed % def.variants.length]!.rubric.groundTruth;
  const texts = def.variants.map((v) => v.scenario.name);
  for (const [key, v] of Object.entries(gt)) {
    if (key === 'red_herrings') continue; // their texts are alerts the agent must see; that they are herrings is not shown
    for (const item of Array.isArray(v) ? v : [v]) if (typeof item === 'string' && item.length >= 20) texts.push(item);
  }
  return texts;
}

/** Each variant's cause and fix in a word: the guidance (task goal, opening hint) may use none of them. */
const SRE_ANSWER_WORDS: Record<string, readonly (readonly string[])[]> = {
  alert_triage: [['database', 'db-primary', 'db', 'cpu', 'slow query'], ['auth', 'auth-service', 'heap', 'jvm', 'oom', 'memory', 'gc']],
  root_cause_diagnosis: [['deploy', 'v2.4.1', 'slow', 'queries', 'pool', 'rollback', 'roll back'], ['disk', 'space', 'wal', 'backup', 'read-only', 'storage']],
  full_incident_runbook: [['redis', 'oom', 'maxmemory', 'maxmemory-policy', 'eviction', 'noeviction', 'cache', 'allkeys-lru']],
};

function answerWordsIn(text: string, words: readonly string[]): string[] {
  return words.filter((w) => new RegExp(`(^|[^a-z0-9])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z0-9]|$)`, 'i').test(text));
}

/**
 * Criterion names the agent has never earned: listing one would tell it what to say (`classify_gateway_p3`). A
 * criterion it earned and then lost by contradicting itself may be named (its feedback says why it was lost); names
 * that are also action types (`acknowledge_alert`) say nothing.
 */
function unearnedCriteria(def: SreTaskDefinition, seed: number, state: Record<string, unknown>, everEarned: Set<string>): string[] {
  for (const name of Object.keys((state['grader_scores'] ?? {}) as Record<string, number>)) everEarned.add(name);
  const actionTypes: readonly string[] = SRE_ACTION_TYPES;
  return def.variants[seed % def.variants.length]!.rubric.criteria.map((c) => c.name).filter((n) => !everEarned.has(n) && !actionTypes.includes(n));
}

/** An agent that explores without stating an answer: acknowledgements of what it sees, queries, vague notes, a wrong fix. */
function sreScript(alerts: readonly string[]): [string, string][] {
  return [
    ['noop', ''],
    ...alerts.map((a): [string, string] => ['acknowledge_alert', a]),
    ['run_query', 'status'],
    ['run_query', 'recent errors'],
    ['run_query', 'what changed'],
    ['diagnose', 'still investigating the alerts'],
    ['apply_fix', 'restart payment-service'],
    ['escalate', 'paging the platform team'],
    ['write_postmortem', 'timeline to follow'],
    ['page_everyone', 'help'],
    ['noop', ''],
    ['noop', ''],
    ['noop', ''],
  ];
}

function scanSre(def: SreTaskDefinition, seed: number, policy: 'script' | 'sampled'): string[] {
  const env = new Environment(registry());
  const first = env.reset({ task_id: def.info.id, seed });
  const texts = sreTexts(def, seed);
  const problems: string[] = [];
  const everEarned = new Set<string>();
  const check = (step: number, result: StepResult) => {
    const state = env.state() as Record<string, unknown>;
    const tokens = unearnedCriteria(def, seed, state, everEarned);
    for (const l of leaks(result, texts, tokens)) problems.push(`${def.info.id} seed ${seed} step ${step} result: ${l}`);
    for (const l of leaks(state, texts, tokens)) problems.push(`${def.info.id} seed ${seed} step ${step} state: ${l}`);
  };
  check(0, first);
  const script = sreScript(first.observation['active_alerts'] as string[]);
  const rng = Rng.fromSeed(seed);
  const engine = env.engine!;
  for (let step = 1; step <= def.info.max_steps * 2; step++) {
    const [action_type, value] = policy === 'script' ? script[(step - 1) % script.length]! : [null, null];
    const action = policy === 'script' ? { action_type, value } : engine.sampleAction(env.engineState as never, rng);
    const result = env.step(action);
    if (result.done) {
      expect(env.report()?.ground_truth).toBeDefined();
      return problems;
    }
    check(step, result);
  }
  throw new Error(`${def.info.id} seed ${seed} did not end`);
}

describe('sre-incident-response: no answer key before the end (seeds 0–9, native state and step results)', () => {
  for (const def of SRE_TASKS) {
    it(`${def.info.id}: an exploring agent and a sampled agent see no variant, ground truth or unearned criterion`, () => {
      const problems = SEEDS.flatMap((seed) => [...scanSre(def, seed, 'script'), ...scanSre(def, seed, 'sampled')]);
      expect(problems).toEqual([]);
    });
  }

  it('every variant\'s guidance (task goal, opening hint, query advice) names neither its cause nor its fix', () => {
    const problems: string[] = [];
    for (const def of SRE_TASKS) {
      def.variants.forEach((variant, index) => {
        const words = SRE_ANSWER_WORDS[def.info.id]![index]!;
        const env = new Environment(registry());
        const first = env.reset({ task_id: def.info.id, seed: index });
        const guidance = [first.observation['task_goal'], first.observation['hint']];
        if (def.info.id === 'root_cause_diagnosis') guidance.push((env.step({ action_type: 'run_query', value: 'zzz' }).observation['logs'] as string[])[0]);
        for (const text of guidance) for (const w of answerWordsIn(String(text), words)) problems.push(`${def.info.id} v${index}: "${w}" in "${text}"`);
      });
    }
    expect(problems).toEqual([]);
    expect(answerWordsIn('Fix Redis OOM cascade.', SRE_ANSWER_WORDS['full_incident_runbook']![0]!)).toEqual(['redis', 'oom']);
  });

  it('the scan sees a leak when there is one (the end-of-episode state names the variant)', () => {
    const env = new Environment(registry());
    env.reset({ task_id: 'root_cause_diagnosis', seed: 1 });
    let last = env.step({ action_type: 'noop', value: '' });
    while (!last.done) last = env.step({ action_type: 'noop', value: '' });
    expect(leaks(env.state(), sreTexts(ROOT_CAUSE_DIAGNOSIS_TASK, 1), [])).toEqual(['key $.scenario_variant', 'variant label']);
    expect(leaks({ hint: 'Root Cause Diagnosis — Disk Space Exhaustion' }, sreTexts(ROOT_CAUSE_DIAGNOSIS_TASK, 1), [])).toEqual(['text "Root Cause Diagnosis — Disk Space Exhaustion"']);
    expect(leaks({ grader_scores: { classify_gateway_p3: 0.1 } }, [], ['classify_gateway_p3'])).toEqual(['token classify_gateway_p3']);
  });
});

// ---- devops-incident-response ------------------------------------------------------------------------------------

/** Failure modes and fixes no devops scenario uses: the exploring agent diagnoses and fixes with these only. */
const DECOY_DIAGNOSES = ['certificate_expired', 'config_drift'] as const;
const DECOY_FIXES = ['scale_up', 'rollback_config', 'renew_certificate', 'clear_cache'] as const;

function devopsTokens(taskId: string): string[] {
  const scenario = DEVOPS_SCENARIOS.find((s) => s.task_id === taskId)!;
  return [...new Set(scenario.roots.flatMap((r) => [r.mode, r.fix]))];
}

/** Investigates every service in a seed-dependent order, then diagnoses, fixes and verifies with decoys. */
function devopsScript(seed: number): Record<string, string>[] {
  const services = DEVOPS_SERVICES.map((_, i) => DEVOPS_SERVICES[(i + seed) % DEVOPS_SERVICES.length]!);
  return [
    { action_type: 'list_services' },
    { action_type: 'inspect_dependencies' },
    ...services.flatMap((service, i): Record<string, string>[] => [
      { action_type: 'read_logs', service },
      { action_type: 'query_metrics', service },
      { action_type: 'diagnose', service, diagnosis: DECOY_DIAGNOSES[i % DECOY_DIAGNOSES.length]! },
      { action_type: 'apply_fix', service, fix: DECOY_FIXES[(i + seed) % DECOY_FIXES.length]! },
      { action_type: 'verify_health', service },
    ]),
  ];
}

function scanDevops(taskId: string, seed: number, policy: 'script' | 'sampled'): string[] {
  const env = new Environment(registry());
  const first = env.reset({ task_id: taskId, seed });
  const engine = env.engine as DevopsCompatEngine;
  // A sampled agent may name a root's mode or fix itself; its echo is not a leak, so only the exploring agent is held
  // to the tokens.
  const tokens = policy === 'script' ? devopsTokens(taskId) : [];
  const problems: string[] = [];
  const check = (step: number, result: StepResult) => {
    for (const l of leaks(result, [], tokens)) problems.push(`${taskId} seed ${seed} step ${step} result: ${l}`);
    for (const l of leaks(env.state(), [], tokens)) problems.push(`${taskId} seed ${seed} step ${step} state: ${l}`);
  };
  check(0, first);
  const script = devopsScript(seed);
  const rng = Rng.fromSeed(seed);
  for (let step = 1; step <= engine.info.max_steps; step++) {
    const action = policy === 'script' ? script[(step - 1) % script.length]! : engine.sampleAction(env.engineState as never, rng);
    const result = env.step(action);
    if (result.done) {
      // The graded fields come back at the end, with the grade.
      expect(env.state()).toHaveProperty('correct_fixes');
      return problems;
    }
    check(step, result);
  }
  throw new Error(`${taskId} seed ${seed} did not end`);
}

describe('devops-incident-response: no answer key before the end (seeds 0–9, native state and step results)', () => {
  for (const scenario of DEVOPS_SCENARIOS) {
    it(`${scenario.task_id}: an exploring agent and a sampled agent see no root mode, required fix or graded field`, () => {
      const problems = SEEDS.flatMap((seed) => [...scanDevops(scenario.task_id, seed, 'script'), ...scanDevops(scenario.task_id, seed, 'sampled')]);
      expect(problems).toEqual([]);
    });
  }

  it('task names and descriptions (GET /tasks, /manifest, the task list) state symptoms, not the fault or its fix', () => {
    const answerWords: Record<string, readonly string[]> = {
      easy_task: ['crash', 'crashed', 'restart', 'process'],
      medium_task: ['memory', 'leak', 'leaking', 'oom'],
      hard_task: ['disk', 'full', 'storage', 'saturation', 'volume', 'database'],
      expert_task: ['disk', 'storage', 'volume', 'pool', 'exhausting', 'drain', 'database', 'multi-root', 'both'],
    };
    const problems: string[] = [];
    for (const engine of createDevopsCompatEngines()) {
      const text = `${engine.info.name}\n${engine.info.description}`;
      for (const w of answerWordsIn(text, answerWords[engine.info.id]!)) problems.push(`${engine.info.id}: "${w}"`);
    }
    expect(problems).toEqual([]);
    expect(answerWordsIn('Memory Leak in Order Service', answerWords['medium_task']!)).toEqual(['memory', 'leak']);
  });

  it('the scan sees a leak when there is one (a correct fix is graded in the state once the episode is over)', () => {
    const env = new Environment(registry());
    env.reset({ task_id: 'easy_task', seed: 0 });
    env.step({ action_type: 'apply_fix', service: 'api_gateway', fix: 'restart_service' });
    expect(env.step({ action_type: 'verify_health', service: 'api_gateway' }).done).toBe(true);
    expect(leaks(env.state(), [], devopsTokens('easy_task'))).toEqual([
      'key $.correct_fixes',
      'key $.destructive_actions',
      'key $.diagnosis_correct_count',
      'key $.fix_correct_count',
      'token restart_service',
    ]);
  });
});

// ---- the compat HTTP routes --------------------------------------------------------------------------------------

describe('compat HTTP routes: no answer key before the end (seeds 0–9)', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify({ logger: false });
    const deps = { registry: registry(), sessions: { capacity: 4 } };
    registerSreIncidentResponseCompat(app, deps);
    registerDevopsIncidentResponseCompat(app, deps);
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
  });

  async function call(method: 'GET' | 'POST', url: string, sid: string | null, payload?: object): Promise<Record<string, unknown>> {
    const r = await app.inject({ method, url, headers: sid ? { 'x-session-id': sid } : {}, ...(payload ? { payload } : {}) });
    expect(r.statusCode).toBe(200);
    return r.json() as Record<string, unknown>;
  }

  it('sre-incident-response: /reset, /step and /state of every task', async () => {
    const problems: string[] = [];
    for (const def of SRE_TASKS) {
      for (const seed of SEEDS) {
        const texts = sreTexts(def, seed);
        const everEarned = new Set<string>();
        const reset = await call('POST', `${SRE_COMPAT_PREFIX}/reset`, null, { task_id: def.info.id, seed });
        const sid = reset['session_id'] as string;
        const script = sreScript(reset['active_alerts'] as string[]);
        const surfaces: [string, Record<string, unknown>][] = [['reset', reset]];
        for (let step = 1; ; step++) {
          const state = await call('GET', `${SRE_COMPAT_PREFIX}/state`, sid);
          surfaces.push(['state', state]);
          const tokens = unearnedCriteria(def, seed, state, everEarned);
          for (const [name, body] of surfaces) for (const l of leaks(body, texts, tokens)) problems.push(`${def.info.id} seed ${seed} step ${step - 1} ${name}: ${l}`);
          surfaces.length = 0;
          const [action_type, value] = script[(step - 1) % script.length]!;
          const result = await call('POST', `${SRE_COMPAT_PREFIX}/step`, sid, { action_type, value });
          if (result['done'] === true) break;
          surfaces.push(['step', result]);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('devops-incident-response: /reset, /step, /state, /grader and /baseline (= /sample_action) of every task', async () => {
    const problems: string[] = [];
    for (const scenario of DEVOPS_SCENARIOS) {
      const tokens = devopsTokens(scenario.task_id);
      for (const seed of SEEDS) {
        const reset = await call('POST', `${DEVOPS_COMPAT_PREFIX}/reset`, null, { task_id: scenario.task_id, seed });
        const sid = reset['session_id'] as string;
        const script = devopsScript(seed);
        let previous: [string, Record<string, unknown>] = ['reset', reset];
        for (let step = 1; ; step++) {
          const surfaces: [string, Record<string, unknown>][] = [
            previous,
            ['state', await call('GET', `${DEVOPS_COMPAT_PREFIX}/state`, sid)],
            ['grader', await call('GET', `${DEVOPS_COMPAT_PREFIX}/grader`, sid)],
          ];
          for (const [name, body] of surfaces) for (const l of leaks(body, [], tokens)) problems.push(`${scenario.task_id} seed ${seed} step ${step - 1} ${name}: ${l}`);
          // The rule-based baseline suggests the right fix once its evidence points there; that is its play, not a leak,
          // but it must not know more than the agent: its suggestion names no root before the agent has seen its logs.
          const baseline = await call('GET', `${DEVOPS_COMPAT_PREFIX}/baseline`, sid);
          if (typeof baseline['fix'] === 'string' || typeof baseline['diagnosis'] === 'string') {
            const history = ((await call('GET', `${DEVOPS_COMPAT_PREFIX}/state`, sid))['action_history'] as { action_type: string; service: string | null }[]);
            if (!history.some((h) => h.service === baseline['service'] && (h.action_type === 'read_logs' || h.action_type === 'query_metrics'))) {
              problems.push(`${scenario.task_id} seed ${seed} step ${step - 1} baseline: ${stableStringify(baseline)} before any evidence`);
            }
          }
          const result = await call('POST', `${DEVOPS_COMPAT_PREFIX}/step`, sid, { action: script[(step - 1) % script.length]! });
          if (result['done'] === true) break;
          previous = ['step', result];
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
