import { describe, expect, it } from 'vitest';

import { FAULT_KINDS } from '../src/contracts/index.js';
import { Environment } from '../src/env/environment.js';
import { createDefaultRegistry } from '../src/env/tasks.js';
import { Rng } from '../src/lib/index.js';

const registry = createDefaultRegistry();
const LABELS = FAULT_KINDS.flatMap((k) => [k, k.replace(/_/g, ' '), k.replace(/_/g, '-')]);
const labelPattern = new RegExp(`(${LABELS.map((l) => l.replace(/[-]/g, '\\-')).join('|')})`, 'i');

function groundTruthServices(env: Environment): string[] {
  const truth = env.groundTruth() as { roots: { service: string }[] };
  return truth.roots.map((r) => r.service);
}

describe('no ground truth in anything an agent sees (DESIGN §1.4)', () => {
  for (const task of registry.list().filter((t) => ['native', 'curated', 'generated'].includes(t.source))) {
    it(`${task.id}: 1,000 random steps leak no fault label and never name the root cause`, () => {
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
          if (action.action_type === 'write_postmortem' || action.action_type === 'run_query') continue;
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
          expect(text.match(labelPattern)?.[0] ?? null).toBeNull();
          expect(text.match(namesRoot)?.[0] ?? null).toBeNull();
        }
      }
    });
  }
});
