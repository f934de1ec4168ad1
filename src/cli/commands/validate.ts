import { parseArgs } from 'node:util';

import { Environment } from '../../env/environment.js';
import { REFERENCE_AGENTS } from '../../agents/reference.js';
import { historyShapeViolations, isMultiHop, NATIVE_ACTION_SOURCES, nativeActionTasks, validate, validityViolations } from '../../eval/validate.js';
import { parseIntList } from '../../lib/index.js';
import { type Command, UsageError } from '../command.js';
import { stderrProgress } from '../progress.js';
import { registryFor, taskList } from '../scenario-dir.js';
import { formatTable } from './tasks.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Run the reference agents (oracle, baselines, exploits) over tasks and seeds: do the graders hold?',
  usage: `firedrill validate [--seeds 0..49] [--train-seeds 500000..500019] [--tasks id,…] [--agents name,…] [--scenarios DIR] [--json] [--check]
  --seeds      seeds per task: a..b or a,b,c (default 0..49)
  --train-seeds  seeds the learning exploits train on (must not overlap --seeds)
  --tasks      task ids (default every task with the native action set; compat tasks are skipped with a reason)
  --agents     reference agents (default all: ${Object.keys(REFERENCE_AGENTS).join(', ')})
  --scenarios  also load the scenario files of DIR (see docs/scenarios.md)
  --json       print {agents: {agent: {task: {mean, min, max, n}}}}
  --check      exit 1 unless every bound of docs/scoring.md holds`,
  description: 'Plays the reference agents in process and prints their mean, min and max score per task: the oracle must solve every task, the exploits must stay under their bounds.',
  examples: ['firedrill validate --seeds 0..9', 'firedrill validate --agents oracle,investigator --tasks gen-hard --check', 'firedrill validate --scenarios examples/scenarios --tasks my-outage-v1 --seeds 0..4'],
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
        scenarios: { type: 'string' },
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
    const registry = registryFor(values.scenarios, io);
    const tasks = values.tasks === undefined ? undefined : taskList(registry, values.tasks);
    const agents = list(values.agents);
    const eligible = new Set(registry.list().filter((t) => NATIVE_ACTION_SOURCES.includes(t.source)).map((t) => t.id));
    const playable = (tasks ?? [...eligible]).filter((t) => eligible.has(t)).length;
    const progress = stderrProgress(io, (agents ?? Object.keys(REFERENCE_AGENTS)).length * playable * seeds.length);
    const { summary, skipped } = await validate({ registry, seeds, ...(trainSeeds ? { trainSeeds } : {}), ...(tasks ? { tasks } : {}), ...(agents ? { agents } : {}), onEpisode: () => progress.tick() }).catch((err: unknown) => {
      if (err instanceof Error && (err.message.startsWith('unknown agent') || err.message.startsWith('training seeds overlap'))) throw new UsageError(err.message);
      throw err;
    });
    progress.finish();
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
