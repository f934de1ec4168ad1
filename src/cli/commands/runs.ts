import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { compareRuns, renderComparisonsMarkdown, type RunComparison } from '../../eval/report/compare.js';
import { type ReportFormat, renderReport, reportForRuns } from '../../eval/report/index.js';
import { DEFAULT_DB_PATH, RunStore } from '../../eval/store.js';
import { CliError, type Command, UsageError } from '../command.js';
import { formatTable } from './tasks.js';

const USAGE = `firedrill runs list [--db PATH] [--json]
       firedrill runs show <run-id> [--format md|json|html] [--out FILE] [--db PATH]
       firedrill runs compare <run-id> <run-id> ... [--format md|json|html] [--out FILE] [--db PATH]
  --db      the run store firedrill eval wrote (default ${DEFAULT_DB_PATH}); never created here
  --format  the report format (default md)
  --out     write the report to FILE instead of stdout
  compare also lists, for md and json, the (task, seed) pairs each later run fixed or regressed against the first.`;

export const runsCommand: Command = {
  name: 'runs',
  summary: 'List stored evaluation runs, show one, or compare several',
  usage: USAGE,
  description: 'Reads the SQLite run store that firedrill eval writes. The reports keep failed episodes (agent, endpoint or environment failures) apart from the scores.',
  examples: ['firedrill runs list', 'firedrill runs show run-0123abcd4567ef89 --format html --out report.html', 'firedrill runs compare run-0123abcd4567ef89 run-89ab01234567cdef'],
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { db: { type: 'string', default: DEFAULT_DB_PATH }, json: { type: 'boolean', default: false }, format: { type: 'string', default: 'md' }, out: { type: 'string' } },
    });
    const [sub, ...ids] = positionals;
    if (sub !== 'list' && sub !== 'show' && sub !== 'compare') throw new UsageError('Expected list, show or compare.');
    const format = values.format;
    if (format !== 'md' && format !== 'json' && format !== 'html') throw new UsageError(`--format must be md, json or html, not ${format}.`);
    if (!existsSync(values.db)) throw new CliError(`No run store at ${values.db}.`, '`firedrill eval` creates it; --db names another.');
    const store = new RunStore(values.db);
    try {
      if (sub === 'list') {
        const runs = store.listRuns();
        if (values.json) {
          io.out(JSON.stringify(runs, null, 2));
          return 0;
        }
        if (runs.length === 0) {
          io.out(`No runs in ${values.db}.`);
          return 0;
        }
        const rows = runs.map((r) => [
          r.id,
          r.created_at.replace('T', ' ').slice(0, 19),
          r.status,
          r.config.agents.map((a) => a.label).join(', '),
          String(r.episodes),
          String(r.failed),
          r.mean_score === null ? '—' : r.mean_score.toFixed(3),
        ]);
        io.out(formatTable(['id', 'created', 'status', 'agents', 'episodes', 'failed', 'mean score'], rows));
        return 0;
      }
      if (ids.length === 0) throw new UsageError(`runs ${sub} needs a run id (see \`firedrill runs list\`).`);
      if (sub === 'show' && ids.length > 1) throw new UsageError('runs show takes one run id; use runs compare for several.');
      if (sub === 'compare' && ids.length < 2) throw new UsageError('runs compare needs at least two run ids.');
      for (const id of ids) if (!store.getRun(id)) throw new CliError(`No run '${id}' in ${values.db}.`, '`firedrill runs list` lists the runs.');
      let text = renderReport(reportForRuns(store, ids), format as ReportFormat);
      if (sub === 'compare') text = withComparisons(text, format as ReportFormat, compareRuns(ids.map((id) => ({ id, episodes: store.episodes(id) }))));
      if (values.out) {
        writeFileSync(values.out, text);
        io.err(`wrote ${values.out}`);
      } else io.out(text.replace(/\n$/, ''));
      return 0;
    } finally {
      store.close();
    }
  },
};

/** `runs compare` adds the fixed and regressed (task, seed) pairs of every run against the first. */
function withComparisons(text: string, format: ReportFormat, comparisons: RunComparison[]): string {
  if (format === 'json') return `${JSON.stringify({ ...(JSON.parse(text) as object), comparisons }, null, 2)}\n`;
  if (format === 'md') return `${text.replace(/\n*$/, '\n\n')}${renderComparisonsMarkdown(comparisons)}`;
  return text;
}
