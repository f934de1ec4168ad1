import { parseArgs } from 'node:util';

import { checkEnv } from '../../env/check-env.js';
import { parseIntList } from '../../lib/index.js';
import { type Command, UsageError } from '../command.js';
import { stderrProgress } from '../progress.js';
import { registryFor, taskList } from '../scenario-dir.js';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check determinism, snapshots, schemas and error handling of tasks',
  usage: `firedrill check [--tasks all|ID,ID…] [--seeds 0..9] [--steps 30] [--scenarios DIR] [--json]
  --tasks      task ids (comma-separated) or all (default)
  --seeds      seeds to check each task at: a..b or a,b,c (default 0..9)
  --steps      random actions per episode (default 30)
  --scenarios  also load the scenario files of DIR (see docs/scenarios.md)
  --json       print the report as JSON`,
  description: 'Plays random well-formed and malformed actions on every task × seed and checks that the same seed and actions give identical bytes, that snapshots restore, that every observation matches its schema and that bad input gets a catalogued error. Exits 1 when any check fails.',
  examples: ['firedrill check', 'firedrill check --tasks gen-hard --seeds 0..49', 'firedrill check --scenarios examples/scenarios --tasks my-outage-v1'],
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { tasks: { type: 'string', default: 'all' }, seeds: { type: 'string', default: '0..9' }, steps: { type: 'string', default: '30' }, json: { type: 'boolean', default: false }, scenarios: { type: 'string' } },
    });
    let seeds: number[];
    try {
      seeds = parseIntList(values.seeds);
    } catch (err) {
      throw new UsageError(`--seeds: ${(err as Error).message}`);
    }
    const steps = Number(values.steps);
    if (!Number.isInteger(steps) || steps < 1) throw new UsageError('--steps must be a positive integer.');
    const registry = registryFor(values.scenarios, io);
    const tasks = values.tasks === 'all' ? registry.ids() : taskList(registry, values.tasks);
    const progress = stderrProgress(io, tasks.length * seeds.length);
    let started = 0;
    const report = checkEnv(registry, {
      tasks,
      seeds,
      steps,
      onProgress: () => {
        if (started++ > 0) progress.tick();
      },
    });
    if (started > 0) progress.tick();
    progress.finish();
    if (values.json) io.out(JSON.stringify(report, null, 2));
    else {
      for (const f of report.failures) io.err(`FAIL ${f.check} task=${f.task} seed=${f.seed} step=${f.step ?? '-'}: ${f.message}`);
      io.out(`${report.ok ? 'ok' : 'FAILED'}: ${tasks.length} tasks × ${seeds.length} seeds, ${report.episodes} episodes, ${report.steps} steps, ${report.failures.length} failures`);
    }
    return report.ok ? 0 : 1;
  },
};
