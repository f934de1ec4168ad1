import { useEffect, useMemo, useRef, useState } from 'preact/hooks';

import type { HttpEnvClient } from '../../../src/client/http-client.js';
import type { GradeReport, ResetOptions, StepResult } from '../../../src/contracts/episode.js';
import type { NativeObservation } from '../../../src/contracts/observation.js';
import type { TaskInfo } from '../../../src/contracts/task.js';
import { errorText, newEnvClient, readClient } from '../api.js';
import { ActionForm } from '../components/action-form.js';
import { AlertList } from '../components/alert-list.js';
import { GradeReportView } from '../components/grade-report.js';
import { IncidentHeader } from '../components/incident-header.js';
import { Investigation } from '../components/investigation.js';
import { ObservationText } from '../components/observation-text.js';
import { PostmortemEditor } from '../components/postmortem-editor.js';
import { HistoryList } from '../components/history-list.js';
import { actionLabel, signed } from '../lib/format.js';
import { alertsOf, isRecord, nativeObservation, num, offset, str, strings } from '../lib/native.js';
import { type ActionForms, actionForms, type FieldSpec } from '../lib/schema-form.js';
import { applyStep, draftTimeline, emptyTelemetry, type Telemetry } from '../lib/telemetry.js';
import type { Route } from '../routing.js';

interface Episode {
  taskId: string;
  seed: number;
  forms: ActionForms;
  last: StepResult;
  native: NativeObservation | null;
  telemetry: Telemetry;
  totalReward: number;
  report: GradeReport | null;
  sessionId: string | null;
  /** Distinguishes episodes for focus management. */
  serial: number;
}

const SOURCE_LABELS: Record<string, string> = {
  native: 'Native incidents',
  curated: 'Curated incidents',
  generated: 'Generated families (the seed picks the incident)',
  'sre-incident-response': 'Compat: sre-incident-response',
  'devops-incident-response': 'Compat: devops-incident-response',
  user: 'User tasks',
};

function TaskPicker({ tasks, initialTask, initialSeed, onStart, busy }: { tasks: TaskInfo[]; initialTask: string; initialSeed: string; onStart: (taskId: string, seed: number, profile: string) => void; busy: boolean }) {
  const [taskId, setTaskId] = useState(tasks.some((t) => t.id === initialTask) ? initialTask : (tasks[0]?.id ?? ''));
  const [seed, setSeed] = useState(initialSeed);
  const [profile, setProfile] = useState('');
  const [problem, setProblem] = useState('');
  const task = tasks.find((t) => t.id === taskId);
  const sources = [...new Set(tasks.map((t) => t.source))];
  return (
    <form
      class="panel task-picker"
      aria-labelledby="picker-heading"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const n = Number(seed.trim());
        if (seed.trim() === '' || !Number.isSafeInteger(n) || n < 0) {
          setProblem('The seed must be a whole number, 0 or more.');
          document.getElementById('seed')?.focus();
          return;
        }
        setProblem('');
        onStart(taskId, n, profile);
      }}
    >
      <h2 id="picker-heading">Start an incident</h2>
      <div class="picker-fields">
        <div class="field">
          <label for="task">Task</label>
          <select id="task" value={taskId} onChange={(e) => setTaskId(e.currentTarget.value)} aria-describedby="task-hint">
            {sources.map((s) => (
              <optgroup key={s} label={SOURCE_LABELS[s] ?? s}>
                {tasks
                  .filter((t) => t.source === s)
                  .map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name} ({t.id}, {t.difficulty})
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
          <p id="task-hint" class="hint">
            {task ? `${task.description} Up to ${task.max_steps} steps.` : ''}
          </p>
        </div>
        <div class="field">
          <label for="seed">Seed</label>
          <input id="seed" type="text" inputMode="numeric" value={seed} onInput={(e) => setSeed(e.currentTarget.value)} aria-describedby="seed-hint" aria-invalid={problem ? true : undefined} size={8} />
          <p id="seed-hint" class="hint">
            Same task and seed, same incident. {task?.source === 'generated' ? 'Each seed generates a different incident of this family.' : ''}
          </p>
          {problem ? (
            <p class="field-error" role="alert">
              {problem}
            </p>
          ) : null}
        </div>
        <div class="field">
          <label for="profile">Reward profile</label>
          <select id="profile" value={profile} onChange={(e) => setProfile(e.currentTarget.value)}>
            <option value="">task default</option>
            <option value="delta">delta</option>
            <option value="cumulative">cumulative</option>
            <option value="seed2">seed2</option>
          </select>
        </div>
      </div>
      <button type="submit" class="primary" disabled={busy || taskId === ''}>
        Start incident
      </button>
    </form>
  );
}

function suggestionsFor(ep: Episode): (f: FieldSpec) => string[] {
  const alerts = ep.native ? alertsOf(ep.native) : [];
  const obs = ep.last.observation;
  return (f) => {
    const name = f.name.toLowerCase();
    if (name === 'service' || name.endsWith('_service')) return [...new Set([...ep.telemetry.order, ...alerts.map((a) => a.service), ...strings(obs['available_services'])])];
    if (name === 'alert_id') return alerts.map((a) => a.id);
    if (name === 'metric') return [...new Set(Object.values(ep.telemetry.metrics).flatMap((m) => Object.keys(m)))];
    if (name === 'version') return [...new Set((ep.telemetry.deploys?.deploys ?? []).flatMap((d) => [d.previous, d.version]))];
    return [];
  };
}

/** The episode in play survives switching to another view and back (its session stays open on the server). */
const kept: { episode: Episode | null; client: HttpEnvClient | null; status: string; serial: number; focused: number } = { episode: null, client: null, status: '', serial: 0, focused: 0 };

/** Play an incident by hand through the same HTTP API agents use. */
export function PlayView({ route }: { route: Route }) {
  const [tasks, setTasks] = useState<TaskInfo[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [episode, setEpisode] = useState<Episode | null>(kept.episode);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState(kept.status);
  const [failure, setFailure] = useState<string | null>(null);
  const client = useRef<HttpEnvClient | null>(kept.client);
  const serial = useRef(kept.serial);

  useEffect(() => {
    readClient()
      .tasks()
      .then(setTasks)
      .catch((err: unknown) => setLoadError(errorText(err)));
  }, []);
  useEffect(() => {
    kept.episode = episode;
    kept.client = client.current;
    kept.serial = serial.current;
  }, [episode]);
  useEffect(() => {
    kept.status = status;
  }, [status]);

  const start = async (taskId: string, seed: number, profile: string) => {
    setBusy(true);
    setFailure(null);
    try {
      const schema = await readClient().schema(taskId);
      client.current ??= newEnvClient();
      const first = await client.current.reset({ task_id: taskId, seed, ...(profile === '' ? {} : { reward_profile: profile as NonNullable<ResetOptions['reward_profile']> }) });
      serial.current += 1;
      setEpisode({
        taskId,
        seed,
        forms: actionForms(schema.action),
        last: first,
        native: nativeObservation(first.observation),
        telemetry: emptyTelemetry(),
        totalReward: 0,
        report: null,
        sessionId: client.current.session,
        serial: serial.current,
      });
      setStatus(`Started ${taskId} with seed ${seed}.`);
      window.history.replaceState(null, '', `#/play?task=${encodeURIComponent(taskId)}&seed=${seed}`);
    } catch (err) {
      setFailure(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const act = async (action: Record<string, unknown>): Promise<boolean> => {
    const ep = episode;
    const env = client.current;
    if (!ep || !env || busy || ep.last.done) return false;
    setBusy(true);
    setFailure(null);
    try {
      const before = ep.native?.incident.elapsed_minutes ?? 0;
      const result = await env.step(action);
      const native = nativeObservation(result.observation);
      const telemetry = applyStep(ep.telemetry, action, before, result);
      const grade = result.done ? (isRecord(result.metadata['grade_report']) ? (result.metadata['grade_report'] as unknown as GradeReport) : await env.report()) : null;
      setEpisode({ ...ep, last: result, native, telemetry, totalReward: ep.totalReward + (result.reward ?? 0), report: grade });
      const entry = telemetry.history.at(-1);
      setStatus(`Step ${entry?.step ?? ''}${native ? ` at ${offset(before)}` : ''}: ${actionLabel(action)} — ${entry?.summary ?? ''} Reward ${signed(result.reward)}.${result.done ? ' The episode is over; the grade report follows.' : ''}`);
      return true;
    } catch (err) {
      setFailure(`${actionLabel(action)} was not accepted: ${errorText(err)}`);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const actAndForget = (a: Record<string, unknown>) => void act(a);

  // Focus follows the episode: its header when it starts, the grade when it ends (not again on coming back).
  useEffect(() => {
    if (!episode || kept.focused === episode.serial * 2 + (episode.report ? 1 : 0)) return;
    kept.focused = episode.serial * 2 + (episode.report ? 1 : 0);
    document.getElementById(episode.report ? 'grade-heading' : 'incident-title')?.focus();
  }, [episode?.serial, episode?.report]);

  const available = useMemo(() => new Set(episode?.forms.variants.map((v) => v.type) ?? []), [episode?.forms]);
  const postmortem = episode?.forms.variants.find((v) => v.type === 'write_postmortem');
  const hiddenInForm = useMemo(() => new Set(postmortem ? ['write_postmortem'] : []), [postmortem]);
  const classify = episode?.forms.variants.find((v) => v.type === 'classify_alert');
  const triage = classify
    ? {
        severities: (classify.fields.find((f) => f.name === 'severity')?.options ?? []).map(String),
        roles: (classify.fields.find((f) => f.name === 'role')?.options ?? []).map(String),
      }
    : null;

  if (loadError) return <p class="error panel">The task list could not be loaded: {loadError}</p>;
  if (!tasks) return <p class="panel">Loading tasks…</p>;
  const done = episode?.last.done ?? false;
  const scoreSoFar = episode ? num(episode.last.metadata['score']) : null;
  return (
    <div class="play">
      {episode ? (
        <details class="panel new-incident">
          <summary>Start another incident</summary>
          <TaskPicker tasks={tasks} initialTask={episode.taskId} initialSeed={String(episode.seed)} onStart={(t, s, p) => void start(t, s, p)} busy={busy} />
        </details>
      ) : (
        <TaskPicker tasks={tasks} initialTask={route.params.get('task') ?? ''} initialSeed={route.params.get('seed') ?? '0'} onStart={(t, s, p) => void start(t, s, p)} busy={busy} />
      )}
      <div class="status-line" role="status" aria-live="polite" data-testid="action-status">
        {status}
      </div>
      {failure ? (
        <p class="error panel" role="alert">
          {failure}
        </p>
      ) : null}
      {episode ? (
        <>
          {episode.native ? (
            <IncidentHeader obs={episode.native} totalReward={episode.totalReward} scoreSoFar={scoreSoFar} done={done} sessionId={episode.sessionId} />
          ) : (
            <section class="panel" aria-labelledby="incident-title">
              <h2 id="incident-title" tabIndex={-1}>
                {episode.taskId} <span class="muted">seed {episode.seed}</span>
              </h2>
              <p>
                Step {str(episode.last.observation['current_step'] ?? episode.last.observation['step_number'] ?? episode.last.observation['step'] ?? episode.telemetry.history.length)} · last reward{' '}
                <span data-field="last-reward">{signed(episode.last.reward)}</span> · sum of rewards {signed(episode.totalReward)}
                {episode.sessionId ? <span class="mono muted"> · session {episode.sessionId}</span> : null}
              </p>
            </section>
          )}
          {episode.report ? <GradeReportView report={episode.report} classifications={episode.telemetry.classifications} /> : null}
          <div class="play-grid">
            <div class="col-main">
              {episode.native ? (
                <>
                  <Investigation
                    key={episode.serial}
                    telemetry={episode.telemetry}
                    available={available}
                    {...(done ? {} : { onAct: actAndForget })}
                    busy={busy}
                    idPrefix="play"
                    observation={<ObservationText observation={episode.last.observation} label="Latest observation" />}
                  />
                </>
              ) : (
                <>
                  <section class="panel" aria-labelledby="obs-heading">
                    <h2 id="obs-heading">Observation</h2>
                    <ObservationText observation={episode.last.observation} label="Latest observation" />
                  </section>
                  <section class="panel" aria-labelledby="history-heading">
                    <h2 id="history-heading">History</h2>
                    <HistoryList history={episode.telemetry.history} />
                  </section>
                </>
              )}
            </div>
            <aside class="col-side" aria-label="Alerts and actions">
              {episode.native ? (
                <AlertList
                  alerts={alertsOf(episode.native)}
                  classifications={episode.telemetry.classifications}
                  triage={triage}
                  canAcknowledge={available.has('acknowledge_alert')}
                  {...(done ? {} : { onAct: actAndForget })}
                  busy={busy}
                />
              ) : null}
              {done ? (
                <section class="panel">
                  <h2>Episode over</h2>
                  <p>Start another incident above, or read the grade report.</p>
                </section>
              ) : (
                <>
                  <section class="panel">
                    <ActionForm key={episode.serial} forms={episode.forms} suggestions={suggestionsFor(episode)} onSubmit={act} busy={busy} hidden={hiddenInForm} />
                  </section>
                  {postmortem ? (
                    <section class="panel">
                      <PostmortemEditor
                        key={episode.serial}
                        forms={episode.forms}
                        variant={postmortem}
                        draftTimeline={() => draftTimeline(episode.telemetry, episode.native?.incident.onset ?? '')}
                        written={episode.telemetry.postmortem}
                        onSubmit={act}
                        busy={busy}
                      />
                    </section>
                  ) : null}
                </>
              )}
            </aside>
          </div>
        </>
      ) : null}
    </div>
  );
}
