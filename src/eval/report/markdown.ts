import { renderEstimatesMarkdown } from './estimators.js';
import { ALL_TASKS, type GroupSummary, type ReportSummary } from './summary.js';

export const fmt = {
  score: (x: number) => x.toFixed(3),
  ci: (ci: [number, number]) => `[${ci[0].toFixed(3)}, ${ci[1].toFixed(3)}]`,
  pct: (x: number) => `${Math.round(x * 100)}%`,
  one: (x: number | null) => (x === null ? '—' : x.toFixed(1)),
  int: (x: number) => Math.round(x).toLocaleString('en-US'),
  usd: (x: number) => `$${x >= 1 ? x.toFixed(2) : x > 0 && x < 0.001 ? x.toPrecision(2) : x.toFixed(4)}`,
};

export function usesLlm(summary: ReportSummary): boolean {
  return summary.overall.some((g) => g.llm_calls > 0);
}

/**
 * The pass^k column: none when every group had one try per (task, seed) (pass^1 is the success rate); one k in the
 * header when all groups share it; otherwise k in each cell.
 */
export function passKColumn(summary: ReportSummary): { header: string; cell: (g: GroupSummary) => string } | null {
  const ks = [...new Set(summary.groups.filter((g) => g.scored > 0).map((g) => g.k))];
  if (ks.every((k) => k === 1)) return null;
  const value = (g: GroupSummary) => (g.pass_k === null ? '—' : g.pass_k.toFixed(2));
  if (ks.length === 1) return { header: `pass^k (k=${ks[0]})`, cell: value };
  return { header: 'pass^k', cell: (g) => (g.pass_k === null ? '—' : `${value(g)} (k=${g.k})`) };
}

/** The failed episodes of a group: `—` when none, else the count and the error rate. */
export function errorCell(g: GroupSummary): string {
  return g.errors === 0 ? '—' : `${g.errors} (${fmt.pct(g.error_rate)})`;
}

/** The score cell: `—` when no episode of the group was scored (every one failed). */
export function scoreCell(g: GroupSummary, withCi: boolean): string {
  if (g.scored === 0) return '—';
  return withCi ? `${fmt.score(g.mean_score)} ${fmt.ci(g.ci95)}` : fmt.score(g.mean_score);
}

/** The results table and per-criterion tables as GitHub-flavoured Markdown. */
export function renderMarkdown(summary: ReportSummary): string {
  const llm = usesLlm(summary);
  const passK = passKColumn(summary);
  const header = ['Agent', 'Task', 'Episodes', 'Errors', 'Mean score (95% CI)', 'Success', ...(passK ? [passK.header] : []), 'Steps', 'Time to mitigate (sim min)', ...(llm ? ['Tokens / episode', 'Cost / episode'] : [])];
  const row = (g: GroupSummary) => [
    g.agent,
    g.task_id === ALL_TASKS ? '**all tasks**' : g.task_id,
    String(g.episodes),
    errorCell(g),
    scoreCell(g, true),
    g.scored === 0 ? '—' : fmt.pct(g.success_rate),
    ...(passK ? [passK.cell(g)] : []),
    g.scored === 0 ? '—' : fmt.one(g.mean_steps),
    g.mean_time_to_mitigate === null ? '—' : `${fmt.one(g.mean_time_to_mitigate)} (${g.mitigated}/${g.scored})`,
    ...(llm ? (g.llm_calls > 0 ? [fmt.int(g.mean_tokens), fmt.usd(g.mean_cost_usd)] : ['—', '—']) : []),
  ];
  const rows = summary.agents.flatMap((agent) => [
    ...summary.groups.filter((g) => g.agent === agent).map(row),
    ...(summary.groups.filter((g) => g.agent === agent).length > 1 ? summary.overall.filter((g) => g.agent === agent).map(row) : []),
  ]);
  const out = ['# Firedrill evaluation report', ''];
  if (summary.runs.length) out.push(`Runs: ${summary.runs.map((r) => `\`${r.id}\` (${r.source}, ${r.created_at})`).join(', ')}`, '');
  out.push(table(header, rows), '');
  out.push(renderEstimatesMarkdown([...summary.groups, ...summary.overall.filter((g) => summary.groups.filter((x) => x.agent === g.agent).length > 1)]));
  out.push('## Per-criterion means', '');
  for (const task of summary.tasks) {
    const groups = summary.groups.filter((g) => g.task_id === task);
    const names = [...new Set(groups.flatMap((g) => Object.keys(g.criteria)))];
    if (names.length === 0) continue;
    out.push(`### ${task}`, '', table(['Agent', ...names], groups.map((g) => [g.agent, ...names.map((n) => (n in g.criteria ? (g.criteria[n] as number).toFixed(3) : '—'))]), 1), '');
  }
  out.push(
    `Mean score: grade-report score in [0, 1]; 95% CI: percentile bootstrap of the mean (${summary.bootstrap.resamples} resamples, seed ${summary.bootstrap.seed}). ` +
      'Errors: episodes that failed (the agent, its LLM endpoint or the environment) and their share; they are left out of every other figure, and a rerun plays them again. ' +
      'Success: the grade report\'s verdict. ' +
      (passK ? 'pass^k: chance that all k tries of the same task and seed succeed (unbiased per-seed estimate, averaged). ' : '') +
      'Time to mitigate: simulated minutes from onset, over the episodes that mitigated.' +
      (llm ? ' Tokens and cost: as reported by the endpoint (estimated at 4 characters a token when it reports none), priced with --price-input/--price-output.' : ''),
    '',
  );
  return out.join('\n');
}

/** A Markdown table whose first `labelColumns` columns are left-aligned and the rest right-aligned. */
export function table(header: string[], rows: string[][], labelColumns = 2): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [`| ${header.map(esc).join(' | ')} |`, `|${header.map((_, i) => (i < labelColumns ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const r of rows) lines.push(`| ${r.map(esc).join(' | ')} |`);
  return lines.join('\n');
}
