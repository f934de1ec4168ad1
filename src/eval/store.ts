import Database from 'better-sqlite3';

import { type EpisodeEndStatus, FAILED_END_STATUSES, type Trajectory } from '../contracts/index.js';
import { digest, stableStringify } from '../lib/index.js';
import type { EpisodeRow } from './episode-row.js';

export const DEFAULT_DB_PATH = './firedrill-runs.db';
const SCHEMA_VERSION = 1;

/** What a run was asked to do; its hash is the run id, so the same command resumes the same run. */
export interface RunConfig {
  agents: { label: string; name: string; options: Record<string, unknown> }[];
  episodes: { task_id: string; seed: number }[];
  repeats: number;
  max_steps: number | null;
  source: string;
  /** Engine version of each task, when known: a changed task does not resume old runs. */
  task_versions?: Record<string, number>;
}

export interface RunRow {
  id: string;
  created_at: string;
  updated_at: string;
  status: 'running' | 'finished' | 'interrupted';
  config: RunConfig;
  out_dir: string;
}

export interface StepRow {
  idx: number;
  action: unknown;
  reward: number | null;
  done: boolean;
  error_kind: string | null;
  error: string | null;
  agent_ms: number;
  env_ms: number;
  prompt_tokens: number;
  completion_tokens: number;
  observation_digest: string | null;
}

export function runIdFor(config: RunConfig): string {
  return `run-${digest(stableStringify({ ...config, agents: config.agents.map((a) => ({ name: a.name, options: a.options })) }))}`;
}

export function episodeKey(e: { agent: string; task_id: string; seed: number; repeat: number }): string {
  return `${e.agent}\u0000${e.task_id}\u0000${e.seed}\u0000${e.repeat}`;
}

/** Runs, episodes and per-step records in one SQLite file. */
export class RunStore {
  readonly db: Database.Database;

  /**
   * Opens (creating and migrating) the store; with `readonly`, opens an existing store for reading only: nothing
   * is created, migrated or switched, and a store of another schema version is refused. A store that fails to
   * open is closed before the error is thrown.
   */
  constructor(
    readonly path: string = DEFAULT_DB_PATH,
    options: { readonly?: boolean } = {},
  ) {
    this.db = options.readonly ? new Database(path, { readonly: true, fileMustExist: true }) : new Database(path);
    try {
      if (options.readonly) {
        const version = this.db.pragma('user_version', { simple: true }) as number;
        if (version !== SCHEMA_VERSION) throw new Error(`${path} has schema version ${version}; this Firedrill reads version ${SCHEMA_VERSION}${version > SCHEMA_VERSION ? ' (written by a newer Firedrill)' : ''}.`);
        this.db.prepare('SELECT count(*) FROM runs').get();
        return;
      }
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.migrate();
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  close(): void {
    this.db.close();
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) throw new Error(`${this.path} was written by a newer Firedrill (schema ${version}).`);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS runs (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        status TEXT NOT NULL,
        config TEXT NOT NULL,
        out_dir TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS episodes (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        agent TEXT NOT NULL,
        task_id TEXT NOT NULL,
        seed INTEGER NOT NULL,
        repeat INTEGER NOT NULL,
        status TEXT NOT NULL,
        score REAL NOT NULL,
        success INTEGER NOT NULL,
        turns INTEGER NOT NULL,
        steps INTEGER NOT NULL,
        total_reward REAL NOT NULL,
        elapsed_minutes REAL,
        time_to_mitigate REAL,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        llm_calls INTEGER NOT NULL,
        wall_ms REAL NOT NULL,
        criteria TEXT NOT NULL,
        report TEXT,
        error TEXT,
        trajectory_path TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        PRIMARY KEY (run_id, agent, task_id, seed, repeat)
      );
      CREATE TABLE IF NOT EXISTS steps (
        run_id TEXT NOT NULL,
        agent TEXT NOT NULL,
        task_id TEXT NOT NULL,
        seed INTEGER NOT NULL,
        repeat INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        action TEXT,
        reward REAL,
        done INTEGER NOT NULL,
        error_kind TEXT,
        error TEXT,
        agent_ms REAL NOT NULL,
        env_ms REAL NOT NULL,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        observation_digest TEXT,
        PRIMARY KEY (run_id, agent, task_id, seed, repeat, idx),
        FOREIGN KEY (run_id, agent, task_id, seed, repeat) REFERENCES episodes(run_id, agent, task_id, seed, repeat) ON DELETE CASCADE
      );
    `);
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }

  /** Creates the run, or marks an existing one running again (a resumed run). */
  openRun(id: string, config: RunConfig, outDir: string, now: string): RunRow {
    const existing = this.getRun(id);
    if (existing) {
      this.db.prepare('UPDATE runs SET status = ?, updated_at = ? WHERE id = ?').run('running', now, id);
      return { ...existing, status: 'running', updated_at: now };
    }
    this.db.prepare('INSERT INTO runs (id, created_at, updated_at, status, config, out_dir) VALUES (?, ?, ?, ?, ?, ?)').run(id, now, now, 'running', JSON.stringify(config), outDir);
    return { id, created_at: now, updated_at: now, status: 'running', config, out_dir: outDir };
  }

  setRunStatus(id: string, status: RunRow['status'], now: string): void {
    this.db.prepare('UPDATE runs SET status = ?, updated_at = ? WHERE id = ?').run(status, now, id);
  }

  getRun(id: string): RunRow | null {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    return row ? toRun(row) : null;
  }

  /** Runs, newest first, with their stored episodes, failures among them, and the mean score of the rest. */
  listRuns(): (RunRow & { episodes: number; failed: number; mean_score: number | null })[] {
    const failed = FAILED_END_STATUSES.map((s) => `'${s}'`).join(', ');
    const rows = this.db
      .prepare(
        `SELECT r.*, COUNT(e.seed) AS episodes, COUNT(CASE WHEN e.status IN (${failed}) THEN 1 END) AS failed,
         AVG(CASE WHEN e.status NOT IN (${failed}) THEN e.score END) AS mean_score
         FROM runs r LEFT JOIN episodes e ON e.run_id = r.id GROUP BY r.id ORDER BY r.created_at DESC, r.id`,
      )
      .all() as Record<string, unknown>[];
    return rows.map((r) => ({ ...toRun(r), episodes: Number(r['episodes']), failed: Number(r['failed']), mean_score: r['mean_score'] === null ? null : Number(r['mean_score']) }));
  }

  /** Keys (episodeKey) of the episodes of a run already played (failures excluded): a rerun skips them. */
  finishedKeys(runId: string): Set<string> {
    const failed = FAILED_END_STATUSES.map(() => '?').join(', ');
    const rows = this.db.prepare(`SELECT agent, task_id, seed, repeat FROM episodes WHERE run_id = ? AND status NOT IN (${failed})`).all(runId, ...FAILED_END_STATUSES) as { agent: string; task_id: string; seed: number; repeat: number }[];
    return new Set(rows.map(episodeKey));
  }

  saveEpisode(record: EpisodeRow, trajectory: Trajectory): void {
    const insertEpisode = this.db.prepare(`INSERT OR REPLACE INTO episodes (run_id, agent, task_id, seed, repeat, status, score, success, turns, steps, total_reward,
      elapsed_minutes, time_to_mitigate, prompt_tokens, completion_tokens, cost_usd, llm_calls, wall_ms, criteria, report, error, trajectory_path, started_at, finished_at)
      VALUES (@run_id, @agent, @task_id, @seed, @repeat, @status, @score, @success, @turns, @steps, @total_reward, @elapsed_minutes, @time_to_mitigate,
      @prompt_tokens, @completion_tokens, @cost_usd, @llm_calls, @wall_ms, @criteria, @report, @error, @trajectory_path, @started_at, @finished_at)`);
    const deleteSteps = this.db.prepare('DELETE FROM steps WHERE run_id = ? AND agent = ? AND task_id = ? AND seed = ? AND repeat = ?');
    const insertStep = this.db.prepare(`INSERT INTO steps (run_id, agent, task_id, seed, repeat, idx, action, reward, done, error_kind, error, agent_ms, env_ms,
      prompt_tokens, completion_tokens, observation_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const k = [record.run_id, record.agent, record.task_id, record.seed, record.repeat] as const;
    this.db.transaction(() => {
      deleteSteps.run(...k);
      insertEpisode.run({ ...record, success: record.success ? 1 : 0, criteria: JSON.stringify(record.criteria), report: record.report ? JSON.stringify(record.report) : null });
      for (const s of trajectory.steps) {
        insertStep.run(...k, s.index, JSON.stringify(s.action ?? null), s.reward, s.done ? 1 : 0, s.error?.kind ?? null, s.error?.message ?? null, s.agent_ms, s.env_ms,
          s.usage.prompt_tokens, s.usage.completion_tokens, s.observation ? digest(stableStringify(s.observation)) : null);
      }
    })();
  }

  episodes(runId: string): EpisodeRow[] {
    const rows = this.db.prepare('SELECT * FROM episodes WHERE run_id = ? ORDER BY agent, task_id, seed, repeat').all(runId) as Record<string, unknown>[];
    return rows.map(toEpisode);
  }

  steps(key: { run_id: string; agent: string; task_id: string; seed: number; repeat: number }): StepRow[] {
    const rows = this.db.prepare('SELECT * FROM steps WHERE run_id = ? AND agent = ? AND task_id = ? AND seed = ? AND repeat = ? ORDER BY idx').all(key.run_id, key.agent, key.task_id, key.seed, key.repeat) as Record<string, unknown>[];
    return rows.map((r) => ({
      idx: Number(r['idx']),
      action: r['action'] === null ? null : JSON.parse(String(r['action'])),
      reward: r['reward'] === null ? null : Number(r['reward']),
      done: r['done'] === 1,
      error_kind: (r['error_kind'] as string | null) ?? null,
      error: (r['error'] as string | null) ?? null,
      agent_ms: Number(r['agent_ms']),
      env_ms: Number(r['env_ms']),
      prompt_tokens: Number(r['prompt_tokens']),
      completion_tokens: Number(r['completion_tokens']),
      observation_digest: (r['observation_digest'] as string | null) ?? null,
    }));
  }
}

function toRun(r: Record<string, unknown>): RunRow {
  return {
    id: String(r['id']),
    created_at: String(r['created_at']),
    updated_at: String(r['updated_at']),
    status: String(r['status']) as RunRow['status'],
    config: JSON.parse(String(r['config'])) as RunConfig,
    out_dir: String(r['out_dir']),
  };
}

function toEpisode(r: Record<string, unknown>): EpisodeRow {
  const num = (k: string) => (r[k] === null ? null : Number(r[k]));
  return {
    run_id: String(r['run_id']),
    agent: String(r['agent']),
    task_id: String(r['task_id']),
    seed: Number(r['seed']),
    repeat: Number(r['repeat']),
    status: String(r['status']) as EpisodeEndStatus,
    score: Number(r['score']),
    success: r['success'] === 1,
    turns: Number(r['turns']),
    steps: Number(r['steps']),
    total_reward: Number(r['total_reward']),
    elapsed_minutes: num('elapsed_minutes'),
    time_to_mitigate: num('time_to_mitigate'),
    prompt_tokens: Number(r['prompt_tokens']),
    completion_tokens: Number(r['completion_tokens']),
    cost_usd: Number(r['cost_usd']),
    llm_calls: Number(r['llm_calls']),
    wall_ms: Number(r['wall_ms']),
    criteria: JSON.parse(String(r['criteria'])) as Record<string, number>,
    report: r['report'] === null ? null : JSON.parse(String(r['report'])),
    error: (r['error'] as string | null) ?? null,
    trajectory_path: String(r['trajectory_path']),
    started_at: String(r['started_at']),
    finished_at: String(r['finished_at']),
  };
}
