import type { ChartConfiguration } from 'chart.js';
import { useEffect, useMemo, useState } from 'preact/hooks';

import type { RunDetail, RunListItem } from '../../../src/contracts/runs.js';
import { errorText, readClient } from '../api.js';
import { AlertList } from '../components/alert-list.js';
import { ChartCanvas } from '../components/chart.js';
import { GradeReportView } from '../components/grade-report.js';
import { IncidentHeader } from '../components/incident-header.js';
import { Investigation } from '../components/investigation.js';
import { JsonView } from '../components/json-view.js';
import { ObservationText } from '../components/observation-text.js';
import { actionLabel, score, shortDate, signed } from '../lib/format.js';
import { alertsOf, nativeObservation } from '../lib/native.js';
import { type Frame, parseTrajectory, type Replay, replayOfEpisode, replayOfTrajectory } from '../lib/replay.js';
import { href, type Route } from '../routing.js';

const NO_ACTIONS: ReadonlySet<string> = new Set();

function rewardChart(frames: Frame[], current: number): ChartConfiguration {
  const steps = frames.slice(1);
  return {
    type: 'bar',
    data: {
      labels: steps.map((f) => String(f.index)),
      datasets: [
        {
          type: 'bar',
          label: 'Step reward',
          data: steps.map((f) => f.reward ?? 0),
          backgroundColor: steps.map((f, i) => (i + 1 === current ? '#111827' : (f.reward ?? 0) < 0 ? '#d9480f' : '#2f9e44')),
          yAxisID: 'y',
        },
        { type: 'line', label: 'Cumulative', data: steps.map((f) => f.cumulative), borderColor: '#1f6feb', pointRadius: 2, borderWidth: 2, yAxisID: 'y' },
      ],
    },
    options: {
      scales: { x: { title: { display: true, text: 'step' }, ticks: { maxTicksLimit: 20 } }, y: { ticks: { maxTicksLimit: 6 } } },
      plugins: { legend: { position: 'bottom' } },
    },
  } as ChartConfiguration;
}

function Stepper({ frames, index, onIndex }: { frames: Frame[]; index: number; onIndex: (i: number) => void }) {
  const last = frames.length - 1;
  return (
    <div class="stepper" role="group" aria-label="Step through the episode">
      <button type="button" onClick={() => onIndex(0)} disabled={index === 0} aria-label="First step (the reset)">
        « First
      </button>
      <button type="button" onClick={() => onIndex(index - 1)} disabled={index === 0} aria-label="Previous step">
        ‹ Prev
      </button>
      <label class="range">
        <span class="visually-hidden">Step</span>
        <input type="range" min={0} max={last} value={index} onInput={(e) => onIndex(Number(e.currentTarget.value))} aria-valuetext={index === 0 ? 'reset' : `step ${index} of ${last}`} />
      </label>
      <button type="button" onClick={() => onIndex(index + 1)} disabled={index === last} aria-label="Next step">
        Next ›
      </button>
      <button type="button" onClick={() => onIndex(last)} disabled={index === last} aria-label="Last step">
        Last »
      </button>
      <span class="step-of" aria-live="polite" data-testid="replay-position">
        {index === 0 ? 'Reset' : `Step ${index}`} of {last}
      </span>
    </div>
  );
}

function FrameView({ replay, frame }: { replay: Replay; frame: Frame }) {
  const native = frame.observation ? nativeObservation(frame.observation) : null;
  const step = (
    <section class="panel frame-action" aria-labelledby="frame-heading">
      <h2 id="frame-heading">{frame.index === 0 ? 'Reset' : `Step ${frame.index}`}</h2>
      {frame.index > 0 ? (
        <dl class="facts">
          <dt>Action</dt>
          <dd class="mono" data-field="step-action">
            {actionLabel(frame.action)}
          </dd>
          <dt>Reward</dt>
          <dd data-field="step-reward">{signed(frame.reward)}</dd>
          <dt>Total so far</dt>
          <dd data-field="cumulative">{score(frame.cumulative)}</dd>
          {frame.done ? (
            <>
              <dt>Done</dt>
              <dd>yes</dd>
            </>
          ) : null}
          {frame.error ? (
            <>
              <dt>Error</dt>
              <dd class="bad-text">{frame.error}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p>The observation the agent started from.</p>
      )}
      {frame.index > 0 ? (
        <details>
          <summary>Action JSON</summary>
          <JsonView value={frame.action} label="Action JSON" />
        </details>
      ) : null}
    </section>
  );
  if (!replay.hasObservations) {
    return (
      <div class="frame" data-frame={frame.index}>
        {step}
        <p class="panel">The trajectory file of this episode is gone; the store kept the actions and rewards but not the observations.</p>
      </div>
    );
  }
  if (native) {
    return (
      <div class="frame" data-frame={frame.index}>
        <IncidentHeader obs={native} totalReward={frame.cumulative} scoreSoFar={typeof frame.metadata?.['score'] === 'number' ? frame.metadata['score'] : null} done={frame.done} replay />
        <div class="play-grid">
          <div class="col-main">
            <Investigation telemetry={frame.telemetry} available={NO_ACTIONS} idPrefix="replay" observation={<ObservationText observation={frame.observation ?? {}} label="Observation" />} />
          </div>
          <aside class="col-side" aria-label="This step and the alerts">
            {step}
            <AlertList alerts={alertsOf(native)} classifications={frame.telemetry.classifications} triage={{ severities: [], roles: [] }} canAcknowledge={false} />
          </aside>
        </div>
      </div>
    );
  }
  return (
    <div class="frame" data-frame={frame.index}>
      {step}
      {frame.observation ? (
        <section class="panel" aria-label="Observation">
          <ObservationText observation={frame.observation} label="Observation" />
        </section>
      ) : null}
    </div>
  );
}

function StoreEpisodePicker({ initialRun }: { initialRun: string | null }) {
  const [runs, setRuns] = useState<RunListItem[] | null>(null);
  const [store, setStore] = useState<string | null>(null);
  const [runId, setRunId] = useState(initialRun ?? '');
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    readClient()
      .runs()
      .then((r) => {
        setRuns(r.runs);
        setStore(r.store);
        if (runId === '' && r.runs[0]) setRunId(r.runs[0].id);
      })
      .catch((err: unknown) => setProblem(errorText(err)));
  }, []);
  useEffect(() => {
    if (runId === '') return;
    setDetail(null);
    readClient()
      .run(runId)
      .then(setDetail)
      .catch((err: unknown) => setProblem(errorText(err)));
  }, [runId]);
  if (problem) return <p class="error">{problem}</p>;
  if (!runs) return <p>Loading runs…</p>;
  if (runs.length === 0) return <p>{store ? `No runs in ${store} yet.` : 'This server has no run store (start it with --runs-db PATH).'}</p>;
  return (
    <div>
      <div class="field">
        <label for="replay-run">Run</label>
        <select id="replay-run" value={runId} onChange={(e) => setRunId(e.currentTarget.value)}>
          {runs.map((r) => (
            <option key={r.id} value={r.id}>
              {r.id} — {shortDate(r.created_at)} — {r.agents.join(', ')}
            </option>
          ))}
        </select>
      </div>
      {detail ? (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Episodes of the run">
          <table>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Task</th>
                <th scope="col">Seed</th>
                <th scope="col">Repeat</th>
                <th scope="col">Score</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span class="visually-hidden">Open</span>
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
                  <td class="num">{score(e.score)}</td>
                  <td>{e.status}</td>
                  <td>
                    <a href={href('replay', [], { run: detail.run.id, agent: e.agent, task: e.task_id, seed: e.seed, repeat: e.repeat })} aria-label={`Replay ${e.agent} on ${e.task_id} seed ${e.seed} repeat ${e.repeat}`}>
                      Replay
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Loading episodes…</p>
      )}
    </div>
  );
}

function EpisodeSources({ initialRun, onFile }: { initialRun: string | null; onFile: (file: File) => void }) {
  return (
    <div class="two-col">
      <div>
        <h3>From the eval store</h3>
        <StoreEpisodePicker initialRun={initialRun} />
      </div>
      <div>
        <h3>From a file</h3>
        <div class="field">
          <label for="trajectory-file">Trajectory file (JSONL written by firedrill eval)</label>
          <input
            id="trajectory-file"
            type="file"
            accept=".jsonl,.ndjson,application/jsonl,application/x-ndjson,text/plain"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) onFile(file);
            }}
          />
        </div>
      </div>
    </div>
  );
}

/** Step through a stored episode: observations, actions, the reward timeline and the final grade. */
export function ReplayView({ route }: { route: Route }) {
  const [replay, setReplay] = useState<Replay | null>(null);
  const [index, setIndex] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const p = route.params;
  const key = p.get('run') && p.get('agent') && p.get('task') ? `${p.get('run')}|${p.get('agent')}|${p.get('task')}|${p.get('seed')}|${p.get('repeat')}` : null;

  useEffect(() => {
    if (key === null) return;
    setLoading(true);
    setProblem(null);
    readClient()
      .episode(p.get('run') ?? '', { agent: p.get('agent') ?? '', task_id: p.get('task') ?? '', seed: Number(p.get('seed') ?? 0), repeat: Number(p.get('repeat') ?? 0) })
      .then((d) => {
        setReplay(replayOfEpisode(d));
        setIndex(0);
      })
      .catch((err: unknown) => setProblem(errorText(err)))
      .finally(() => setLoading(false));
  }, [key]);

  useEffect(() => {
    if (replay) document.getElementById('replay-title')?.focus();
  }, [replay]);

  const openFile = async (file: File) => {
    setProblem(null);
    try {
      const r = replayOfTrajectory(parseTrajectory(await file.text(), file.name), file.name);
      setReplay(r);
      setIndex(0);
    } catch (err) {
      setProblem(errorText(err));
    }
  };

  const chart = useMemo(() => (replay ? rewardChart(replay.frames, index) : null), [replay, index]);
  const frame = replay?.frames[Math.min(index, replay.frames.length - 1)];
  const lastFrame = replay?.frames.at(-1);
  return (
    <div class="replay">
      {replay ? (
        <details class="panel new-incident">
          <summary>Open another episode</summary>
          <EpisodeSources initialRun={p.get('run')} onFile={(f) => void openFile(f)} />
        </details>
      ) : (
        <section class="panel" aria-labelledby="replay-open-heading">
          <h2 id="replay-open-heading">Open an episode</h2>
          <EpisodeSources initialRun={p.get('run')} onFile={(f) => void openFile(f)} />
        </section>
      )}
      {loading ? <p class="panel">Loading the episode…</p> : null}
      {problem ? (
        <p class="error panel" role="alert">
          {problem}
        </p>
      ) : null}
      {replay && frame && chart ? (
        <>
          <section class="panel replay-head" aria-labelledby="replay-title">
            <h2 id="replay-title" tabIndex={-1}>
              {replay.title}
            </h2>
            <p class="grade-summary">
              <span>
                Agent <strong>{replay.agent}</strong>
              </span>
              <span>
                Task <strong>{replay.task_id}</strong> seed {replay.seed}
              </span>
              <span>Ended: {replay.status}</span>
              <span>{replay.frames.length - 1} turns</span>
              <span>
                Total reward <strong data-field="total-reward">{score(lastFrame?.cumulative ?? 0)}</strong>
              </span>
              {replay.report ? (
                <span>
                  Score <strong data-field="final-score">{score(replay.report.score)}</strong>
                </span>
              ) : null}
            </p>
            <ChartCanvas config={chart} label={`Reward per step and cumulative reward over ${replay.frames.length - 1} steps; total ${score(lastFrame?.cumulative ?? 0)}.`} height={140} onPick={(i) => setIndex(i + 1)} class="reward-chart" />
            <Stepper frames={replay.frames} index={index} onIndex={(i) => setIndex(Math.max(0, Math.min(replay.frames.length - 1, i)))} />
          </section>
          <FrameView replay={replay} frame={frame} />
          {replay.report ? <GradeReportView report={replay.report} classifications={lastFrame?.telemetry.classifications ?? {}} /> : <p class="panel">This episode has no grade report.</p>}
        </>
      ) : null}
    </div>
  );
}
