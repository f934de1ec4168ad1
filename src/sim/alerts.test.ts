import { describe, expect, it } from 'vitest';

import { ALERT_RULES, alertId, evaluateAlerts, readyReplicas, RESOLVE_MINUTES } from './alerts.js';
import { WorldSpecSchema } from './spec.js';
import type { ServiceState, WorldState } from './state.js';
import { createWorld } from './world.js';

function world(): WorldState {
  return createWorld(
    WorldSpecSchema.parse({
      services: [
        { name: 'edge', kind: 'gateway', public: true, replicas: 4 },
        { name: 'orders-db', kind: 'database' },
      ],
      edges: [{ from: 'edge', to: 'orders-db' }],
      faults: [],
    }),
    7,
  );
}

/** Sets the edge's error rate and evaluates the rules for one more minute. */
function minuteWith(w: WorldState, errorRate: number): void {
  w.minute += 1;
  const s = w.services[0] as ServiceState;
  s.error_rate = errorRate;
  s.health = errorRate >= 0.9 ? 'down' : errorRate > 0.01 ? 'degraded' : 'healthy';
  evaluateAlerts(w);
}

const errorAlerts = (w: WorldState) => w.alerts.filter((a) => a.rule === 'error_rate_high' && a.service === 'edge');

describe('alert rules', () => {
  it('fire after `for` minutes, resolve only after the condition stays clear for the resolve window', () => {
    const w = world();
    const rule = ALERT_RULES.find((r) => r.rule === 'error_rate_high');
    expect(rule?.for).toBe(2);
    minuteWith(w, 0.2);
    expect(errorAlerts(w)).toHaveLength(0);
    minuteWith(w, 0.2);
    expect(errorAlerts(w)).toHaveLength(1);
    const fired = errorAlerts(w)[0];
    expect(fired?.resolved_at).toBeNull();
    // One clear minute and a relapse: the alert neither resolves nor flaps.
    minuteWith(w, 0.0);
    minuteWith(w, 0.2);
    expect(fired?.resolved_at).toBeNull();
    for (let i = 1; i < RESOLVE_MINUTES; i++) {
      minuteWith(w, 0.0);
      expect(fired?.resolved_at).toBeNull();
    }
    minuteWith(w, 0.0);
    expect(fired?.resolved_at).toBe(w.minute);
  });

  it('a re-firing alert keeps its id: one alert per rule and service', () => {
    const w = world();
    minuteWith(w, 0.3);
    minuteWith(w, 0.3);
    const id = errorAlerts(w)[0]?.id;
    expect(id).toBe(alertId(7, 'error_rate_high', 'edge'));
    for (let i = 0; i < RESOLVE_MINUTES; i++) minuteWith(w, 0);
    expect(errorAlerts(w)[0]?.resolved_at).not.toBeNull();
    minuteWith(w, 0.4);
    minuteWith(w, 0.4);
    expect(errorAlerts(w)).toHaveLength(1);
    expect(errorAlerts(w)[0]).toMatchObject({ id, resolved_at: null, fired_at: w.minute });
  });

  it('the error-rate alert stays firing while the service is down, beside the health-check alert', () => {
    const w = world();
    for (let i = 0; i < 6; i++) minuteWith(w, 0.96);
    const open = w.alerts.filter((a) => a.service === 'edge' && a.resolved_at === null).map((a) => a.rule).sort();
    expect(open).toEqual(['error_rate_high', 'health_check_failing']);
  });

  it('health-check alerts count the replicas passing readiness consistently with the error rate', () => {
    expect(readyReplicas({ replicas_up: 4, error_rate: 1 })).toBe(0);
    expect(readyReplicas({ replicas_up: 4, error_rate: 0.5 })).toBe(2);
    expect(readyReplicas({ replicas_up: 4, error_rate: 0 })).toBe(4);
    expect(readyReplicas({ replicas_up: 0, error_rate: 0 })).toBe(0);
    const w = world();
    for (let i = 0; i < 2; i++) minuteWith(w, 0.96);
    const health = w.alerts.find((a) => a.rule === 'health_check_failing');
    expect(health?.description).toBe('0/4 replicas pass readiness; error rate 96.0%.');
  });
});
