import { describe, expect, it } from 'vitest';

import { FAULT_KINDS } from '../src/contracts/index.js';
import { NativeEngine } from '../src/env/native/engine.js';
import { TaskRegistry } from '../src/env/registry.js';
import { validate } from '../src/eval/validate.js';
import { singleFaultScenario } from './fixtures/single-fault-scenarios.js';

/** One small incident per fault type: the oracle must solve each, and the investigator must infer each from symptoms. */
describe('every fault type, one at a time', () => {
  const registry = new TaskRegistry();
  for (const kind of FAULT_KINDS) registry.register(new NativeEngine(singleFaultScenario(kind)));

  it('oracle ≥ 0.95 and investigator ≥ 0.9 on each, while reactive cannot solve the ones that hide behind a caller', async () => {
    const { summary } = await validate({ registry, seeds: [0, 1, 2], agents: ['oracle', 'investigator', 'reactive'] });
    const below = (agent: string, bound: number) =>
      Object.entries(summary.agents[agent] ?? {})
        .filter(([, s]) => s.min < bound)
        .map(([task, s]) => `${task}: ${s.min}`);
    expect(below('oracle', 0.95)).toEqual([]);
    expect(below('investigator', 0.9)).toEqual([]);
    const reactive = summary.agents['reactive'] ?? {};
    for (const kind of ['certificate_expired', 'dns_failure', 'network_partition', 'slow_query', 'retry_storm'] as const) {
      expect(reactive[`test-${kind.replace(/_/g, '-')}-v1`]?.mean, kind).toBeLessThan(0.5);
    }
  }, 120_000);
});
