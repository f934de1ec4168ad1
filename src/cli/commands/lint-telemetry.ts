import { parseArgs } from 'node:util';

import { Environment } from '../../env/environment.js';
import { lintEpisode, TELEMETRY_INVARIANTS, type Violation } from '../../eval/telemetry-lint.js';
import { parseIntList } from '../../lib/index.js';
import { type Command, UsageError } from '../command.js';
import { createDefaultRegistry } from '../default-registry.js';

export const lintTelemetryCommand: Command = {
  name: 'lint-telemetry',
  summary: 'Play episodes and check every observable against the telemetry invariants (docs/telemetry.md).',
  usage: `firedrill lint-telemetry [--tasks id,…] [--seeds 0..9] [--steps 20] [--json]
  --tasks  simulated task ids (default all of them; compat tasks have no simulated telemetry)
  --seeds  a..b or a,b,c (default 0..9)
  --steps  random actions per episode, 1 to 500 (default 20)
  --json   print the counts and the first violations as JSON`,
  examples: ['firedrill lint-telemetry', 'firedrill lint-telemetry --tasks gen-hard --seeds 0..49 --json'],
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        tasks: { type: 'string' },
        seeds: { type: 'string', default: '0..9' },
        steps: { type: 'string', default: '20' },
        json: { type: 'boolean', default: false },
      },
    });
    let seeds: number[];
    try {
      seeds = parseIntList(values.seeds);
    } catch (err) {
      throw new UsageError(`--seeds: ${(err as Error).message}`);
    }
    const steps = Number(values.steps);
    if (!Number.isInteger(steps) || steps < 1 || steps > 500) throw new UsageError('--steps must be an integer from 1 to 500');
    const registry = createDefaultRegistry();
    const native = registry.list().filter((t) => t.source !== 'sre-incident-response' && t.source !== 'devops-incident-response');
    const wanted = values.tasks?.split(',').map((t) => t.trim()).filter(Boolean);
    for (const t of wanted ?? []) if (!native.some((n) => n.id === t)) throw new UsageError(`--tasks: '${t}' is not a simulated task (firedrill tasks lists them)`);
    const tasks = wanted ?? native.map((t) => t.id);
    const env = new Environment(registry);
    const violations: Violation[] = [];
    const checked: Record<string, number> = {};
    let episodes = 0;
    for (const task of tasks) {
      for (const seed of seeds) {
        const r = lintEpisode(env, task, seed, steps);
        violations.push(...r.violations);
        for (const [k, n] of Object.entries(r.checked)) checked[k] = (checked[k] ?? 0) + n;
        episodes++;
      }
    }
    const counts = Object.fromEntries(Object.keys(TELEMETRY_INVARIANTS).map((k) => [k, violations.filter((v) => v.invariant === k).length]));
    if (values.json) {
      io.out(JSON.stringify({ episodes, checked, violations: counts, details: violations.slice(0, 200) }, null, 2));
    } else {
      io.out(`${episodes} episodes (${tasks.length} tasks × ${seeds.length} seeds, ${steps} steps each); checked ${Object.entries(checked).map(([k, n]) => `${n} ${k.replace(/_/g, ' ')}`).join(', ')}`);
      for (const [k, n] of Object.entries(counts)) io.out(`${String(n).padStart(6)}  ${k}: ${TELEMETRY_INVARIANTS[k as keyof typeof TELEMETRY_INVARIANTS]}`);
      for (const v of violations.slice(0, 50)) io.err(`violation ${v.invariant} [${v.task} seed ${v.seed} step ${v.step}]: ${v.detail}`);
    }
    return violations.length === 0 ? 0 : 1;
  },
};
