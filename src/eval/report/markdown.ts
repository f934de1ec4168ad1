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

/** The results table and per-criterion tables as GitHub-flavoured Markdown. */
export function renderMarkdown(summary: ReportSummary): string {
  const llm = usesLlm(summary);
  const k = Math.max(1, ...summary.groups.map((g) => g.k));
  const header = ['Agent', 'Task', 'Episodes', 'Mean score (95% CI)', 'Success', `pass^k (k=${k})`, 'Steps', 'Time to mitigate (sim min)', ...(llm ? ['Tokens / episode', 'Cost / episode'] : [])];
  const row = (g: GroupSummary) => [
    g.agent,
    g.task_id === ALL_TASKS ? '**all tasks**' : g.task_id,
    String(g.episodes),
    `${fmt.score(g.mean_score)} ${fmt.ci(g.ci95)}`,
    fmt.pct(g.success_rate),
    g.pass_k === null ? '—' : g.pass_k.toFixed(2),
    fmt.one(g.mean_steps),
    g.mean_time_to_mitigate === null ? '—' : `${fmt.one(g.mean_time_to_mitigate)} (${g.mitigated}/${g.episodes})`,
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
      'Success: the grade report\'s verdict. pass^k: chance that all k tries of the same task and seed succeed (unbiased per-seed estimate, averaged). ' +
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
