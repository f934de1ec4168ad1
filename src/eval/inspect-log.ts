import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Trajectory, TrajectoryStep } from '../contracts/index.js';
import { estimatesOf } from './report/estimators.js';

/**
 * Inspect AI eval logs (the JSON `inspect view` reads, log format version 2) from Firedrill trajectories: one log
 * per (run, agent), one sample per episode (id `task/seed-N`, epoch = repeat + 1), the grade as the sample's score.
 * An episode that ended in an environment error is a sample with `error` and no score, never a 0.
 */
export const INSPECT_LOG_VERSION = 2;
export const INSPECT_SCORER = 'firedrill_grade';

export interface InspectLogMeta {
  runId: string;
  createdAt: string;
  /** Run status in the store. */
  status: 'running' | 'finished' | 'interrupted';
  agent: string;
  agentOptions: Record<string, unknown>;
  firedrillVersion: string;
  source: string;
}

const GENERATE_CONFIG_FIELDS = [
  'max_retries', 'timeout', 'max_connections', 'system_message', 'max_tokens', 'top_p', 'temperature', 'stop_seqs', 'best_of', 'frequency_penalty',
  'presence_penalty', 'logit_bias', 'seed', 'top_k', 'num_choices', 'logprobs', 'top_logprobs', 'parallel_tool_calls', 'internal_tools', 'max_tool_output',
  'cache_prompt', 'reasoning_effort', 'reasoning_tokens', 'reasoning_summary', 'reasoning_history', 'response_schema', 'extra_body', 'batch',
] as const;
const EVAL_CONFIG_FIELDS = [
  'limit', 'sample_id', 'sample_shuffle', 'epochs', 'epochs_reducer', 'approval', 'fail_on_error', 'continue_on_fail', 'retry_on_error', 'message_limit',
  'token_limit', 'time_limit', 'working_limit', 'max_samples', 'max_tasks', 'max_subprocesses', 'max_sandboxes', 'sandbox_cleanup', 'log_samples',
  'log_realtime', 'log_images', 'log_buffer', 'log_shared', 'score_display',
] as const;

const nulls = (fields: readonly string[]): Record<string, null> => Object.fromEntries(fields.map((f) => [f, null]));

/** The model a log names: the LLM agent's model option, else the agent as `firedrill/<agent>`. */
export function inspectModelName(agent: string, options: Record<string, unknown>): string {
  return typeof options['model'] === 'string' && options['model'] !== '' ? String(options['model']) : `firedrill/${agent}`;
}

export function inspectLogOf(meta: InspectLogMeta, trajectories: readonly Trajectory[]): Record<string, unknown> {
  const model = inspectModelName(meta.agent, meta.agentOptions);
  const ordered = [...trajectories].sort((a, b) => cmp(a.header.task_id, b.header.task_id) || a.header.seed - b.header.seed || a.header.repeat - b.header.repeat);
  const samples = ordered.map((t) => sampleOf(t, model));
  const scored = ordered.filter((t) => !failed(t));
  const estimates = estimatesOf(scored.map((t) => ({ task_id: t.header.task_id, seed: t.header.seed, score: t.end.report?.score ?? 0, success: t.end.report?.success ?? false })));
  const scores = scored.map((t) => t.end.report?.score ?? 0);
  const metric = (name: string, value: number | null | undefined) => (value === null || value === undefined ? [] : [[name, { name, value, params: {}, metadata: null }] as const]);
  const metrics = Object.fromEntries([
    ...metric('mean', scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null),
    ...metric('stderr', estimates.score_se),
    ...metric('success_rate', scored.length ? scored.filter((t) => t.end.report?.success === true).length / scored.length : null),
    ...Object.entries(estimates.pass_at_k).flatMap(([k, v]) => metric(`pass_at_${k}`, v)),
  ]);
  const usage = ordered.reduce((a, t) => ({ prompt: a.prompt + t.end.usage.prompt_tokens, completion: a.completion + t.end.usage.completion_tokens, calls: a.calls + t.end.usage.calls }), { prompt: 0, completion: 0, calls: 0 });
  const started = ordered.map((t) => t.header.started_at).sort()[0] ?? meta.createdAt;
  const sampleIds = [...new Set(samples.map((s) => s['id'] as string))];
  const epochs = ordered.reduce((m, t) => Math.max(m, t.header.repeat + 1), 0);
  return {
    version: INSPECT_LOG_VERSION,
    status: meta.status === 'finished' ? 'success' : meta.status === 'interrupted' ? 'cancelled' : 'started',
    eval: {
      eval_set_id: null,
      eval_id: `${meta.runId}-${meta.agent}`,
      run_id: meta.runId,
      created: meta.createdAt,
      task: 'firedrill',
      task_id: meta.runId,
      task_version: 0,
      task_file: null,
      task_display_name: 'Firedrill incident response',
      task_registry_name: null,
      task_attribs: {},
      task_args: { tasks: [...new Set(ordered.map((t) => t.header.task_id))] },
      task_args_passed: {},
      solver: meta.agent,
      solver_args: meta.agentOptions,
      tags: ['firedrill'],
      dataset: { name: 'firedrill', location: null, samples: sampleIds.length, sample_ids: sampleIds, shuffled: false },
      sandbox: null,
      model,
      model_generate_config: nulls(GENERATE_CONFIG_FIELDS),
      model_base_url: null,
      model_args: {},
      model_roles: null,
      config: { ...nulls(EVAL_CONFIG_FIELDS), epochs: epochs || null },
      revision: null,
      packages: { firedrill: meta.firedrillVersion },
      metadata: { source: meta.source },
      scorers: null,
      metrics: null,
    },
    plan: { name: 'plan', steps: [{ solver: meta.agent, params: meta.agentOptions }], finish: null, config: nulls(GENERATE_CONFIG_FIELDS) },
    results: {
      total_samples: samples.length,
      completed_samples: scored.length,
      scores: [{ name: 'grade', scorer: INSPECT_SCORER, reducer: null, scored_samples: scored.length, unscored_samples: samples.length - scored.length, params: {}, metrics, metadata: null }],
      metadata: { error_count: samples.length - scored.length, pass_at_k: estimates.pass_at_k, pass_at_k_se: estimates.pass_at_k_se, success_se: estimates.success_se },
    },
    stats: {
      started_at: started,
      completed_at: ordered.map((t) => t.header.started_at).sort().at(-1) ?? started,
      model_usage: usage.calls > 0 ? { [model]: modelUsage(usage.prompt, usage.completion) } : {},
    },
    error: null,
    samples,
  };
}

function failed(t: Trajectory): boolean {
  return t.end.status === 'env_error' || (t.end.report === null && t.end.error !== null);
}

function sampleOf(t: Trajectory, model: string): Record<string, unknown> {
  const first = textOf(t.header.observation);
  const messages: Record<string, unknown>[] = [message('user', first)];
  for (const step of t.steps) {
    messages.push({ ...message('assistant', JSON.stringify(step.action)), tool_calls: null, model: null });
    messages.push(message('user', stepText(step)));
  }
  const lastAction = t.steps.at(-1);
  const report = t.end.report;
  const isError = failed(t);
  const usage = t.end.usage;
  return {
    id: `${t.header.task_id}/seed-${t.header.seed}`,
    epoch: t.header.repeat + 1,
    input: first,
    choices: null,
    target: '',
    sandbox: null,
    files: null,
    setup: null,
    messages,
    output: {
      model,
      choices: [],
      completion: lastAction ? JSON.stringify(lastAction.action) : '',
      usage: usage.calls > 0 ? modelUsage(usage.prompt_tokens, usage.completion_tokens) : null,
      time: t.end.wall_ms / 1000,
      metadata: null,
      error: null,
    },
    scores: isError
      ? null
      : {
          [INSPECT_SCORER]: {
            history: [],
            value: report?.score ?? 0,
            answer: null,
            explanation: report ? report.criteria.map((c) => `${c.name} ${c.points.toFixed(3)}/${c.weight}`).join(', ') : `no grade report (episode ${t.end.status})`,
            metadata: { success: report?.success ?? false, status: t.end.status, criteria: Object.fromEntries((report?.criteria ?? []).map((c) => [c.name, c.score])) },
          },
        },
    metadata: { task_id: t.header.task_id, seed: t.header.seed, repeat: t.header.repeat, status: t.end.status, steps: t.end.steps, turns: t.end.turns, total_reward: t.end.total_reward },
    store: {},
    events: [],
    model_usage: usage.calls > 0 ? { [model]: modelUsage(usage.prompt_tokens, usage.completion_tokens) } : {},
    total_time: t.end.wall_ms / 1000,
    working_time: t.end.wall_ms / 1000,
    uuid: null,
    error: isError ? { message: t.end.error ?? `episode ended with ${t.end.status}`, traceback: '', traceback_ansi: '' } : null,
    error_retries: null,
    attachments: {},
    limit: t.end.status === 'max_turns' ? { type: 'message', limit: t.end.turns } : null,
  };
}

function message(role: 'user' | 'assistant', content: string): Record<string, unknown> {
  return role === 'user' ? { id: null, content, source: null, metadata: null, role, tool_call_id: null } : { id: null, content, source: null, metadata: null, role };
}

function stepText(step: TrajectoryStep): string {
  if (step.error) return `Action not executed (${step.error.kind}${step.error.code ? ` ${step.error.code}` : ''}): ${step.error.message}`;
  return textOf(step.observation ?? {});
}

function textOf(observation: Record<string, unknown>): string {
  return typeof observation['text'] === 'string' ? observation['text'] : JSON.stringify(observation);
}

function modelUsage(input: number, output: number): Record<string, unknown> {
  return { input_tokens: input, output_tokens: output, total_tokens: input + output, input_tokens_cache_write: null, input_tokens_cache_read: null, reasoning_tokens: null };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Writes one Inspect log per agent into `dir`, named `<run>_<agent>.json`; returns the paths. */
export function writeInspectLogs(dir: string, logs: readonly { agent: string; runId: string; log: Record<string, unknown> }[]): string[] {
  mkdirSync(dir, { recursive: true });
  return logs.map(({ agent, runId, log }) => {
    const path = join(dir, `${runId}_${agent.replace(/[^A-Za-z0-9._-]+/g, '-')}.json`);
    writeFileSync(path, `${JSON.stringify(log)}\n`);
    return path;
  });
}

/** The Inspect logs of a stored run, one per agent, from its episodes' trajectory files. */
export function inspectLogsForRun(
  run: { id: string; created_at: string; status: InspectLogMeta['status']; config: { agents: { label: string; options: Record<string, unknown> }[]; source: string } },
  episodes: readonly { agent: string; trajectory_path: string }[],
  read: (path: string) => Trajectory,
  firedrillVersion: string,
): { agent: string; runId: string; log: Record<string, unknown> }[] {
  return run.config.agents.map((a) => {
    const trajectories = episodes.filter((e) => e.agent === a.label).map((e) => read(e.trajectory_path));
    const meta: InspectLogMeta = { runId: run.id, createdAt: run.created_at, status: run.status, agent: a.label, agentOptions: a.options, firedrillVersion, source: run.config.source };
    return { agent: a.label, runId: run.id, log: inspectLogOf(meta, trajectories) };
  });
}
