import { EpisodeStateSchema, FiredrillError, StepResultSchema } from '../contracts/index.js';
import { Rng, stableStringify } from '../lib/index.js';
import { Environment } from './environment.js';
import type { TaskRegistry } from './registry.js';

export interface CheckEnvOptions {
  tasks: readonly string[];
  seeds: readonly number[];
  /** Random legal steps per rollout. */
  steps?: number;
  onProgress?: (task: string, seed: number) => void;
}

export interface CheckFailure {
  task: string;
  seed: number;
  step: number | null;
  check: string;
  message: string;
}

export interface CheckReport {
  ok: boolean;
  episodes: number;
  steps: number;
  failures: CheckFailure[];
}

/**
 * Gymnasium-style environment checker adapted to Firedrill (DESIGN §1): for every task × seed it verifies seeded
 * determinism over random legal rollouts (canonical JSON of observations, rewards and state), snapshot → restore →
 * identical continuation, schema validity of every observation and state, step-before-reset, rejection of invalid
 * actions without side effects, and finite rewards.
 */
export function checkEnv(registry: TaskRegistry, options: CheckEnvOptions): CheckReport {
  const steps = options.steps ?? 30;
  const failures: CheckFailure[] = [];
  let total = 0;
  let episodes = 0;
  for (const task of options.tasks) {
    for (const seed of options.seeds) {
      options.onProgress?.(task, seed);
      const fail = (check: string, step: number | null, message: string) => failures.push({ task, seed, step, check, message });
      try {
        total += checkOne(registry, task, seed, steps, fail);
        episodes += 1;
      } catch (err) {
        fail('no_exception', null, err instanceof Error ? `${err.name}: ${err.message}` : String(err));
      }
    }
  }
  return { ok: failures.length === 0, episodes, steps: total, failures };
}

/** The episode secret of the determinism check (episode and incident ids depend on it). */
export const CHECK_EPISODE_SECRET = 'firedrill-check-env';

function checkOne(registry: TaskRegistry, task: string, seed: number, steps: number, fail: (check: string, step: number | null, message: string) => void): number {
  const fresh = new Environment(registry);
  try {
    fresh.step({});
    fail('step_before_reset', 0, 'step before reset did not throw');
  } catch (err) {
    if (!(err instanceof FiredrillError) || err.code !== 'RESET_NEEDED') fail('step_before_reset', 0, `expected RESET_NEEDED, got ${String(err)}`);
  }

  // Determinism holds for one episode secret; a fixed one makes the check the same in every process.
  const a = new Environment(registry, { episodeSecret: CHECK_EPISODE_SECRET });
  const b = new Environment(registry, { episodeSecret: CHECK_EPISODE_SECRET });
  const ra = a.reset({ task_id: task, seed });
  const rb = b.reset({ task_id: task, seed });
  if (stableStringify(ra) !== stableStringify(rb)) fail('determinism', 0, 'two resets with the same seed differ');
  validate(a, ra, 0, fail);

  const engine = a.engine;
  if (!engine) throw new Error('no engine after reset');
  const rng = Rng.fromSeed(seed, 0xc4ec);
  const actions: unknown[] = [];
  const prints: string[] = [];
  let snapshot: ReturnType<Environment['snapshot']> | null = null;
  const snapshotAt = Math.floor(steps / 2);
  let done = false;
  let n = 0;
  for (let i = 1; i <= steps && !done; i++) {
    if (i - 1 === snapshotAt) snapshot = JSON.parse(JSON.stringify(a.snapshot())) as ReturnType<Environment['snapshot']>;
    if (i === 3) checkInvalidAction(a, i, fail);
    const action = engine.sampleAction(a.engineState, rng);
    actions.push(action);
    const x = a.step(action);
    const y = b.step(action);
    const fx = stableStringify({ r: x, s: a.state() });
    if (fx !== stableStringify({ r: y, s: b.state() })) fail('determinism', i, `same actions diverged at step ${i} (${describe(action)})`);
    prints.push(fx);
    validate(a, x, i, fail);
    if (x.reward !== null && !Number.isFinite(x.reward)) fail('reward_finite', i, `reward ${x.reward}`);
    done = x.done;
    n = i;
  }

  if (snapshot) {
    const c = new Environment(registry);
    c.restore(snapshot);
    for (let i = snapshotAt + 1; i <= n; i++) {
      const r = c.step(actions[i - 1]);
      if (stableStringify({ r, s: c.state() }) !== prints[i - 1]) {
        fail('snapshot_restore', i, `continuation after restore diverged at step ${i}`);
        break;
      }
    }
  }
  return n;
}

function checkInvalidAction(env: Environment, step: number, fail: (check: string, step: number | null, message: string) => void): void {
  const before = env.fingerprint();
  for (const bad of [{ action_type: '__nope__' }, null, 42, { action_type: 'read_logs', service: 7 }]) {
    try {
      env.step(bad);
      fail('invalid_action', step, `schema-invalid action ${JSON.stringify(bad)} was accepted`);
    } catch (err) {
      if (!(err instanceof FiredrillError) || err.code !== 'VALIDATION_ERROR') fail('invalid_action', step, `expected VALIDATION_ERROR, got ${String(err)}`);
    }
  }
  if (env.fingerprint() !== before) fail('invalid_action', step, 'an invalid action changed the episode');
}

function validate(env: Environment, result: unknown, step: number, fail: (check: string, step: number | null, message: string) => void): void {
  const parsed = StepResultSchema.safeParse(result);
  if (!parsed.success) {
    fail('schema', step, `step result: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return;
  }
  const obs = env.engine?.observationSchema.safeParse(parsed.data.observation);
  if (obs && !obs.success) fail('schema', step, `observation: ${obs.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const st = EpisodeStateSchema.safeParse(env.state());
  if (!st.success) fail('schema', step, `state: ${st.error.issues[0]?.message ?? 'invalid'}`);
}

function describe(action: unknown): string {
  return JSON.stringify(action).slice(0, 120);
}
