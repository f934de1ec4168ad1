import type { z } from 'zod';

import {
  type ActionTool,
  actionToolsOf,
  type AnthropicTool,
  type EpisodeState,
  EpisodeStateSchema,
  FiredrillError,
  formatTools,
  type GradeReport,
  NativeActionSchema,
  NativeObservationSchema,
  type StepResult,
  toolSpecOf,
} from '../contracts/index.js';
import type { AnyEngine } from '../env/engine.js';
import type { TaskRegistry } from '../env/registry.js';
import type { ServerMetrics } from './metrics.js';
import type { Session } from './sessions.js';
import { CallToolActionSchema, ListToolsActionSchema, parseOrThrow, ResetRequestSchema } from './wire.js';

/** A serialised MCP `CallToolResult`, as OpenEnv's fastmcp-based servers dump it (clients read `data`). */
export interface CallToolResult {
  content: { type: 'text'; text: string; annotations: null; meta: null }[];
  structured_content: Record<string, unknown> | null;
  meta: null;
  data: StepResult | null;
  is_error: boolean;
}

export type ToolErrorType = 'execution_error' | 'invalid_args' | 'transport_error' | 'tool_not_found' | 'timeout';

/**
 * What every transport does with a session: reset, step (including OpenEnv's step-level MCP actions),
 * state, report and tools, with the bookkeeping /metrics reports. Transports only translate wire formats.
 */
export class EpisodeService {
  constructor(
    readonly registry: TaskRegistry,
    private readonly metrics: ServerMetrics,
    /** Told of every reset, before the new episode starts (an agent handle of the old one dies here). */
    private readonly onReset: ((session: Session) => void) | null = null,
  ) {}

  /** Starts an episode. `agent_handle` is honoured only where the caller mints handles (HTTP /reset); elsewhere it is refused. */
  reset(session: Session, raw: unknown, mintsHandles = false): StepResult {
    const request = parseOrThrow(ResetRequestSchema, raw ?? {});
    if (request.agent_handle === true && !mintsHandles) {
      throw new FiredrillError('VALIDATION_ERROR', 'agent_handle: agent handles are minted by POST /reset over HTTP only.', { field: 'agent_handle' });
    }
    const options: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(request)) if (value !== null && key !== 'session_id' && key !== 'agent_handle') options[key] = value;
    this.onReset?.(session);
    const result = guarded(() => session.env.reset(options));
    session.endCounted = false;
    const taskId = session.env.engine?.info.id ?? 'unknown';
    this.metrics.resets.inc({ task: taskId });
    this.countEnd(session, result);
    return result;
  }

  /** One step. `{"type":"list_tools"|"call_tool"}` actions are answered here; everything else goes to the task. */
  step(session: Session, action: Record<string, unknown>): StepResult {
    if (isMcpAction(action)) return action['type'] === 'list_tools' ? this.listToolsStep(session, action) : this.callToolStep(session, action);
    return this.envStep(session, withoutMetadata(action));
  }

  state(session: Session): EpisodeState {
    return guarded(() => session.env.state());
  }

  /** The grade report of an ended episode (it carries ground truth, so never earlier). */
  report(session: Session): GradeReport {
    const env = session.env;
    if (!env.running) throw new FiredrillError('RESET_NEEDED');
    const report = guarded(() => (env.state().done ? env.report() : null));
    if (!report) throw new FiredrillError('EPISODE_RUNNING');
    return report;
  }

  /** The tools of the session's task, or of the default task before the first reset. */
  tools(session: Session): ActionTool[] {
    const engine = session.env.engine ?? this.defaultEngine();
    return engine ? actionToolsOf(engine.actionSchema) : [];
  }

  /** OpenEnv's tool listing: {name, description, input_schema}, the shape Anthropic's API uses too. */
  listTools(session: Session): AnthropicTool[] {
    return formatTools(this.tools(session).map(toolSpecOf), 'anthropic');
  }

  findTool(session: Session, name: string): ActionTool | undefined {
    return this.tools(session).find((t) => t.name === name);
  }

  /** Calls a tool: takes the step it stands for. Throws what the step throws. */
  callTool(session: Session, tool: ActionTool, args: Record<string, unknown>): { step: StepResult; result: CallToolResult } {
    const step = this.envStep(session, tool.toAction(args));
    return { step, result: toolResult(step) };
  }

  /** JSON Schemas of /schema: the native action and observation by default, or a task's own. */
  schemas(taskId?: string): { action: z.ZodType; observation: z.ZodType; state: z.ZodType } {
    if (taskId === undefined) return { action: NativeActionSchema, observation: NativeObservationSchema, state: EpisodeStateSchema };
    const engine = this.registry.get(taskId);
    return { action: engine.actionSchema, observation: engine.observationSchema, state: EpisodeStateSchema };
  }

  private envStep(session: Session, action: unknown): StepResult {
    const result = guarded(() => session.env.step(action));
    this.metrics.steps.inc({ task: session.env.engine?.info.id ?? 'unknown' });
    this.countEnd(session, result);
    return result;
  }

  private listToolsStep(session: Session, action: Record<string, unknown>): StepResult {
    parseOrThrow(ListToolsActionSchema, action, 'action');
    return { observation: { tools: this.listTools(session) }, reward: null, done: this.isDone(session), metadata: {} };
  }

  private callToolStep(session: Session, action: Record<string, unknown>): StepResult {
    const call = parseOrThrow(CallToolActionSchema, action, 'action');
    const tool = this.findTool(session, call.tool_name);
    if (!tool) return this.toolError(session, call.tool_name, 'tool_not_found', `Unknown tool '${call.tool_name}'.`);
    try {
      const { step, result } = this.callTool(session, tool, call.arguments ?? {});
      return { observation: { tool_name: call.tool_name, result, error: null }, reward: step.reward, done: step.done, metadata: step.metadata };
    } catch (err) {
      if (!(err instanceof FiredrillError)) throw err;
      return this.toolError(session, call.tool_name, err.code === 'VALIDATION_ERROR' ? 'invalid_args' : 'execution_error', err.message);
    }
  }

  private toolError(session: Session, toolName: string, errorType: ToolErrorType, message: string): StepResult {
    return { observation: { tool_name: toolName, result: null, error: { error_type: errorType, message } }, reward: null, done: this.isDone(session), metadata: {} };
  }

  private isDone(session: Session): boolean {
    return session.env.running ? session.env.state().done : false;
  }

  private countEnd(session: Session, result: StepResult): void {
    if (!result.done || session.endCounted) return;
    session.endCounted = true;
    const task = session.env.engine?.info.id ?? 'unknown';
    this.metrics.episodesFinished.inc({ task });
    const score = guarded(() => session.env.report())?.score;
    if (typeof score === 'number' && Number.isFinite(score)) this.metrics.score.observe(score, { task });
  }

  private defaultEngine(): AnyEngine | null {
    const id = this.registry.ids()[0];
    return id === undefined ? null : this.registry.get(id);
  }
}

export function isMcpAction(action: Record<string, unknown>): boolean {
  return !('action_type' in action) && (action['type'] === 'list_tools' || action['type'] === 'call_tool');
}

export function toolResult(step: StepResult): CallToolResult {
  const text = typeof step.observation['text'] === 'string' ? step.observation['text'] : JSON.stringify(step.observation);
  return {
    content: [{ type: 'text', text, annotations: null, meta: null }],
    structured_content: step as unknown as Record<string, unknown>,
    meta: null,
    data: step,
    is_error: false,
  };
}

/** OpenEnv actions carry `metadata: {}` (the pydantic `Action` base); it is not part of our actions. */
function withoutMetadata(action: Record<string, unknown>): Record<string, unknown> {
  if (!('metadata' in action) || typeof action['metadata'] !== 'object' || action['metadata'] === null || Array.isArray(action['metadata'])) return action;
  const { metadata: _metadata, ...rest } = action;
  return rest;
}

/** Runs environment code; a failure that is not a FiredrillError is a bug, reported as EXECUTION_ERROR with the cause kept for the log. */
export function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof FiredrillError) throw err;
    const wrapped = new FiredrillError('EXECUTION_ERROR');
    wrapped.cause = err;
    throw wrapped;
  }
}
