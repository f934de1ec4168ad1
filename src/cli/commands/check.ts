import { parseArgs } from 'node:util';

import { checkEnv } from '../../env/check-env.js';
import { createDefaultRegistry } from '../default-registry.js';
import { parseIntList } from '../../lib/index.js';
import { type Command, UsageError } from '../command.js';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check determinism, snapshots, schemas and error handling of tasks',
  usage: 'firedrill check [--tasks all|ID,ID…] [--seeds 0..49] [--steps 30] [--json]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { tasks: { type: 'string', default: 'all' }, seeds: { type: 'string', default: '0..9' }, steps: { type: 'string', default: '30' }, json: { type: 'boolean', default: false } },
    });
    const registry = createDefaultRegistry();
    const tasks = values.tasks === 'all' ? registry.ids() : values.tasks.split(',').map((t) => t.trim());
    for (const t of tasks) if (!registry.has(t)) throw new UsageError(`unknown task '${t}'`);
    let seeds: number[];
    try {
      seeds = parseIntList(values.seeds);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const steps = Number(values.steps);
    if (!Number.isInteger(steps) || steps < 1) throw new UsageError('--steps must be a positive integer');
    const report = checkEnv(registry, { tasks, seeds, steps });
    if (values.json) io.out(JSON.stringify(report, null, 2));
    else {
      for (const f of report.failures) io.err(`FAIL ${f.check} task=${f.task} seed=${f.seed} step=${f.step ?? '-'}: ${f.message}`);
      io.out(`${report.ok ? 'ok' : 'FAILED'}: ${tasks.length} tasks × ${seeds.length} seeds, ${report.episodes} episodes, ${report.steps} steps, ${report.failures.length} failures`);
    }
    return report.ok ? 0 : 1;
  },
};
