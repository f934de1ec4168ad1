import { describe, expect, it } from 'vitest';

import { Rng } from '../../lib/index.js';
import { applyFix, createWorld, FAULT_MODELS, renderLogs, service, tick, type WorldState, WorldSpecSchema } from '../../sim/index.js';
import { NATIVE_SCENARIOS } from '../index.js';

function world(id: string, seed = 0): WorldState {
  const s = NATIVE_SCENARIOS.find((x) => x.id === id);
  if (!s) throw new Error(id);
  return createWorld(WorldSpecSchema.parse(s.build(seed, Rng.fromSeed(seed, 0xb01d))), seed);
}

function run(w: WorldState, minutes: number): void {
  for (let i = 0; i < minutes; i++) tick(w);
}

const present = (w: WorldState, id: string) => {
  const f = w.faults.find((x) => x.id === id);
  if (!f) throw new Error(id);
  return FAULT_MODELS[f.kind].present(f, w);
};

describe('causal faults and fixes', () => {
  it('a full disk propagates two hops up and clearing it resolves the fault', () => {
    const w = world('checkout-errors-v1');
    expect(service(w, 'payments-db').write_reject).toBe(1);
    expect(service(w, 'payment-service').health).not.toBe('healthy');
    expect(service(w, 'storefront-gateway').error_rate).toBeGreaterThan(0.05);
    expect(service(w, 'catalog-service').health).toBe('healthy');
    expect(applyFix(w, 'payments-db', 'clear_disk').outcome).toBe('resolved');
    run(w, 8);
    expect(w.faults[0]?.status).toBe('resolved');
    expect(w.services.every((s) => s.health === 'healthy')).toBe(true);
    expect(w.minutes_in_slo).toBeGreaterThanOrEqual(5);
  });

  it('restarting a database whose disk is full is harmful and does not help', () => {
    const w = world('checkout-errors-v1');
    const r = applyFix(w, 'payments-db', 'restart');
    expect(r.outcome).toBe('harmful');
    run(w, 3);
    expect(service(w, 'payments-db').health).toBe('down');
    expect(present(w, 'payments-volume')).toBe(true);
  });

  it('scaling to zero breaks an invariant', () => {
    const w = world('checkout-errors-v1');
    expect(applyFix(w, 'catalog-service', 'scale', { replicas: 0 }).outcome).toBe('harmful');
    expect(w.invariants_broken).toEqual(['catalog-service scaled to zero replicas']);
  });

  it('killing the slow statements relieves the database, then the release brings them back', () => {
    const w = world('order-pages-slow-v1');
    expect(service(w, 'orders-service').error_rate).toBeGreaterThan(0.5);
    expect(applyFix(w, 'orders-db', 'kill_query').outcome).toBe('relieved');
    run(w, 2);
    expect(service(w, 'orders-service').health).toBe('healthy');
    run(w, 5);
    expect(service(w, 'orders-service').error_rate).toBeGreaterThan(0.5);
    const good = String(w.faults[0]?.params['good_version']);
    expect(applyFix(w, 'orders-service', 'rollback', { version: good }).outcome).toBe('resolved');
    run(w, 8);
    expect(w.faults[0]?.status).toBe('resolved');
    expect(w.services.every((s) => s.health === 'healthy')).toBe(true);
  });

  it('rollback to a version the service never ran is rejected', () => {
    const w = world('order-pages-slow-v1');
    const r = applyFix(w, 'orders-service', 'rollback', { version: 'v0.0.1' });
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('INVALID_FIX');
  });

  it('the login cascade recovers only when fixed in order: cache, then auth, then the mobile breaker', () => {
    const right = world('mobile-login-outage-v1');
    applyFix(right, 'session-cache', 'config_set', { key: 'maxmemory-policy', value: 'allkeys-lru' });
    run(right, 2);
    expect(present(right, 'auth-retries')).toBe(true);
    expect(applyFix(right, 'auth-service', 'restart').outcome).toBe('resolved');
    run(right, 3);
    expect(service(right, 'mobile-api').error_rate).toBe(1);
    applyFix(right, 'mobile-api', 'restart');
    run(right, 8);
    expect(right.faults.map((f) => f.status)).toEqual(['resolved', 'resolved']);
    expect(right.services.every((s) => s.health === 'healthy')).toBe(true);

    const wrong = world('mobile-login-outage-v1');
    expect(applyFix(wrong, 'auth-service', 'restart').outcome).toBe('relieved');
    run(wrong, 4);
    applyFix(wrong, 'session-cache', 'config_set', { key: 'maxmemory-policy', value: 'allkeys-lru' });
    applyFix(wrong, 'mobile-api', 'restart');
    run(wrong, 8);
    expect(present(wrong, 'auth-retries')).toBe(true);
    expect(service(wrong, 'edge-gateway').health).not.toBe('healthy');
  });

  it('flushing a full noeviction cache is a temporary relief: it fills up and rejects writes again', () => {
    const w = world('mobile-login-outage-v1');
    expect(applyFix(w, 'session-cache', 'flush_cache').outcome).toBe('relieved');
    run(w, 1);
    expect(service(w, 'session-cache').write_reject).toBe(0);
    run(w, 40);
    expect(service(w, 'session-cache').write_reject).toBe(1);
    expect(w.faults.find((f) => f.id === 'cache-full')?.status).toBe('active');
  });
});

describe('telemetry of native incidents', () => {
  it('renders the same log lines for the same world and shows symptoms, not labels', () => {
    const a = world('checkout-errors-v1', 5);
    const b = world('checkout-errors-v1', 5);
    const la = renderLogs(a, 'payments-db', a.minute - 4, a.minute);
    expect(renderLogs(b, 'payments-db', b.minute - 4, b.minute)).toEqual(la);
    const text = la.map((l) => l.message).join('\n');
    expect(text).toMatch(/No space left on device/);
    expect(text).not.toMatch(/disk[_ ]full/i);
  });

  it('alerts that also fire without the faults are recorded as the baseline', () => {
    const w = world('checkout-errors-v1');
    expect(w.baseline_alert_keys).toEqual(['disk_usage_high:analytics-worker']);
    expect(w.alerts.some((a) => a.rule === 'disk_usage_high' && a.service === 'analytics-worker')).toBe(true);
  });
});
