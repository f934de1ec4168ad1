import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import { FiredrillError, jsonSchemaOf, type Trajectory } from '../../contracts/index.js';
import type { EpisodeDetail, EpisodeListItem, RunDetail, RunList, RunListItem, RunReportView } from '../../contracts/runs.js';
import type { EpisodeRow } from '../../eval/episode-row.js';
import { renderReport, reportForRuns } from '../../eval/report/index.js';
import { type RunRow, RunStore } from '../../eval/store.js';
import { readTrajectoryFile } from '../../eval/trajectory-file.js';
import { parseOrThrow } from '../wire.js';

const RUN_ID_MAX = 200;
const RunIdParamsSchema = z.strictObject({ id: z.string().min(1).max(RUN_ID_MAX) });
const EpisodeQuerySchema = z.looseObject({
  agent: z.string().min(1).max(500),
  task_id: z.string().min(1).max(128),
  seed: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  repeat: z.coerce.number().int().min(0).max(1_000_000),
});
const ReportQuerySchema = z.looseObject({
  runs: z
    .string()
    .min(1)
    .max(20 * RUN_ID_MAX)
    .describe('Comma-separated run ids.'),
  format: z.enum(['json', 'md', 'html']).optional().describe('json (default), md or html (the eval report page).'),
});

/** Opens a run store for reading (a test can substitute one that fails). */
export type RunStoreOpener = (path: string) => RunStore;

const openReadOnly: RunStoreOpener = (path) => new RunStore(path, { readonly: true });

/**
 * Where the run routes read: the SQLite run store, opened read-only on first use and only when its file
 * exists. The handle follows the file: a file replaced on disk (another inode) is reopened, a removed one is
 * closed. A store that cannot be read answers RUN_STORE_UNAVAILABLE (503) and leaves no handle open; the failure
 * is remembered until the file changes, so a broken store costs no descriptor and no open per request.
 */
export class RunStoreReader {
  private store: RunStore | null = null;
  private identity: string | null = null;
  private failure: { file: string; error: FiredrillError } | null = null;

  constructor(
    readonly path: string | null,
    private readonly openStore: RunStoreOpener = openReadOnly,
  ) {}

  /** The open store, or null when none is configured or its file does not exist (yet). Throws RUN_STORE_UNAVAILABLE. */
  open(): RunStore | null {
    if (this.path === null) return null;
    let stat;
    try {
      stat = statSync(this.path);
    } catch {
      this.close();
      return null;
    }
    const identity = `${stat.dev}:${stat.ino}`;
    if (this.store && this.identity === identity) return this.store;
    this.close();
    const file = `${identity}:${stat.size}:${stat.mtimeMs}`;
    if (this.failure?.file === file) throw this.failure.error;
    try {
      this.store = this.openStore(this.path);
      this.identity = identity;
      this.failure = null;
      return this.store;
    } catch (err) {
      this.failure = { file, error: unavailable(this.path, err) };
      throw this.failure.error;
    }
  }

  required(): RunStore {
    const store = this.open();
    if (store) return store;
    throw new FiredrillError(
      'NOT_FOUND',
      this.path === null ? 'This server has no run store; start it with --runs-db PATH.' : `The run store ${this.path} does not exist yet; run \`firedrill eval\` first.`,
      { field: 'run' },
    );
  }

  /**
   * Runs a read against the store. Client errors pass through; any other failure (corruption found mid-query,
   * an I/O error) closes the handle, so the next request reopens, and answers RUN_STORE_UNAVAILABLE.
   */
  read<T>(fn: (store: RunStore) => T): T {
    const store = this.required();
    try {
      return fn(store);
    } catch (err) {
      if (err instanceof FiredrillError) throw err;
      this.close();
      throw unavailable(this.path ?? '', err);
    }
  }

  close(): void {
    const store = this.store;
    this.store = null;
    this.identity = null;
    try {
      store?.close();
    } catch {
      // Closing a handle whose file went bad can fail; the handle is released all the same.
    }
  }
}

/** RUN_STORE_UNAVAILABLE saying what is wrong with the file and what to do. */
function unavailable(path: string, err: unknown): FiredrillError {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const raw = err instanceof Error ? err.message : String(err);
  const why =
    code === 'SQLITE_NOTADB' || /not a database/i.test(raw)
      ? 'is not a SQLite database (corrupt or not a run store)'
      : code === 'SQLITE_CORRUPT' || /malformed/i.test(raw)
        ? 'is damaged (truncated or corrupt)'
        : code === 'SQLITE_FULL' || /disk is full|database or disk is full/i.test(raw)
          ? 'cannot be read because the disk is full'
          : code.startsWith('SQLITE_IOERR') || /disk I\/O error/i.test(raw)
            ? 'cannot be read (disk I/O error)'
            : code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code === 'SQLITE_READONLY'
              ? 'cannot be opened (permissions)'
              : /schema version/.test(raw)
                ? `has another schema version: ${raw.slice(path.length + 1, path.length + 200)}`
                : 'cannot be read';
  return new FiredrillError('RUN_STORE_UNAVAILABLE', `The run store ${path} ${why}. Restore it, or recreate it with \`firedrill eval --db ${path}\`.`, { field: 'runs_db' });
}

/** Read-only views of the eval run store: runs, their episodes with trajectories, and their reports. */
export function runRoutes(reader: RunStoreReader) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.addHook('onClose', async () => reader.close());

    app.get('/runs', { schema: { summary: 'Evaluation runs in the server\'s run store, newest first.', tags: ['runs'] } }, async (): Promise<RunList> => {
      if (!reader.open()) return { store: reader.path, runs: [] };
      return { store: reader.path, runs: reader.read((store) => store.listRuns().map(runItem)) };
    });

    app.get(
      '/runs/:id',
      { schema: { summary: 'One run and its episodes (scores, criteria, tokens).', tags: ['runs'], params: jsonSchemaOf(RunIdParamsSchema, 'openapi-3.0') } },
      async (request): Promise<RunDetail> => {
        const { id } = parseOrThrow(RunIdParamsSchema, request.params);
        return reader.read((store) => {
          const listed = store.listRuns().find((r) => r.id === id);
          if (!listed) throw unknownRun(id);
          return { run: runItem(listed), episodes: store.episodes(id).map(episodeItem) };
        });
      },
    );

    app.get(
      '/runs/:id/episode',
      {
        schema: {
          summary: 'One episode of a run: its grade report, the stored turns and the JSONL trajectory (observations) when its file is still there.',
          tags: ['runs'],
          params: jsonSchemaOf(RunIdParamsSchema, 'openapi-3.0'),
          querystring: jsonSchemaOf(EpisodeQuerySchema, 'openapi-3.0'),
        },
      },
      async (request): Promise<EpisodeDetail> => {
        const { id } = parseOrThrow(RunIdParamsSchema, request.params);
        const key = parseOrThrow(EpisodeQuerySchema, request.query ?? {});
        const { record, steps } = reader.read((store) => {
          if (!store.getRun(id)) throw unknownRun(id);
          const found = store.episodes(id).find((e) => e.agent === key.agent && e.task_id === key.task_id && e.seed === key.seed && e.repeat === key.repeat);
          if (!found) throw new FiredrillError('NOT_FOUND', `Run ${id} has no episode of ${key.agent} on ${key.task_id} seed ${key.seed} repeat ${key.repeat}.`, { field: 'agent' });
          return { record: found, steps: store.steps({ run_id: id, agent: found.agent, task_id: found.task_id, seed: found.seed, repeat: found.repeat }) };
        });
        return {
          run_id: id,
          episode: episodeItem(record),
          report: record.report,
          trajectory: trajectoryOf(record.trajectory_path, reader.path),
          steps: steps.map((s) => ({ idx: s.idx, action: s.action, reward: s.reward, done: s.done, error_kind: s.error_kind, error: s.error })),
        };
      },
    );

    app.get(
      '/reports',
      { schema: { summary: 'The eval report of one run, or the comparison of several (?runs=a,b).', tags: ['runs'], querystring: jsonSchemaOf(ReportQuerySchema, 'openapi-3.0') } },
      async (request, reply) => {
        const query = parseOrThrow(ReportQuerySchema, request.query ?? {});
        const ids = [...new Set(query.runs.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
        if (ids.length === 0) throw new FiredrillError('VALIDATION_ERROR', 'runs: name at least one run id.', { field: 'runs' });
        const summary = reader.read((store) => reportForRuns(store, ids));
        const format = query.format ?? 'json';
        if (format === 'json') {
          const view: RunReportView = summary;
          return view;
        }
        reply.header('content-type', format === 'html' ? 'text/html; charset=utf-8' : 'text/markdown; charset=utf-8');
        return renderReport(summary, format);
      },
    );
  };
}

function unknownRun(id: string): FiredrillError {
  return new FiredrillError('NOT_FOUND', `No run has the id '${id.slice(0, RUN_ID_MAX)}'.`, { field: 'run' });
}

function runItem(r: RunRow & { episodes: number; failed: number; mean_score: number | null }): RunListItem {
  const c = r.config;
  return {
    id: r.id,
    created_at: r.created_at,
    updated_at: r.updated_at,
    status: r.status,
    source: c.source,
    agents: c.agents.map((a) => a.label),
    tasks: [...new Set(c.episodes.map((e) => e.task_id))],
    seeds: [...new Set(c.episodes.map((e) => e.seed))],
    repeats: c.repeats,
    episodes: r.episodes,
    planned_episodes: c.agents.length * c.episodes.length * c.repeats,
    failed: r.failed,
    mean_score: r.mean_score,
  };
}

function episodeItem(e: EpisodeRow): EpisodeListItem {
  return {
    agent: e.agent,
    task_id: e.task_id,
    seed: e.seed,
    repeat: e.repeat,
    status: e.status,
    score: e.score,
    success: e.success,
    turns: e.turns,
    steps: e.steps,
    total_reward: e.total_reward,
    elapsed_minutes: e.elapsed_minutes,
    time_to_mitigate: e.time_to_mitigate,
    prompt_tokens: e.prompt_tokens,
    completion_tokens: e.completion_tokens,
    cost_usd: e.cost_usd,
    criteria: e.criteria,
    error: e.error,
  };
}

/** The trajectory file of an episode: a relative path is tried from the working directory, then beside the store. */
function trajectoryOf(path: string, storePath: string | null): Trajectory | null {
  const candidates = isAbsolute(path) ? [path] : [resolve(path), ...(storePath === null ? [] : [resolve(dirname(storePath), path)])];
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined) return null;
  try {
    return readTrajectoryFile(found);
  } catch {
    return null;
  }
}
