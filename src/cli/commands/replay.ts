import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import type { TaskRegistry } from '../../env/registry.js';
import { createDefaultRegistry } from '../default-registry.js';
import { replayTrajectory } from '../../eval/replay.js';
import { readTrajectoryFile } from '../../eval/trajectory-file.js';
import { CliError, type Command, UsageError } from '../command.js';

/** Trajectory files named directly, or every .jsonl under a directory. */
export function trajectoryFiles(paths: readonly string[]): string[] {
  for (const p of paths) if (!existsSync(p)) throw new CliError(`${p}: no such file or directory.`, 'Give trajectory files (.jsonl) or directories holding them, such as firedrill-runs/<run id>/trajectories.');
  return paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p, { recursive: true })
          .map(String)
          .filter((f) => f.endsWith('.jsonl'))
          .sort()
          .map((f) => join(p, f))
      : [p],
  );
}

export function createReplayCommand(registry: () => TaskRegistry = createDefaultRegistry): Command {
  return {
    name: 'replay',
    summary: 'Re-execute stored trajectories and verify identical observations and rewards',
    usage: 'firedrill replay FILE|DIR ...',
    description: 'Re-executes every stored trajectory (JSONL, as firedrill eval writes them) against the current build and checks that each observation and reward is byte-identical. Exits 1 at the first divergence, naming the step and the field.',
    examples: ['firedrill replay firedrill-runs/', 'firedrill replay firedrill-runs/run-0123abcd/trajectories/investigator/gen-hard__seed3__r0.jsonl'],
    async run(argv, io) {
      const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
      if (positionals.length === 0) throw new UsageError('Give at least one trajectory file or directory.');
      const files = trajectoryFiles(positionals);
      if (files.length === 0) throw new UsageError('No .jsonl trajectories found.');
      const reg = registry();
      let steps = 0;
      for (const file of files) {
        const t = readTrajectoryFile(file);
        if (t.end.status === 'error' && t.steps.length === 0) {
          // A failure before the first step (the environment could not be opened, the agent could not start): nothing to replay.
          io.out(`skipped ${file}: the episode failed before its first step (${t.end.error ?? 'error'})`);
          continue;
        }
        const r = replayTrajectory(t, reg);
        if (!r.ok) {
          const what = r.step === 0 ? 'the reset' : `step ${r.step} (${JSON.stringify(r.action)})`;
          io.err(`DIVERGED ${file}: ${t.header.task_id} seed ${t.header.seed}, at ${what}: ${r.field} differs — ${r.detail}`);
          return 1;
        }
        steps += r.steps;
        io.out(`ok ${file}: ${t.header.task_id} seed ${t.header.seed}, ${r.steps} steps identical${r.skipped ? ` (${r.skipped} agent-only turns skipped)` : ''}`);
      }
      io.out(`${files.length} trajectories, ${steps} steps replayed: identical`);
      return 0;
    },
  };
}

export const replayCommand = createReplayCommand();
