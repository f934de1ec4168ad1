import type { GradeReport } from '../../../src/contracts/episode.js';
import type { EpisodeDetail } from '../../../src/contracts/runs.js';
import { type Trajectory, TrajectoryLineSchema, type TrajectoryStep } from '../../../src/contracts/trajectory.js';
import { nativeObservation } from './native.js';
import { applyStep, emptyTelemetry, type Telemetry } from './telemetry.js';

/** One position in a replay: frame 0 is the reset, frame i the i-th turn. */
export interface Frame {
  index: number;
  action: unknown;
  /** Null when the turn made no transition, or when only the store's step rows survive. */
  observation: Record<string, unknown> | null;
  reward: number | null;
  done: boolean;
  metadata: Record<string, unknown> | null;
  error: string | null;
  /** Sum of rewards up to and including this frame. */
  cumulative: number;
  /** What monitoring had shown by this frame (native tasks). */
  telemetry: Telemetry;
}

export interface Replay {
  title: string;
  agent: string;
  task_id: string;
  seed: number;
  status: string;
  frames: Frame[];
  report: GradeReport | null;
  /** False when the observations are gone (the trajectory file was deleted) and only actions and rewards remain. */
  hasObservations: boolean;
}

/** A trajectory from JSONL text (the eval harness's files): header, turns, end, each line checked. */
export function parseTrajectory(text: string, source = 'trajectory'): Trajectory {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const parsed = lines.map((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${source} line ${i + 1}: not valid JSON.`);
    }
    const r = TrajectoryLineSchema.safeParse(value);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new Error(`${source} line ${i + 1}: ${issue ? `${issue.path.join('.') || 'line'}: ${issue.message}` : 'not a trajectory line'}.`);
    }
    return r.data;
  });
  const [header, ...rest] = parsed;
  const end = rest.pop();
  if (header?.type !== 'header') throw new Error(`${source}: the first line must be the trajectory header.`);
  if (end?.type !== 'end') throw new Error(`${source}: the last line must be the end record (is the episode unfinished?).`);
  const steps = rest.filter((l): l is TrajectoryStep => l.type === 'step');
  if (steps.length !== rest.length) throw new Error(`${source}: only step lines may stand between the header and the end.`);
  return { header, steps, end };
}

function withTelemetry(frames: Omit<Frame, 'telemetry' | 'cumulative'>[]): Frame[] {
  let t = emptyTelemetry();
  let total = 0;
  let minute = nativeObservation(frames[0]?.observation)?.incident.elapsed_minutes ?? 0;
  return frames.map((f, i) => {
    total += f.reward ?? 0;
    if (i > 0 && f.observation) {
      t = applyStep(t, f.action, minute, { observation: f.observation, reward: f.reward, done: f.done, metadata: f.metadata ?? {} });
      minute = nativeObservation(f.observation)?.incident.elapsed_minutes ?? minute;
    }
    return { ...f, cumulative: i === 0 ? 0 : total, telemetry: t };
  });
}

export function replayOfTrajectory(t: Trajectory, title: string): Replay {
  const frames = withTelemetry([
    { index: 0, action: null, observation: t.header.observation, reward: t.header.reward, done: t.header.done, metadata: t.header.metadata, error: null },
    ...t.steps.map((s) => ({
      index: s.index,
      action: s.action,
      observation: s.observation,
      reward: s.reward,
      done: s.done,
      metadata: s.metadata,
      error: s.error ? `${s.error.kind}${s.error.code ? ` ${s.error.code}` : ''}: ${s.error.message}` : null,
    })),
  ]);
  return { title, agent: t.header.agent, task_id: t.header.task_id, seed: t.header.seed, status: t.end.status, frames, report: t.end.report, hasObservations: true };
}

/** A stored episode: its trajectory file when the server still has it, otherwise the store's step rows. */
export function replayOfEpisode(d: EpisodeDetail): Replay {
  const title = `${d.episode.agent} on ${d.episode.task_id} seed ${d.episode.seed}${d.episode.repeat > 0 ? ` (repeat ${d.episode.repeat})` : ''}`;
  if (d.trajectory) return { ...replayOfTrajectory(d.trajectory, title), agent: d.episode.agent };
  const frames = withTelemetry([
    { index: 0, action: null, observation: null, reward: null, done: false, metadata: null, error: null },
    ...d.steps.map((s) => ({ index: s.idx, action: s.action, observation: null, reward: s.reward, done: s.done, metadata: null, error: s.error ? `${s.error_kind ?? 'Error'}: ${s.error}` : null })),
  ]);
  return { title, agent: d.episode.agent, task_id: d.episode.task_id, seed: d.episode.seed, status: d.episode.status, frames, report: d.report, hasObservations: false };
}
