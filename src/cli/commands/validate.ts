import { parseArgs } from 'node:util';

import { Environment } from '../../env/environment.js';
import { createDefaultRegistry } from '../default-registry.js';
import { historyShapeViolations, isMultiHop, nativeActionTasks, validate, validityViolations } from '../../eval/validate.js';
import { parseIntList } from '../../lib/index.js';
import { type Command, UsageError } from '../command.js';
import { formatTable } from './tasks.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Run the reference agents (oracle, baselines, exploits) over tasks and seeds: do the graders hold?',
  usage: 'firedrill validate [--seeds 0..49] [--train-seeds 500000..500019] [--tasks id,…] [--agents name,…] [--json] [--check]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        seeds: { type: 'string', default: '0..49' },
        'train-seeds': { type: 'string' },
        tasks: { type: 'string' },
        agents: { type: 'string' },
        json: { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
      },
    });
    let seeds: number[];
    try {
      seeds = parseIntList(values.seeds);
    } catch (err) {
      throw new UsageError(`--seeds: ${(err as Error).message}`);
    }
    if (seeds.length === 0) throw new UsageError('--seeds names no seed');
    let trainSeeds: number[] | undefined;
    try {
      trainSeeds = values['train-seeds'] === undefined ? undefined : parseIntList(values['train-seeds']);
    } catch (err) {
      throw new UsageError(`--train-seeds: ${(err as Error).message}`);
    }
    const list = (s: string | undefined) => s?.split(',').map((x) => x.trim()).filter(Boolean);
    const registry = createDefaultRegistry();
    const tasks = list(values.tasks);
    const agents = list(values.agents);
    const { summary, skipped } = await validate({ registry, seeds, ...(trainSeeds ? { trainSeeds } : {}), ...(tasks ? { tasks } : {}), ...(agents ? { agents } : {}) }).catch((err: unknown) => {
      if (err instanceof Error && (err.message.startsWith('unknown agent') || err.message.startsWith('training seeds overlap'))) throw new UsageError(err.message);
      throw err;
    });
    for (const t of skipped) io.err(`skipped ${t}: its actions are not the native action set the reference agents play`);
    if (values.json) {
      io.out(JSON.stringify(summary, null, 2));
    } else {
      const rows = Object.entries(summary.agents).flatMap(([agent, per]) => Object.entries(per).map(([task, s]) => [agent, task, s.mean.toFixed(4), s.min.toFixed(4), s.max.toFixed(4), String(s.n)]));
      io.out(formatTable(['agent', 'task', 'mean', 'min', 'max', 'n'], rows));
    }
    if (!values.check) return 0;
    const env = new Environment(registry);
    const taskIds = tasks ?? nativeActionTasks(registry).map((t) => t.id);
    const multiHop = taskIds.filter((t) => !skipped.includes(t) && seeds.every((s) => isMultiHop(env, t, s)));
    const violations = [...validityViolations(summary, multiHop), ...historyShapeViolations(seeds, taskIds)];
    for (const v of violations) io.err(`violation: ${v}`);
    if (violations.length === 0) io.err(`graders hold: every bound met (multi-hop tasks: ${multiHop.join(', ') || 'none'})`);
    return violations.length === 0 ? 0 : 1;
  },
};
