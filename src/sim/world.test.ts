import { describe, expect, it } from 'vitest';

import { tick } from './dynamics.js';
import { WorldSpecSchema, type WorldSpec } from './spec.js';
import type { WorldState } from './state.js';
import { clockLabel } from './telemetry/clock.js';
import { createWorld, WorldSpecError } from './world.js';

function run(w: WorldState, minutes: number): void {
  for (let i = 0; i < minutes; i++) tick(w);
}

const tiny: WorldSpec = {
  services: [
    { name: 'edge', kind: 'gateway', public: true },
    { name: 'db', kind: 'database' },
  ],
  edges: [{ from: 'edge', to: 'db' }],
  faults: [],
};

describe('createWorld validation', () => {
  it('rejects cycles, unknown services and duplicate names with the offending path', () => {
    const cyclic = WorldSpecSchema.parse({ ...tiny, edges: [{ from: 'edge', to: 'db' }, { from: 'db', to: 'edge' }] });
    expect(() => createWorld(cyclic, 0)).toThrow(WorldSpecError);
    expect(() => createWorld(cyclic, 0)).toThrow(/cycle through edge, db/);
    const unknown = WorldSpecSchema.parse({ ...tiny, edges: [{ from: 'edge', to: 'nowhere' }] });
    try {
      createWorld(unknown, 0);
      expect.unreachable();
    } catch (err) {
      expect((err as WorldSpecError).path).toBe('edges.0.to');
    }
    const dup = WorldSpecSchema.parse({ ...tiny, services: [...tiny.services, { name: 'db', kind: 'cache' }] });
    expect(() => createWorld(dup, 0)).toThrow(/duplicate service name 'db'/);
    const badTrigger = WorldSpecSchema.parse({ ...tiny, faults: [{ id: 'a', kind: 'disk_full', service: 'db', trigger: 'zz' }] });
    expect(() => createWorld(badTrigger, 0)).toThrow(/trigger 'zz'/);
  });

  it('a healthy world stays healthy and in SLO', () => {
    const w = createWorld(WorldSpecSchema.parse(tiny), 3);
    run(w, 10);
    expect(w.services.map((s) => s.health)).toEqual(['healthy', 'healthy']);
    expect(w.alerts).toEqual([]);
    expect(w.minutes_in_slo).toBeGreaterThanOrEqual(10);
  });
});

describe('telemetry', () => {
  it('labels simulated minutes with wall-clock times across midnight and month ends', () => {
    expect(clockLabel('2026-03-14', '02:10', 0)).toBe('2026-03-14T02:10:00Z');
    expect(clockLabel('2026-03-14', '23:50', 15, 7)).toBe('2026-03-15T00:05:07Z');
    expect(clockLabel('2026-02-28', '23:59', 1)).toBe('2026-03-01T00:00:00Z');
    expect(clockLabel('2028-02-28', '23:59', 1)).toBe('2028-02-29T00:00:00Z');
    expect(clockLabel('2026-03-14', '00:05', -10)).toBe('2026-03-13T23:55:00Z');
  });

});
