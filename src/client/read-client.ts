import { FiredrillError, type TaskInfo } from '../contracts/index.js';
import type { EpisodeDetail, RunDetail, RunList, RunReportView } from '../contracts/runs.js';
import { errorFromReply } from './wire.js';

export interface ReadClientOptions {
  /** Server root, e.g. http://127.0.0.1:8000 (a path prefix is allowed). */
  baseUrl: string;
  apiKey?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** JSON Schemas of a task's action, observation and state (GET /schema). */
export interface TaskSchemas {
  action: Record<string, unknown>;
  observation: Record<string, unknown>;
  state: Record<string, unknown>;
}

export interface EpisodeKey {
  agent: string;
  task_id: string;
  seed: number;
  repeat: number;
}

/** The server's read-only routes beside the episode API: tasks, schemas, eval runs, their episodes and reports. */
export class ReadClient {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ReadClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  async tasks(): Promise<TaskInfo[]> {
    const body = record(await this.get('/tasks'));
    return Array.isArray(body['tasks']) ? (body['tasks'] as TaskInfo[]) : [];
  }

  async schema(taskId?: string): Promise<TaskSchemas> {
    return record(await this.get('/schema', taskId === undefined ? {} : { task_id: taskId })) as unknown as TaskSchemas;
  }

  async runs(): Promise<RunList> {
    return record(await this.get('/runs')) as unknown as RunList;
  }

  async run(id: string): Promise<RunDetail> {
    return record(await this.get(`/runs/${encodeURIComponent(id)}`)) as unknown as RunDetail;
  }

  async episode(runId: string, key: EpisodeKey): Promise<EpisodeDetail> {
    const query = { agent: key.agent, task_id: key.task_id, seed: String(key.seed), repeat: String(key.repeat) };
    return record(await this.get(`/runs/${encodeURIComponent(runId)}/episode`, query)) as unknown as EpisodeDetail;
  }

  /** The eval report summary of one run, or the comparison of several. */
  async report(runIds: readonly string[]): Promise<RunReportView> {
    return record(await this.get('/reports', { runs: runIds.join(',') })) as unknown as RunReportView;
  }

  /** URL of a run report in another format (the HTML page of the eval harness, or Markdown). */
  reportUrl(runIds: readonly string[], format: 'html' | 'md' | 'json'): string {
    return `${this.base}/reports?${new URLSearchParams({ runs: runIds.join(','), format }).toString()}`;
  }

  private async get(path: string, query: Record<string, string> = {}): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.apiKey) headers['authorization'] = `Bearer ${this.options.apiKey}`;
    const qs = new URLSearchParams(query).toString();
    const response = await this.fetchImpl(`${this.base}${path}${qs === '' ? '' : `?${qs}`}`, { headers, signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000) });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      throw new FiredrillError('INTERNAL', `GET ${path}: the server answered HTTP ${response.status} with a body that is not JSON.`);
    }
    if (!response.ok) throw errorFromReply(parsed, response.status >= 500 ? 'INTERNAL' : 'NOT_FOUND', response.status);
    return parsed;
  }
}

function record(payload: unknown): Record<string, unknown> {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new FiredrillError('INTERNAL', 'The server sent a body that is not a JSON object.');
  return payload as Record<string, unknown>;
}
