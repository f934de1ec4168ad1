import { parseArgs } from 'node:util';

import type { Command } from '../command.js';
import { registryFor } from '../scenario-dir.js';

export const tasksCommand: Command = {
  name: 'tasks',
  summary: 'List every task',
  usage: `firedrill tasks [--json] [--scenarios DIR]
  --json       print the task list as JSON (id, name, difficulty, max_steps, source, description)
  --scenarios  also list the scenario files of DIR (see docs/scenarios.md)`,
  examples: ['firedrill tasks', 'firedrill tasks --json', 'firedrill tasks --scenarios examples/scenarios'],
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, scenarios: { type: 'string' } } });
    const registry = registryFor(values.scenarios, io);
    const tasks = registry.list();
    if (values.json) {
      io.out(JSON.stringify(tasks, null, 2));
      return 0;
    }
    const rows = tasks.map((t) => [t.id, t.difficulty, String(t.max_steps), t.source, t.name]);
    const header = ['id', 'difficulty', 'max_steps', 'source', 'name'];
    io.out(formatTable(header, rows));
    return 0;
  },
};

export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
