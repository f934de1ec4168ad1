import type { StepResult, Trajectory } from '../contracts/index.js';
import { Environment } from '../env/environment.js';
import type { TaskRegistry } from '../env/registry.js';
import { stableStringify } from '../lib/index.js';

export type ReplayResult =
  | { ok: true; steps: number; skipped: number }
  | { ok: false; step: number; action: unknown; field: string; detail: string };

/**
 * Re-executes a stored trajectory's actions in a fresh in-process environment and checks that every observation,
 * reward, done flag and metadata is byte-identical (canonical JSON), and that rejected actions are rejected again.
 * Agent-side failures (turns without an action) are skipped. Step 0 is the reset.
 */
export function replayTrajectory(t: Trajectory, registry: TaskRegistry): ReplayResult {
  const env = new Environment(registry);
  const first = env.reset(t.header.reset_options);
  const resetDiff = compare(first, t.header);
  if (resetDiff) return { ok: false, step: 0, action: null, ...resetDiff };
  let replayed = 0;
  let skipped = 0;
  for (const s of t.steps) {
    if (s.error && s.error.kind !== 'StepError') {
      skipped += 1;
      continue;
    }
    if (s.error) {
      if (s.error.code !== 'VALIDATION_ERROR') break; // a transport failure ended the recorded episode here
      try {
        env.step(s.action);
      } catch (err) {
        const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'Error';
        if (code !== s.error.code) return { ok: false, step: s.index, action: s.action, field: 'error', detail: `recorded ${s.error.code}, replay raised ${code}` };
        replayed += 1;
        continue;
      }
      return { ok: false, step: s.index, action: s.action, field: 'error', detail: `recorded a rejection (${s.error.code}), replay accepted the action` };
    }
    let result: StepResult;
    try {
      result = env.step(s.action);
    } catch (err) {
      return { ok: false, step: s.index, action: s.action, field: 'error', detail: `replay rejected the action: ${err instanceof Error ? err.message : String(err)}` };
    }
    const diff = compare(result, { observation: s.observation ?? {}, reward: s.reward, done: s.done, metadata: s.metadata ?? {} });
    if (diff) return { ok: false, step: s.index, action: s.action, ...diff };
    replayed += 1;
  }
  return { ok: true, steps: replayed, skipped };
}

function compare(actual: StepResult, recorded: { observation: unknown; reward: number | null; done: boolean; metadata: unknown }): { field: string; detail: string } | null {
  for (const field of ['observation', 'reward', 'done', 'metadata'] as const) {
    const a = stableStringify(actual[field]);
    const r = stableStringify(recorded[field]);
    if (a !== r) return { field, detail: firstDifference(recorded[field], actual[field], field) };
  }
  return null;
}

/** The path of the first difference between two JSON values, with both values. */
export function firstDifference(recorded: unknown, replayed: unknown, path: string): string {
  if (typeof recorded === 'object' && recorded !== null && typeof replayed === 'object' && replayed !== null && Array.isArray(recorded) === Array.isArray(replayed)) {
    const keys = [...new Set([...Object.keys(recorded), ...Object.keys(replayed)])].sort();
    for (const k of keys) {
      const a = (recorded as Record<string, unknown>)[k];
      const b = (replayed as Record<string, unknown>)[k];
      if (stableStringify(a) !== stableStringify(b)) return firstDifference(a, b, Array.isArray(recorded) ? `${path}[${k}]` : `${path}.${k}`);
    }
  }
  const show = (x: unknown) => {
    const s = x === undefined ? '(absent)' : JSON.stringify(x);
    return s.length > 120 ? `${s.slice(0, 117)}...` : s;
  };
  return `${path}: recorded ${show(recorded)}, replayed ${show(replayed)}`;
}
