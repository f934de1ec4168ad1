import { describe, expect, it } from 'vitest';

import { FIX_MINUTES } from './defaults.js';
import { tick } from './dynamics.js';
import { applyFix } from './fixes.js';
import { WorldSpecSchema } from './spec.js';
import type { ServiceState, WorldState } from './state.js';
import { createWorld } from './world.js';

function world(faults: { id: string; kind: 'disk_full'; service: string }[] = []): WorldState {
  return createWorld(
    WorldSpecSchema.parse({
      services: [
        { name: 'api', kind: 'api', public: true, config: { 'pool.max': 10, 'cache.enabled': false } },
        { name: 'db', kind: 'database' },
        { name: 'cache', kind: 'cache' },
      ],
      edges: [{ from: 'api', to: 'db', breaker: true }, { from: 'api', to: 'cache' }],
      faults,
    }),
    4,
  );
}

function svc(w: WorldState, name: string): ServiceState {
  const s = w.services.find((x) => x.name === name);
  if (!s) throw new Error(name);
  return s;
}

describe('applyFix: rejected fixes change nothing and take no time', () => {
  it('an unknown service, a rollback without a version, to a version never run or to the running one', () => {
    const w = world();
    const before = JSON.stringify(w);
    expect(applyFix(w, 'nope', 'restart')).toEqual({ ok: false, outcome: 'rejected', message: "No service is named 'nope'.", minutes: 0, error: { code: 'UNKNOWN_SERVICE', message: "No service is named 'nope'." } });
    expect(applyFix(w, 'api', 'rollback').error).toEqual({ code: 'INVALID_FIX', message: 'rollback needs params.version.' });
    expect(applyFix(w, 'api', 'rollback', { version: 'v9' }).message).toBe("api has never run version 'v9'. Known versions: v1.0.0.");
    expect(applyFix(w, 'api', 'rollback', { version: 'v1.0.0' }).message).toBe('api already runs v1.0.0.');
    expect(applyFix(w, 'api', 'scale').message).toBe('scale needs params.replicas.');
    expect(applyFix(w, 'api', 'config_set', { key: 'pool.max' }).message).toBe('config_set needs params.key and params.value.');
    expect(JSON.stringify(w)).toBe(before);
  });
});

describe('applyFix: each fix as an operation on the world', () => {
  it('rollback: deploys the older version, restarts half the replicas for 2 minutes, takes 5', () => {
    const w = world();
    const api = svc(w, 'api');
    api.versions.unshift('v0.9.0');
    const r = applyFix(w, 'api', 'rollback', { version: 'v0.9.0' });
    expect(r).toEqual({ ok: true, outcome: 'no_effect', message: 'api: rolling back to v0.9.0.', minutes: FIX_MINUTES.rollback });
    expect([api.version, api.unavailable_until, api.started_at]).toEqual(['v0.9.0', w.minute + 2, w.minute]);
    expect(w.deploys.at(-1)).toEqual({ service: 'api', version: 'v0.9.0', previous: 'v1.0.0', minute: w.minute, author: 'oncall', note: 'rollback to v0.9.0', kind: 'rollback' });
  });

  it('scale to zero is harmful and breaks an invariant', () => {
    const w = world();
    const r = applyFix(w, 'api', 'scale', { replicas: 0 });
    expect([r.outcome, r.message, r.minutes]).toEqual(['harmful', 'api: scaled from 2 to 0 replicas.', 2]);
    expect([svc(w, 'api').replicas, w.invariants_broken]).toEqual([0, ['api scaled to zero replicas']]);
  });

  it('config_set keeps the key typed: a number stays a number, a boolean a boolean; the change is logged', () => {
    const w = world();
    expect(applyFix(w, 'api', 'config_set', { key: 'pool.max', value: '20' }).message).toBe('api: set pool.max = 20.');
    applyFix(w, 'api', 'config_set', { key: 'cache.enabled', value: 'true' });
    expect([svc(w, 'api').config['pool.max'], svc(w, 'api').config['cache.enabled']]).toEqual([20, true]);
    expect(w.config_changes.slice(-2)).toEqual([
      { service: 'api', key: 'pool.max', from: 10, to: 20, minute: w.minute, author: 'oncall' },
      { service: 'api', key: 'cache.enabled', from: false, to: true, minute: w.minute, author: 'oncall' },
    ]);
  });

  it('restart: a rolling restart of 3 minutes that also closes the caller breakers', () => {
    const w = world();
    const edge = w.edges.find((e) => e.to === 'db')!;
    edge.breaker_state = 'open';
    edge.failing_minutes = 4;
    const r = applyFix(w, 'api', 'restart');
    expect([r.outcome, r.message, r.minutes]).toEqual(['no_effect', 'api: rolling restart of 2 replicas started.', 3]);
    expect([edge.breaker_state, edge.failing_minutes, svc(w, 'api').unavailable_until]).toEqual(['closed', 0, w.minute + 3]);
  });

  it('kill_query, flush_cache and failover act only on the kinds they are for', () => {
    const w = world();
    expect(applyFix(w, 'api', 'kill_query')).toMatchObject({ outcome: 'no_effect', message: 'api is not a database; no statements to cancel.', minutes: 1 });
    expect(applyFix(w, 'db', 'kill_query').message).toBe('db: cancelled long-running statements.');
    expect(svc(w, 'db').statements_cancelled_until).toBe(w.minute + 4);
    expect(applyFix(w, 'api', 'flush_cache').message).toBe('api is not a cache.');
    applyFix(w, 'cache', 'flush_cache');
    expect(svc(w, 'cache').memory_mb).toBe(svc(w, 'cache').memory_base_mb * 0.3);
    expect(applyFix(w, 'api', 'failover').message).toBe('api: no standby to fail over to.');
    expect(applyFix(w, 'db', 'failover').message).toBe('db: promoted the replica; writes paused during the switch.');
    expect(svc(w, 'db').down_until).toBe(w.minute + 1);
  });
});

describe('applyFix: outcomes against a fault', () => {
  it('clearing a full disk resolves the fault; restarting the database first is harmful and takes it down for 6 minutes', () => {
    const w = world([{ id: 'full', kind: 'disk_full', service: 'db' }]);
    tick(w);
    const db = svc(w, 'db');
    expect([w.faults[0]?.status, db.write_reject]).toEqual(['active', 1]);
    const restart = applyFix(w, 'db', 'restart');
    expect([restart.outcome, restart.message, db.down_until]).toEqual(['harmful', 'db restarted but crash recovery failed; the service is down.', w.minute + 6]);
    // The volume (500 GB, 310 GB used when healthy) is full: clearing frees 190 GB.
    expect([db.disk_total_gb, db.disk_base_gb]).toEqual([500, 310]);
    expect(db.disk_used_gb).toBeCloseTo(500, 9);
    const clear = applyFix(w, 'db', 'clear_disk');
    expect([clear.outcome, clear.message, clear.minutes]).toEqual(['resolved', 'db: removed archived WAL segments and expired backups, freed 190 GB.', 4]);
    expect(db.disk_used_gb).toBe(310);
    expect(w.events.at(-1)).toEqual({ minute: w.minute, type: 'fix', service: 'db', fix: 'clear_disk', params: {}, outcome: 'resolved', note: clear.message });
  });

  it('a fix on a service the fault touches that changes something is relief, not resolution', () => {
    const w = world([{ id: 'full', kind: 'disk_full', service: 'db' }]);
    tick(w);
    expect(applyFix(w, 'db', 'scale', { replicas: 3 }).outcome).toBe('relieved');
    expect(applyFix(w, 'db', 'scale', { replicas: 3 }).outcome).toBe('no_effect');
    expect(applyFix(w, 'api', 'scale', { replicas: 3 }).outcome).toBe('no_effect');
  });
});
