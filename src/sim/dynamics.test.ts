import { describe, expect, it } from 'vitest';

import { evaluate, healthOf, metricRow, MODEL } from './dynamics.js';
import { type ServiceSpec, WorldSpecSchema } from './spec.js';
import { METRIC_INDEX, type ServiceState, type WorldState } from './state.js';
import { createWorld } from './world.js';

/** A world of private services with fixed load and no noise, so every number can be worked out by hand. */
function world(services: ServiceSpec[], edges: { from: string; to: string; timeout_ms?: number; retries?: number; breaker?: boolean }[] = []): WorldState {
  return createWorld(WorldSpecSchema.parse({ services, edges, faults: [] }), 1);
}

function svc(w: WorldState, name: string): ServiceState {
  const s = w.services.find((x) => x.name === name);
  if (!s) throw new Error(name);
  return s;
}

const API: ServiceSpec = { name: 'api', kind: 'api', replicas: 1, capacity_rps: 100, base_latency_ms: 10, base_error_rate: 0 };

describe('evaluateService (through evaluate)', () => {
  it('at half load: M/M/1 latency, p99 ratio and CPU', () => {
    const w = world([{ ...API, load_rps: 50 }]);
    evaluate(w, false);
    const s = svc(w, 'api');
    // rho 0.5: p50 = 10 × 0.6 / 0.5; p99 = p50 × (3.2 + 2 × 0.5); CPU = 100 × (0.04 + 0.9 × 0.5).
    expect([s.demand_rps, s.error_rate, s.latency_p50_ms, s.cpu_pct, s.throughput_rps, s.backlog]).toEqual([50, 0, 12, 49, 50, 0]);
    expect(s.latency_p99_ms).toBeCloseTo(50.4, 12);
    expect(s.conditions).toEqual([]);
    expect(s.health).toBe('healthy');
  });

  it('at twice its capacity: half the requests fail, latency saturates and a backlog builds', () => {
    const w = world([{ ...API, load_rps: 200 }]);
    evaluate(w, false);
    const s = svc(w, 'api');
    // rho 2: overload 1 − 1/2; p50 = 10 × 0.6 / (1 − 0.96) + 10 × 20 × min(1, 2); CPU capped at 100.
    expect([s.error_rate, s.cpu_pct, s.throughput_rps, s.backlog]).toEqual([0.5, 100, 100, 200 * 1 * 60]);
    expect(s.latency_p50_ms).toBeCloseTo(350, 9);
    expect(s.latency_p99_ms).toBeCloseTo(350 * 5.2, 9);
    expect(s.conditions).toEqual(['overloaded', 'cpu_hot', 'errors']);
    expect(s.health).toBe('degraded');
  });

  it('a service with no replicas up fails every request and is down', () => {
    const w = world([{ ...API, load_rps: 10 }]);
    svc(w, 'api').down_until = w.minute + 1;
    evaluate(w, false);
    const s = svc(w, 'api');
    // No capacity with demand counts as rho 10: overloaded and CPU-hot as well.
    expect([s.replicas_up, s.error_rate, s.throughput_rps, s.health]).toEqual([0, 1, 0, 'down']);
    expect(s.conditions).toEqual(['down', 'overloaded', 'cpu_hot', 'errors']);
  });

  it('a service scaled to zero serves nothing but logs no restart (there is nothing to restart)', () => {
    const w = world([{ ...API, load_rps: 10 }]);
    svc(w, 'api').replicas = 0;
    evaluate(w, false);
    const s = svc(w, 'api');
    expect([s.replicas_up, s.error_rate, s.health]).toEqual([0, 1, 'down']);
    expect(s.conditions).toEqual(['overloaded', 'cpu_hot', 'errors']);
  });

  it('a failing dependency: retries turn a 50% attempt failure into 12.5% and 1.75 attempts per call', () => {
    const w = world(
      [{ ...API, name: 'web', load_rps: 0 }, { ...API, name: 'db', kind: 'database', load_rps: 200 }],
      [{ from: 'web', to: 'db', timeout_ms: 120_000, retries: 2 }],
    );
    evaluate(w, false);
    const edge = w.edges[0]!;
    expect(svc(w, 'db').error_rate).toBe(0.5);
    // 1 − (1 − 0.5): the timeout (120 s against a 350 ms p50) never fires.
    expect([edge.attempt_failure, edge.failure, edge.attempts]).toEqual([0.5, 0.125, 1.75]);
    expect(svc(w, 'web').error_rate).toBe(0.125);
    // The caller logs its dependency's errors, not errors of its own.
    expect(svc(w, 'web').conditions).toEqual(['upstream_errors:db', 'retrying:db']);
  });

  it('a breaker opens after two minutes of failing attempts, then fails calls fast without sending them', () => {
    const w = world(
      [{ ...API, name: 'web', load_rps: 10 }, { ...API, name: 'db', kind: 'database', load_rps: 0 }],
      [{ from: 'web', to: 'db', breaker: true }],
    );
    svc(w, 'db').replicas = 0;
    const edge = w.edges[0]!;
    evaluate(w, false);
    expect([edge.breaker_state, edge.failing_minutes]).toEqual(['closed', 1]);
    evaluate(w, false);
    expect([edge.breaker_state, edge.breaker_until, edge.failure, edge.attempts]).toEqual(['open', w.minute + 5, 1, 0]);
    expect(svc(w, 'web').conditions).toContain('breaker_open:db');
    expect(w.events.at(-1)).toEqual({ minute: w.minute, type: 'breaker', from: 'web', to: 'db', state: 'open' });
  });
});

describe('updateResources (through evaluate)', () => {
  it('a cache without eviction fills by 3.5% of its limit a minute and rejects writes from 99%', () => {
    const w = world([{ name: 'cache', kind: 'cache', memory_limit_mb: 1000, memory_base_mb: 950, config: { 'maxmemory-policy': 'noeviction' } }]);
    const c = svc(w, 'cache');
    c.memory_mb = 950;
    evaluate(w, false);
    expect([c.memory_mb, c.write_reject]).toEqual([985, 0]);
    evaluate(w, false);
    expect([c.memory_mb, c.write_reject]).toEqual([1000, 1]);
    expect(c.conditions).toContain('cache_rejects_writes');
  });

  it('an evicting cache stays at 95% of its limit', () => {
    const w = world([{ name: 'cache', kind: 'cache', memory_limit_mb: 1000, memory_base_mb: 940, config: { 'maxmemory-policy': 'allkeys-lru' } }]);
    const c = svc(w, 'cache');
    c.memory_mb = 940;
    evaluate(w, false);
    evaluate(w, false);
    expect([c.memory_mb, c.write_reject]).toEqual([950, 0]);
  });

  it('a datastore warns from 85% disk and rejects writes from 99%', () => {
    const w = world([{ name: 'db', kind: 'database', disk_total_gb: 100, disk_used_gb: 85 }]);
    evaluate(w, false);
    expect([svc(w, 'db').write_reject, svc(w, 'db').conditions.includes('disk_high')]).toEqual([0, true]);
    svc(w, 'db').disk_used_gb = 99;
    evaluate(w, false);
    expect([svc(w, 'db').write_reject, svc(w, 'db').conditions.includes('no_space')]).toEqual([1, true]);
  });
});

describe('healthOf and metricRow', () => {
  it('down at 90% errors, degraded above the SLO error rate or 2.5× the healthy p99', () => {
    const w = world([{ ...API, load_rps: 50 }]);
    evaluate(w, false);
    const s = svc(w, 'api');
    s.baseline[METRIC_INDEX.latency_p99_ms] = 100;
    const health = (error_rate: number, p99: number) => healthOf({ ...s, error_rate, latency_p99_ms: p99 });
    expect([health(0.01, 250), health(0.0101, 100), health(0, 250.1), health(MODEL.errors.downAt, 10), health(0.89, 10)]).toEqual(['healthy', 'degraded', 'degraded', 'down', 'degraded']);
  });

  it('writes the metric row in METRICS order, as percentages where the metric is one', () => {
    const w = world([{ ...API, load_rps: 50, memory_limit_mb: 2000, disk_total_gb: 40, disk_used_gb: 10, pool_size: 20 }]);
    evaluate(w, false);
    const s = svc(w, 'api');
    s.memory_mb = 500;
    s.pool_in_use = 5;
    s.queue_depth = 7;
    s.replica_lag_s = 2;
    expect(metricRow(s)).toEqual([49, 25, 25, 25, 12, s.latency_p99_ms, 0, 50, 7, 2]);
  });
});
