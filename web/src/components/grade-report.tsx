import type { CriterionResult, GradeReport } from '../../../src/contracts/episode.js';
import { isRecord, num, offset, records, str } from '../lib/native.js';
import { fixed, score } from '../lib/format.js';
import { JsonView } from './json-view.js';

interface Props {
  report: GradeReport;
  /** The player's own alert classifications, shown beside the true triage. */
  classifications?: Record<string, { severity: string; role: string }>;
  headingLevel?: 2 | 3;
}

function CriterionRows({ c, depth }: { c: CriterionResult; depth: number }) {
  return (
    <>
      <tr class={depth > 0 ? 'child' : ''} data-criterion={c.name} data-depth={depth} data-weight={c.weight} data-score={c.score} data-points={c.points}>
        <th scope="row" style={{ paddingLeft: `${0.5 + depth * 1.25}rem` }}>
          {depth > 0 ? <span aria-hidden="true">↳ </span> : null}
          {c.name}
        </th>
        <td class="num">{score(c.weight)}</td>
        <td class="num">{score(c.score)}</td>
        <td class="num">{score(c.points)}</td>
        <td class="reason">{c.reason}</td>
      </tr>
      {(c.children ?? []).map((child) => (
        <CriterionRows key={child.name} c={child} depth={depth + 1} />
      ))}
    </>
  );
}

const KNOWN_TRUTH = ['roots', 'sustaining', 'remedies', 'mitigated', 'triage', 'faults', 'timeline'];

function GroundTruth({ truth, classifications }: { truth: Record<string, unknown>; classifications: Props['classifications'] }) {
  const roots = records(truth['roots']);
  const sustaining = records(truth['sustaining']);
  const remedies = records(truth['remedies']);
  const triage = isRecord(truth['triage']) ? Object.entries(truth['triage']).filter((e): e is [string, Record<string, unknown>] => isRecord(e[1])) : [];
  const faults = records(truth['faults']);
  const timeline = records(truth['timeline']);
  const other = Object.fromEntries(Object.entries(truth).filter(([k]) => !KNOWN_TRUTH.includes(k)));
  return (
    <div class="truth">
      {roots.length > 0 || remedies.length > 0 || typeof truth['mitigated'] === 'boolean' ? (
        <dl class="facts">
          {roots.length > 0 ? (
            <>
              <dt>Root cause{roots.length > 1 ? 's' : ''}</dt>
              <dd data-truth="roots">{roots.map((r) => `${str(r['service'])}: ${str(r['fault'])}`).join('; ')}</dd>
            </>
          ) : null}
          {sustaining.length > 0 ? (
            <>
              <dt>Sustaining causes</dt>
              <dd>{sustaining.map((r) => `${str(r['service'])}: ${str(r['fault'])}`).join('; ')}</dd>
            </>
          ) : null}
          {remedies.length > 0 ? (
            <>
              <dt>Remedies that work</dt>
              <dd data-truth="remedies">{remedies.map((r) => `${str(r['fix'])} on ${str(r['service'])}`).join('; ')}</dd>
            </>
          ) : null}
          {typeof truth['mitigated'] === 'boolean' ? (
            <>
              <dt>Mitigated</dt>
              <dd data-truth="mitigated">{truth['mitigated'] ? 'yes' : 'no'}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {triage.length > 0 ? (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="True triage of every alert">
          <table>
            <caption>Alert triage: truth{classifications ? ' and your classification' : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Alert</th>
                <th scope="col">Service</th>
                <th scope="col">Title</th>
                <th scope="col">Priority</th>
                <th scope="col">Role</th>
                {classifications ? <th scope="col">Yours</th> : null}
              </tr>
            </thead>
            <tbody>
              {triage.map(([id, t]) => {
                const mine = classifications?.[id];
                const right = mine && mine.severity === str(t['severity']) && mine.role === str(t['role']);
                return (
                  <tr key={id}>
                    <th scope="row">{id}</th>
                    <td>{str(t['service'])}</td>
                    <td>{str(t['title'])}</td>
                    <td>{str(t['severity'])}</td>
                    <td>{str(t['role']).replace('_', ' ')}</td>
                    {classifications ? <td>{mine ? `${mine.severity} ${mine.role.replace('_', ' ')} ${right ? '✓' : '✗'}` : 'not classified'}</td> : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {faults.length > 0 ? (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Faults">
          <table>
            <caption>Faults</caption>
            <thead>
              <tr>
                <th scope="col">Fault</th>
                <th scope="col">Kind</th>
                <th scope="col">Service</th>
                <th scope="col">Status</th>
                <th scope="col">Resolved at</th>
                <th scope="col">Relapses</th>
              </tr>
            </thead>
            <tbody>
              {faults.map((f) => (
                <tr key={str(f['id'])}>
                  <th scope="row">{str(f['id'])}</th>
                  <td>{str(f['kind'])}</td>
                  <td>{str(f['service'])}</td>
                  <td>{str(f['status'])}</td>
                  <td>{num(f['resolved_at']) === null ? '—' : offset(num(f['resolved_at']) ?? 0)}</td>
                  <td class="num">{str(f['relapses'], '0')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {timeline.length > 0 ? (
        <details>
          <summary>World timeline ({timeline.length} events)</summary>
          <ol class="timeline">
            {timeline.map((e, i) => (
              <li key={i}>
                <span class="mono">{offset(num(e['minute']) ?? 0)}</span> {str(e['type'])}{' '}
                {Object.entries(e)
                  .filter(([k]) => k !== 'minute' && k !== 'type')
                  .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
                  .join(' ')}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      {Object.keys(other).length > 0 ? <JsonView value={other} label="Other ground truth" /> : null}
    </div>
  );
}

/** The final grade: every criterion with its weight, score, points and reason; penalties; the ground truth. */
export function GradeReportView({ report, classifications, headingLevel = 2 }: Props) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const Sub = headingLevel === 2 ? 'h3' : 'h4';
  return (
    <section class="panel grade" aria-labelledby="grade-heading" data-testid="grade-report" data-score={report.score} data-success={String(report.success)}>
      <H id="grade-heading" tabIndex={-1}>
        Grade report
      </H>
      <p class="grade-summary">
        <span class={`badge ${report.success ? 'ok' : 'bad'}`}>{report.success ? 'Success' : 'Not a success'}</span>
        <span>
          Score <strong data-field="score">{score(report.score)}</strong>
        </span>
        <span>{report.steps} steps</span>
        {report.elapsed_minutes !== null ? <span>{fixed(report.elapsed_minutes, 0)} simulated minutes</span> : null}
        <span class="muted">
          {report.task_id} · seed {report.seed} · {report.episode_id}
        </span>
      </p>
      <div class="table-wrap" tabIndex={0} role="region" aria-label="Criteria">
        <table class="criteria">
          <caption>Criteria</caption>
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              <th scope="col">Weight</th>
              <th scope="col">Score</th>
              <th scope="col">Points</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {report.criteria.map((c) => (
              <CriterionRows key={c.name} c={c as CriterionResult} depth={0} />
            ))}
          </tbody>
        </table>
      </div>
      {report.penalties.length > 0 ? (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Penalties">
          <table class="penalties">
            <caption>Penalties</caption>
            <thead>
              <tr>
                <th scope="col">Penalty</th>
                <th scope="col">Points</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {report.penalties.map((p, i) => (
                <tr key={i} data-penalty={p.name} data-points={p.points}>
                  <th scope="row">{p.name}</th>
                  <td class="num">{score(p.points)}</td>
                  <td class="reason">{p.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No penalties.</p>
      )}
      <Sub>Ground truth</Sub>
      <GroundTruth truth={report.ground_truth} classifications={classifications} />
    </section>
  );
}
