/**
 * A TypeScript mirror of devops-incident-response's client.py (DevOpsIncidentEnv) and the request sequence
 * of its inference.py: used by the e2e tests to replay exactly what those scripts send.
 */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

export class DevOpsIncidentEnv {
  readonly timeoutMs: number;

  constructor(
    readonly baseUrl = 'http://127.0.0.1:8000',
    timeoutSeconds = 15,
  ) {
    this.timeoutMs = timeoutSeconds * 1000;
  }

  tasks(): Promise<{ benchmark: string; count: number; tasks: { task_id: string; max_steps: number }[] }> {
    return this.request('GET', '/tasks');
  }

  reset(taskId: string, seed = 12345): Promise<StepResponse> {
    return this.request('POST', '/reset', { task_id: taskId, seed });
  }

  step(action: Record<string, unknown>): Promise<StepResponse> {
    return this.request('POST', '/step', { action });
  }

  state(): Promise<Record<string, unknown>> {
    return this.request('GET', '/state');
  }

  close(): void {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      signal: AbortSignal.timeout(this.timeoutMs),
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const parsed = (await response.json()) as unknown;
    if (!response.ok) throw new HttpStatusError(response.status, parsed);
    return parsed as T;
  }
}

export interface StepResponse {
  observation: Record<string, unknown>;
  reward: number;
  done: boolean;
  info: Record<string, unknown>;
}

/** inference.py's stdout lines. */
export const inferenceLog = {
  start: (task: string, model: string) => `[START] task=${task} env=devops_incident_env model=${model}`,
  step: (n: number, type: string, service: string | undefined, reward: number, done: boolean, error: unknown) =>
    `[STEP] step=${n} action=${type}(${service ?? ''}) reward=${Math.min(Math.max(reward, 0.05), 0.95).toFixed(3)} done=${String(done)} error=${error === null || error === undefined ? 'null' : String(error)}`,
  end: (success: boolean, steps: number, score: number, rewards: number[]) =>
    `[END] success=${String(success)} steps=${steps} score=${score.toFixed(3)} rewards=${rewards.map((r) => r.toFixed(3)).join(',')}`,
};
