import { errorCell, fmt, passKColumn, scoreCell, usesLlm } from './markdown.js';
import { ALL_TASKS, type GroupSummary, type ReportSummary } from './summary.js';
import { ciBarChart, escapeXml, groupedBars, histogram, PALETTE } from './svg.js';

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111827; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #e5e7eb; padding-bottom: .3rem; }
table { border-collapse: collapse; margin: 1rem 0; } th, td { padding: .35rem .6rem; border-bottom: 1px solid #e5e7eb; text-align: right; }
th:nth-child(-n+2), td:nth-child(-n+2) { text-align: left; } th { background: #f9fafb; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
svg.chart { background: #fff; border: 1px solid #e5e7eb; border-radius: 6px; padding: 8px; }
svg .title { font-weight: 600; font-size: 13px; } svg .label, svg .legend { font-size: 12px; } svg .tick, svg .value { font-size: 10px; fill: #4b5563; }
.note { color: #4b5563; font-size: 12px; max-width: 900px; }
`;

/** A self-contained HTML report: tables and inline SVG charts, no scripts and no external resources. */
export function renderHtml(summary: ReportSummary): string {
  const color = (agent: string) => PALETTE[summary.agents.indexOf(agent) % PALETTE.length] as string;
  const llm = usesLlm(summary);
  const overall = (agent: string) => summary.overall.find((g) => g.agent === agent) as GroupSummary;

  const agentChart = ciBarChart(
    'chart-agents',
    'Mean score by agent, all tasks (95% CI)',
    summary.agents.map((a) => ({ label: a, value: overall(a).mean_score, lo: overall(a).ci95[0], hi: overall(a).ci95[1], color: color(a) })),
  );
  const perTaskChart = ciBarChart(
    'chart-tasks',
    'Mean score by task and agent (95% CI)',
    summary.groups.map((g) => ({ label: summary.agents.length > 1 ? `${g.task_id} · ${g.agent}` : g.task_id, value: g.mean_score, lo: g.ci95[0], hi: g.ci95[1], color: color(g.agent) })),
  );
  const distributions = summary.tasks.map((task) =>
    histogram(
      'chart-distribution',
      `Score distribution: ${task}`,
      summary.groups.filter((g) => g.task_id === task).map((g) => ({ name: g.agent, color: color(g.agent), values: g.scores })),
      520,
    ),
  );
  const criteria = summary.tasks.flatMap((task) => {
    const groups = summary.groups.filter((g) => g.task_id === task);
    const names = [...new Set(groups.flatMap((g) => Object.keys(g.criteria)))];
    if (names.length === 0) return [];
    return [groupedBars('chart-criteria', `Per-criterion means: ${task}`, names, groups.map((g) => ({ name: g.agent, color: color(g.agent), values: names.map((n) => g.criteria[n] ?? null) })), 520)];
  });

  const passK = passKColumn(summary);
  const head = ['Agent', 'Task', 'Episodes', 'Errors', 'Mean score', '95% CI', 'Success', ...(passK ? [passK.header] : []), 'Steps', 'Time to mitigate', ...(llm ? ['Tokens / ep.', 'Cost / ep.', 'Total cost'] : [])];
  const multiTask = (agent: string) => summary.groups.filter((g) => g.agent === agent).length > 1;
  const rows = [...summary.groups, ...summary.overall.filter((g) => multiTask(g.agent))].map((g) =>
    [
      g.agent,
      g.task_id === ALL_TASKS ? 'all tasks' : g.task_id,
      String(g.episodes),
      errorCell(g),
      scoreCell(g, false),
      g.scored === 0 ? '—' : fmt.ci(g.ci95),
      g.scored === 0 ? '—' : fmt.pct(g.success_rate),
      ...(passK ? [passK.cell(g)] : []),
      fmt.one(g.mean_steps),
      g.mean_time_to_mitigate === null ? '—' : `${fmt.one(g.mean_time_to_mitigate)} min`,
      ...(llm ? (g.llm_calls > 0 ? [fmt.int(g.mean_tokens), fmt.usd(g.mean_cost_usd), fmt.usd(g.cost_usd)] : ['—', '—', '—']) : []),
    ],
  );
  const runs = summary.runs.length ? `<p class="note">Runs: ${summary.runs.map((r) => `<code>${escapeXml(r.id)}</code> (${escapeXml(r.source)}, ${escapeXml(r.created_at)})`).join(', ')}</p>` : '';

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Firedrill evaluation report</title><style>${STYLE}</style></head>
<body>
<h1>Firedrill evaluation report</h1>
${runs}
<p class="note">${summary.agents.length} agent(s) × ${summary.tasks.length} task(s); ${summary.overall.reduce((a, g) => a + g.episodes, 0)} episodes, ${summary.overall.reduce((a, g) => a + g.errors, 0)} failed (left out of the scores).</p>
<h2>Results</h2>
<table><thead><tr>${head.map((h) => `<th>${escapeXml(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeXml(c)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>
<p class="note">95% CI: percentile bootstrap of the mean (${summary.bootstrap.resamples} resamples, seed ${summary.bootstrap.seed}). Errors: episodes that failed (agent, LLM endpoint or environment), never counted as scores. pass^k: chance that all k tries of a task and seed succeed. Time to mitigate: simulated minutes, over the episodes that mitigated.</p>
<h2>Agent comparison</h2>
<div class="charts">${agentChart}${perTaskChart}</div>
<h2>Score distribution per task</h2>
<div class="charts">${distributions.join('')}</div>
<h2>Per-criterion means</h2>
<div class="charts">${criteria.join('')}</div>
</body></html>
`;
}
