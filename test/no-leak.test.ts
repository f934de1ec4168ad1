import { describe, expect, it } from 'vitest';

import { FAULT_KINDS } from '../src/contracts/index.js';
import { Environment } from '../src/env/environment.js';
import { createDefaultRegistry } from '../src/cli/default-registry.js';
import { Rng } from '../src/lib/index.js';

const registry = createDefaultRegistry();
/** devops-incident-response's diagnosis labels (its native vocabulary; symptoms in its logs never use them). */
const DEVOPS_LABELS = ['service_crash', 'memory_leak', 'high_latency', 'connection_pool_exhaustion', 'disk_full', 'certificate_expired', 'config_drift'];
const LABELS = FAULT_KINDS.flatMap((k) => [k, k.replace(/_/g, ' '), k.replace(/_/g, '-')]);
const nativeLabels = new RegExp(`(${LABELS.map((l) => l.replace(/[-]/g, '\\-')).join('|')})`, 'i');
const devopsLabels = new RegExp(`(${DEVOPS_LABELS.join('|')})`, 'i');

function isDevopsCompat(source: string): boolean {
  return source === 'devops-incident-response';
}

function groundTruthServices(env: Environment): string[] {
  const truth = env.groundTruth() as { roots?: { service: string }[]; root_cause_services?: string[] };
  return truth.roots?.map((r) => r.service) ?? truth.root_cause_services ?? [];
}

describe('no ground truth in anything an agent sees (DESIGN §1.4)', () => {
  for (const task of registry.list().filter((t) => t.source !== 'sre-incident-response')) {
    // sre-incident-response's observations are its fixed scenario texts (symptom-level log lines and alerts, e.g.
    // "Redis OOM"), with nothing hidden to leak beyond them; its tests cover that /state carries no answer key.
    const labelPattern = isDevopsCompat(task.source) ? devopsLabels : nativeLabels;
    it(`${task.id}: 1,000 random steps leak no fault label or seed and never name the root cause`, () => {
      const env = new Environment(registry);
      const rng = Rng.fromSeed(99);
      let steps = 0;
      let seed = 0;
      while (steps < 1000) {
        const first = env.reset({ task_id: task.id, seed: seed++ });
        const roots = groundTruthServices(env);
        const namesRoot = new RegExp(`(root[ _-]?cause[^.\\n]{0,40}(${roots.join('|')}))|((${roots.join('|')})[^.\\n]{0,40}root[ _-]?cause)`, 'i');
        const visible = [JSON.stringify(first), JSON.stringify(env.state())];
        for (let i = 0; i < 60; i++) {
          const engine = env.engine;
          if (!engine) throw new Error('no engine');
          const action = engine.sampleAction(env.engineState, rng) as { action_type: string };
          // Free text the agent writes, and its own diagnosis labels echoed back (devops-incident-response reports
          // claims in its state), are the agent's words, not the environment's.
          if (action.action_type === 'write_postmortem' || action.action_type === 'run_query' || 'diagnosis' in action) continue;
          let r;
          try {
            r = env.step(action);
          } catch (err) {
            visible.push(String(err));
            continue;
          }
          steps += 1;
          const { grade_report: _report, ...metadata } = r.metadata;
          visible.push(JSON.stringify({ ...r, metadata }), JSON.stringify(env.state()));
          if (r.done) break;
        }
        for (const text of visible) {
          // The seed is the trainer's: with it an agent could replay the incident elsewhere and read the answer.
          expect(text.match(/"seed"\s*:/)?.[0] ?? null).toBeNull();
          expect(text.match(labelPattern)?.[0] ?? null).toBeNull();
          expect(text.match(namesRoot)?.[0] ?? null).toBeNull();
        }
      }
    });
  }
});
