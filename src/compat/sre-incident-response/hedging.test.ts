import { describe, expect, it } from 'vitest';

import { Environment } from '../../env/environment.js';
import { TaskRegistry } from '../../env/registry.js';
import { createSreCompatEngines } from './tasks.js';

type Message = [action_type: string, value: string];

const SEEDS = Array.from({ length: 50 }, (_, i) => i);
const registry = new TaskRegistry();
for (const engine of createSreCompatEngines()) registry.register(engine);

/** The final grade of playing `messages` (until the episode ends) on a task and seed. */
function finalScore(task: string, seed: number, messages: readonly Message[]): number {
  const env = new Environment(registry);
  env.reset({ task_id: task, seed });
  for (const [action_type, value] of messages) {
    if (env.state().done) break;
    env.step({ action_type, value });
  }
  return env.state()['grader_total'] as number;
}

function worstCase(task: string, messages: readonly Message[]): number {
  return Math.max(...SEEDS.map((seed) => finalScore(task, seed, messages)));
}

const ALL_ALERTS = ['db-primary', 'payment-service', 'auth-service', 'cache-redis', 'api-gateway', 'mobile-api', 'circuit breaker'];
const sweep = (action: string, level: string): Message => [action, ALL_ALERTS.map((s) => `${s} ${level}`).join(', ')];

/** Variant-blind hedges on alert_triage: every variant's claims, spread over several messages. */
const TRIAGE_HEDGES: Record<string, readonly Message[]> = {
  'both roots in turn, then both priority sets': [
    ['diagnose', 'db-primary CPU overload is the root cause, cascading downstream'],
    ['diagnose', 'auth-service JVM heap OOM is the root cause, cascading to mobile login'],
    ['diagnose', 'payment-service P1; auth-service P2; cache-redis P2; api-gateway P3'],
    ['diagnose', 'mobile-api P1; circuit breaker P2; api-gateway P2; payment-service P3'],
  ],
  'both roots in turn, reversed': [
    ['diagnose', 'auth-service JVM heap OOM is the root cause, cascading to mobile login'],
    ['diagnose', 'db-primary CPU overload is the root cause, cascading downstream'],
    ['diagnose', 'mobile-api P1; circuit breaker P2; api-gateway P2; payment-service P3'],
    ['diagnose', 'payment-service P1; auth-service P2; cache-redis P2; api-gateway P3'],
  ],
  'acknowledge both candidate roots, then diagnose both': [
    ['acknowledge_alert', 'db-primary'],
    ['acknowledge_alert', 'auth-service'],
    ['diagnose', 'db-primary root cause, cascade downstream'],
    ['diagnose', 'auth-service heap oom root cause, cascade downstream'],
  ],
  'P1/P2/P3 sweep in acknowledgements, then both roots': [
    sweep('acknowledge_alert', 'P1'),
    sweep('acknowledge_alert', 'P2'),
    sweep('acknowledge_alert', 'P3'),
    ['diagnose', 'db-primary root cause, cascade downstream'],
    ['diagnose', 'auth-service heap oom root cause, cascade downstream'],
  ],
  'P1/P2/P3 sweep in diagnoses': [sweep('diagnose', 'P1 cascade'), sweep('diagnose', 'P2 cascade'), sweep('diagnose', 'P3 cascade')],
  'one service at a time, every priority': ['payment-service', 'api-gateway', 'auth-service'].flatMap((s) => ['P1', 'P2', 'P3'].map((l): Message => ['diagnose', `${s} ${l}`])).slice(0, 8),
};

/** Variant-blind hedges on root_cause_diagnosis: both explanations, spread over several messages. */
const ROOT_CAUSE_HEDGES: Record<string, readonly Message[]> = {
  'both diagnoses in turn (partial, then complete)': [
    ['diagnose', 'slow query from deploy v2.4.1'],
    ['diagnose', 'disk full from accumulated WAL'],
    ['diagnose', 'slow query deploy v2.4.1 connection pool rollback payment'],
    ['diagnose', 'disk wal clean payment'],
  ],
  'both sets of queries, then both fixes': [
    ['run_query', 'slow queries'],
    ['run_query', 'disk space'],
    ['run_query', 'connection pool'],
    ['run_query', 'wal archive'],
    ['run_query', 'recent deploy'],
    ['acknowledge_alert', 'payment-service 503'],
    ['apply_fix', 'rollback v2.4.1'],
    ['apply_fix', 'clean old WAL to free disk space'],
  ],
  'both fixes first': [
    ['acknowledge_alert', 'payment-service 503'],
    ['apply_fix', 'clean old WAL to free disk space'],
    ['apply_fix', 'rollback v2.4.1'],
    ['diagnose', 'connection pool exhausted'],
  ],
};

const STUFFED = 'db-primary auth-service heap oom jvm database cpu P1 root cause cascade downstream; payment P1; auth P2; cache P2; gateway P3';

describe('sre-incident-response claims hold across messages (seeds 0–49)', () => {
  it.each(Object.entries(TRIAGE_HEDGES))('alert_triage: %s scores ≤ 0.30 on every seed', (_name, messages) => {
    expect(worstCase('alert_triage', messages)).toBeLessThanOrEqual(0.3);
  });

  it.each(Object.entries(ROOT_CAUSE_HEDGES))('root_cause_diagnosis: %s scores ≤ 0.30 on every seed', (_name, messages) => {
    expect(worstCase('root_cause_diagnosis', messages)).toBeLessThanOrEqual(0.3);
  });

  it.each(['diagnose', 'acknowledge_alert', 'write_postmortem'])('the stuffed single message as %s scores ≤ 0.05 on every seed', (action) => {
    expect(worstCase('alert_triage', [[action, STUFFED]])).toBeLessThanOrEqual(0.05);
  });

  it('exact figures: both roots in turn keeps only the priorities no other message contradicts (cache on v0; mobile and breaker on v1)', () => {
    const messages = TRIAGE_HEDGES['both roots in turn, then both priority sets'] ?? [];
    expect([finalScore('alert_triage', 0, messages), finalScore('alert_triage', 1, messages)]).toEqual([0.1, 0.2]);
  });
});

describe('a contradiction voids the earlier claim too', () => {
  it('alert_triage: a right priority earned, then contradicted, is lost for good (and cannot be re-earned)', () => {
    const env = new Environment(registry);
    env.reset({ task_id: 'alert_triage', seed: 0 });
    expect(env.step({ action_type: 'diagnose', value: 'payment P1' }).reward).toBe(0.1);
    const after = env.step({ action_type: 'diagnose', value: 'payment P3' });
    expect(after.reward).toBe(0.01);
    expect(after.metadata['grade_message']).toBe('classify_payment_p1 void: payment was given P1, P3 across messages.');
    expect(env.step({ action_type: 'diagnose', value: 'payment P1' }).reward).toBe(0.01);
  });

  it('alert_triage: a second root cause voids the first root, its acknowledgement, its classification and the cascade', () => {
    const env = new Environment(registry);
    env.reset({ task_id: 'alert_triage', seed: 0 });
    expect(env.step({ action_type: 'diagnose', value: 'db-primary P1 root cause' }).reward).toBe(0.45);
    const r = env.step({ action_type: 'diagnose', value: 'auth-service heap oom is the root cause' });
    expect(r.reward).toBe(0.01);
    expect(r.metadata['grade_message']).toBe('Root cause void: db and auth were both asserted across messages.');
  });

  it('root_cause_diagnosis: the other explanation voids what the first one earned; the acknowledgement stays', () => {
    const env = new Environment(registry);
    env.reset({ task_id: 'root_cause_diagnosis', seed: 1 });
    expect(env.step({ action_type: 'diagnose', value: 'disk full from accumulated WAL; payment 503' }).reward).toBe(0.8);
    const r = env.step({ action_type: 'diagnose', value: 'slow query from deploy v2.4.1' });
    expect(r.reward).toBe(0.2);
    expect(r.metadata['grade_message']).toBe('Diagnosis void: both explanations were stated across messages.');
  });
});
