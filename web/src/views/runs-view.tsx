import type { ChartConfiguration } from 'chart.js';
import { useEffect, useMemo, useState } from 'preact/hooks';

import type { ReportGroupView, RunDetail, RunList, RunReportView } from '../../../src/contracts/runs.js';
import { errorText, readClient } from '../api.js';
import { ChartCanvas, PALETTE } from '../components/chart.js';
import { fixed, percent, score, shortDate } from '../lib/format.js';
import { href, type Route } from '../routing.js';

function RunTable({ list }: { list: RunList }) {
  const [chosen, setChosen] = useState<string[]>([]);
  if (list.runs.length === 0)
    return (
      <p>
        {list.store
          ? `No runs yet. This server looks for its run store at ${list.store}, again on every visit; \`firedrill eval --db ${list.store} …\` stores runs there.`
          : 'This server has no run store; start it with --runs-db PATH.'}
      </p>
    );
  const toggle = (id: string, on: boolean) => setChosen((c) => (on ? [...c, id] : c.filter((x) => x !== id)));
  return (
    <>
      <p class="small muted">Store: {list.store}</p>
      <div class="table-wrap" tabIndex={0} role="region" aria-label="Evaluation runs">
        <table class="runs">
          <thead>
            <tr>
              <th scope="col">
                <span class="visually-hidden">Compare</span>
              </th>
              <th scope="col">Run</th>
              <th scope="col">Created</th>
              <th scope="col">Status</th>
              <th scope="col">Agents</th>
              <th scope="col">Tasks</th>
              <th scope="col">Episodes</th>
              <th scope="col">Mean score</th>
            </tr>
          </thead>
          <tbody>
            {list.runs.map((r) => (
              <tr key={r.id} data-run={r.id}>
                <td>
                  <input type="checkbox" checked={chosen.includes(r.id)} onChange={(e) => toggle(r.id, e.currentTarget.checked)} aria-label={`Choose ${r.id} for comparison`} />
                </td>
                <th scope="row">
                  <a href={href('runs', [r.id])}>{r.id}</a>
                </th>
                <td class="nowrap">{shortDate(r.created_at)}</td>
                <td>{r.status}</td>
                <td>{r.agents.join(', ')}</td>
                <td>{r.tasks.join(', ')}</td>
                <td class="num">
                  {r.episodes}
                  {r.episodes === r.planned_episodes ? '' : ` / ${r.planned_episodes}`}
                </td>
                <td class="num">{score(r.mean_score)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a class={`button ${chosen.length < 2 ? 'disabled' : ''}`} href={chosen.length < 2 ? undefined : href('runs', [], { compare: chosen.join(',') })} aria-disabled={chosen.length < 2}>
          Compare {chosen.length} chosen runs
        </a>{' '}
        <span class="small muted">Choose two or more runs; agents of one run are always compared side by side in its page.</span>
      </p>
    </>
  );
}

function scoreChart(report: RunReportView): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels: report.tasks,
      datasets: report.agents.map((agent, i) => ({
        label: agent,
        data: report.tasks.map((t) => report.groups.find((g) => g.agent === agent && g.task_id === t)?.mean_score ?? null),
        backgroundColor: PALETTE[i % PALETTE.length],
      })),
    },
    options: { scales: { y: { min: 0, max: 1, title: { display: true, text: 'mean score' } } }, plugins: { legend: { position: 'bottom' } } },
  } as ChartConfiguration;
}

const ROWS: { label: string; value: (g: ReportGroupView) => string }[] = [
  { label: 'Episodes', value: (g) => String(g.episodes) },
  { label: 'Failed (not scored)', value: (g) => (g.errors === 0 ? '—' : `${g.errors} (${percent(g.error_rate)})`) },
  { label: 'Mean score', value: (g) => fixed(g.mean_score, 3) },
  { label: '95% CI', value: (g) => `${fixed(g.ci95[0], 3)} – ${fixed(g.ci95[1], 3)}` },
  { label: 'Success rate', value: (g) => percent(g.success_rate) },
  { label: 'pass^k', value: (g) => (g.pass_k === null ? '—' : `${fixed(g.pass_k, 3)} (k=${g.k})`) },
  { label: 'Mean steps', value: (g) => fixed(g.mean_steps, 1) },
  { label: 'Mitigated', value: (g) => `${g.mitigated} / ${g.episodes}` },
  { label: 'Mean time to mitigate (sim. min)', value: (g) => fixed(g.mean_time_to_mitigate, 1) },
  { label: 'Mean tokens', value: (g) => fixed(g.mean_tokens, 0) },
  { label: 'Cost (USD)', value: (g) => fixed(g.cost_usd, 4) },
];

/** Agents side by side: overall figures, per-criterion means, and mean score per task. */
function AgentComparison({ report }: { report: RunReportView }) {
  const chart = useMemo(() => scoreChart(report), [report]);
  const criteria = [...new Set(report.overall.flatMap((g) => Object.keys(g.criteria)))];
  return (
    <div class="comparison">
      <div class="table-wrap" tabIndex={0} role="region" aria-label="Agents side by side">
        <table class="compare" data-testid="agent-comparison">
          <caption>Agents side by side (all tasks)</caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              {report.overall.map((g) => (
                <th scope="col" key={g.agent}>
                  {g.agent}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ROWS.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {report.overall.map((g) => (
                  <td class="num" key={g.agent}>
                    {row.value(g)}
                  </td>
                ))}
              </tr>
            ))}
            {criteria.map((c) => (
              <tr key={c}>
                <th scope="row">Criterion: {c}</th>
                {report.overall.map((g) => (
                  <td class="num" key={g.agent}>
                    {fixed(g.criteria[c], 3)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <figure class="comparison-chart">
        <figcaption>Mean score per task</figcaption>
        <ChartCanvas config={chart} label={`Mean score per task for ${report.agents.join(', ')}.`} height={300} />
      </figure>
      <div class="table-wrap" tabIndex={0} role="region" aria-label="Mean score per task">
        <table class="compare">
          <caption>Mean score per task (success rate)</caption>
          <thead>
            <tr>
              <th scope="col">Task</th>
              {report.agents.map((a) => (
                <th scope="col" key={a}>
                  {a}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.tasks.map((t) => (
              <tr key={t}>
                <th scope="row">{t}</th>
                {report.agents.map((a) => {
                  const g = report.groups.find((x) => x.agent === a && x.task_id === t);
                  return (
                    <td class="num" key={a}>
                      {g ? `${fixed(g.mean_score, 3)} (${percent(g.success_rate)})` : '—'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function RunPage({ id }: { id: string }) {
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const [report, setReport] = useState<RunReportView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    const api = readClient();
    Promise.all([api.run(id), api.report([id])])
      .then(([d, r]) => {
        setDetail(d);
        setReport(r);
      })
      .catch((err: unknown) => setProblem(errorText(err)));
  }, [id]);
  useEffect(() => {
    if (detail) document.getElementById('run-title')?.focus();
  }, [detail]);
  if (problem) return <p class="error panel">{problem}</p>;
  if (!detail || !report) return <p class="panel">Loading the run…</p>;
  const run = detail.run;
  return (
    <>
      <section class="panel" aria-labelledby="run-title">
        <p>
          <a href={href('runs')}>← All runs</a>
        </p>
        <h2 id="run-title" tabIndex={-1}>
          Run {run.id}
        </h2>
        <p class="grade-summary">
          <span>{shortDate(run.created_at)}</span>
          <span>{run.status}</span>
          <span>{run.source}</span>
          <span>
            {run.episodes} episodes ({run.agents.length} agents × {run.tasks.length} tasks × {run.seeds.length} seeds × {run.repeats})
          </span>
          <span>
            <a href={readClient().reportUrl([run.id], 'html')} target="_blank" rel="noopener">
              HTML report
            </a>
          </span>
          <span>
            <a href={readClient().reportUrl([run.id], 'md')} target="_blank" rel="noopener">
              Markdown
            </a>
          </span>
        </p>
        <AgentComparison report={report} />
      </section>
      <section class="panel" aria-labelledby="episodes-heading">
        <h2 id="episodes-heading">Episodes</h2>
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Episodes">
          <table>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Task</th>
                <th scope="col">Seed</th>
                <th scope="col">Repeat</th>
                <th scope="col">Status</th>
                <th scope="col">Score</th>
                <th scope="col">Success</th>
                <th scope="col">Steps</th>
                <th scope="col">TTM</th>
                <th scope="col">
                  <span class="visually-hidden">Replay</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {detail.episodes.map((e) => (
                <tr key={`${e.agent}/${e.task_id}/${e.seed}/${e.repeat}`}>
                  <th scope="row">{e.agent}</th>
                  <td>{e.task_id}</td>
                  <td class="num">{e.seed}</td>
                  <td class="num">{e.repeat}</td>
                  <td>{e.status}</td>
                  <td class="num">{score(e.score)}</td>
                  <td>{e.success ? 'yes' : 'no'}</td>
                  <td class="num">{e.steps}</td>
                  <td class="num">{fixed(e.time_to_mitigate, 0)}</td>
                  <td>
                    <a href={href('replay', [], { run: run.id, agent: e.agent, task: e.task_id, seed: e.seed, repeat: e.repeat })} aria-label={`Replay ${e.agent} on ${e.task_id} seed ${e.seed} repeat ${e.repeat}`}>
                      Replay
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

function ComparePage({ ids }: { ids: string[] }) {
  const [report, setReport] = useState<RunReportView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    readClient()
      .report(ids)
      .then(setReport)
      .catch((err: unknown) => setProblem(errorText(err)));
  }, [ids.join(',')]);
  if (problem) return <p class="error panel">{problem}</p>;
  if (!report) return <p class="panel">Loading the comparison…</p>;
  return (
    <section class="panel" aria-labelledby="compare-title">
      <p>
        <a href={href('runs')}>← All runs</a>
      </p>
      <h2 id="compare-title">Comparing {ids.length} runs</h2>
      <p class="small muted">{ids.join(', ')} · an agent that appears in several runs is shown once per run (agent@run).</p>
      <p>
        <a href={readClient().reportUrl(ids, 'html')} target="_blank" rel="noopener">
          HTML report of the comparison
        </a>
      </p>
      <AgentComparison report={report} />
    </section>
  );
}

/** Evaluation runs from the server's SQLite store: the list, one run with its episodes, or several compared. */
export function RunsView({ route }: { route: Route }) {
  const [list, setList] = useState<RunList | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const id = route.rest[0];
  const compare = route.params.get('compare');
  useEffect(() => {
    if (id !== undefined || compare) return;
    readClient()
      .runs()
      .then(setList)
      .catch((err: unknown) => setProblem(errorText(err)));
  }, [id, compare]);
  if (id !== undefined) return <RunPage id={id} />;
  if (compare) return <ComparePage ids={compare.split(',').filter((s) => s !== '')} />;
  return (
    <section class="panel" aria-labelledby="runs-heading">
      <h2 id="runs-heading">Evaluation runs</h2>
      {problem ? <p class="error">{problem}</p> : list ? <RunTable list={list} /> : <p>Loading runs…</p>}
    </section>
  );
}
