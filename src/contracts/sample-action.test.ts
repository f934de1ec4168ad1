import { describe, expect, it } from 'vitest';

import { NATIVE_ACTION_TYPES, NativeActionSchema } from './actions.js';
import { type RandomSource, sampleNativeAction } from './sample-action.js';

/** A small seeded generator (contracts cannot import lib's Rng). */
function lcg(seed: number): RandomSource {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
  };
}

describe('sampleNativeAction', () => {
  it('gives a schema-valid action of the asked type for every native action type', () => {
    const rng = lcg(7);
    for (const type of NATIVE_ACTION_TYPES) {
      for (let i = 0; i < 20; i++) {
        const action = sampleNativeAction(type, rng, { services: ['api', 'db'], alertIds: ['ALR-1'] });
        expect(action.action_type).toBe(type);
        expect(NativeActionSchema.safeParse(action).success).toBe(true);
      }
    }
  });

  it('names only the given services and alerts unless asked to make some up', () => {
    const named = (rate: number) => {
      const rng = lcg(3);
      const names = new Set<string>();
      for (let i = 0; i < 400; i++) {
        const a = sampleNativeAction('classify_alert', rng, { services: ['api'], alertIds: ['ALR-1'], unknownNameRate: rate }) as { alert_id: string };
        const d = sampleNativeAction('diagnose', rng, { services: ['api'], alertIds: ['ALR-1'], unknownNameRate: rate }) as { service: string };
        names.add(a.alert_id).add(d.service);
      }
      return [...names].sort();
    };
    expect(named(0)).toEqual(['ALR-1', 'api']);
    expect(named(0.2)).toEqual(['ALR-000000', 'ALR-1', 'api', 'no-such-service']);
  });

  it('falls back to api and ALR-000000 when nothing has been seen, and is deterministic for a seed', () => {
    expect(sampleNativeAction('get_config', lcg(1), { services: [], alertIds: [] })).toEqual({ action_type: 'get_config', service: 'api' });
    expect(sampleNativeAction('acknowledge_alert', lcg(1), { services: [], alertIds: [] })).toEqual({ action_type: 'acknowledge_alert', alert_id: 'ALR-000000' });
    const draw = () => NATIVE_ACTION_TYPES.map((t) => sampleNativeAction(t, lcg(11), { services: ['a', 'b'], alertIds: ['x', 'y'] }));
    expect(draw()).toEqual(draw());
  });
});
