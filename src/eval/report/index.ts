import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { FiredrillError } from '../../contracts/index.js';
import type { EpisodeRow } from '../episode-row.js';
import type { RunStore } from '../store.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { type ReportSummary, summarise } from './summary.js';

export { renderHtml } from './html.js';
export { renderMarkdown } from './markdown.js';
export { summarise, type GroupSummary, type ReportSummary } from './summary.js';

export type ReportFormat = 'md' | 'json' | 'html';

/**
 * The summary of one or more stored runs. When the same agent label appears in several runs, each gets the run id
 * as a suffix so the runs stay apart.
 */
export function reportForRuns(store: RunStore, runIds: readonly string[], opts: { seed?: number; resamples?: number } = {}): ReportSummary {
  const runs = runIds.map((id) => {
    const run = store.getRun(id);
    if (!run) throw new FiredrillError('NOT_FOUND', `No run has the id '${id}' in ${store.path}.`, { field: 'run' });
    return run;
  });
  const perRun = runs.map((r) => store.episodes(r.id));
  const labelRuns = new Map<string, Set<string>>();
  perRun.flat().forEach((e) => labelRuns.set(e.agent, (labelRuns.get(e.agent) ?? new Set()).add(e.run_id)));
  const episodes: EpisodeRow[] = perRun.flat().map((e) => ((labelRuns.get(e.agent)?.size ?? 0) > 1 ? { ...e, agent: `${e.agent}@${e.run_id}` } : e));
  return summarise(episodes, { ...opts, runs: runs.map((r) => ({ id: r.id, created_at: r.created_at, source: r.config.source })) });
}

export function renderReport(summary: ReportSummary, format: ReportFormat): string {
  return format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : format === 'html' ? renderHtml(summary) : renderMarkdown(summary);
}

/** Writes report.json, report.md and report.html into `dir`; returns their paths. */
export function writeReports(summary: ReportSummary, dir: string): Record<ReportFormat, string> {
  mkdirSync(dir, { recursive: true });
  const paths = { json: join(dir, 'report.json'), md: join(dir, 'report.md'), html: join(dir, 'report.html') };
  for (const f of ['json', 'md', 'html'] as const) writeFileSync(paths[f], renderReport(summary, f));
  return paths;
}
