import { describe, expect, it } from 'vitest';

import { checkEnv } from '../env/check-env.js';
import { TaskRegistry } from '../env/registry.js';
import { COMPAT_ENVIRONMENTS } from './index.js';

describe('checkEnv on the compat environments', () => {
  it('passes for every compat task', () => {
    const registry = new TaskRegistry();
    for (const compat of COMPAT_ENVIRONMENTS) for (const engine of compat.createEngines()) registry.register(engine);
    expect(registry.ids()).toEqual(['alert_triage', 'root_cause_diagnosis', 'full_incident_runbook', 'easy_task', 'medium_task', 'hard_task', 'expert_task']);
    const report = checkEnv(registry, { tasks: registry.ids(), seeds: [0, 1, 2], steps: 25 });
    expect(report.failures).toEqual([]);
    expect(report.episodes).toBe(21);
  });

  it('each environment serves only tasks of its own source', () => {
    for (const compat of COMPAT_ENVIRONMENTS) expect(new Set(compat.createEngines().map((e) => e.info.source))).toEqual(new Set([compat.source]));
  });
});
