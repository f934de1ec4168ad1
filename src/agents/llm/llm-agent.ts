import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';

import { formatTools, type StepResult, type ToolSpec } from '../../contracts/index.js';
import type { Agent, AgentEpisodeContext, AgentUsage } from '../agent.js';
import { AgentOutputError, AgentUnavailableError } from '../agent-error.js';
import { type ChatReply, completeChat, isToolsUnsupported, type RetryPolicy, wantsMaxCompletionTokens } from './chat.js';
import { type LlmAgentInput, type LlmAgentOptions, LlmAgentOptionsSchema } from './options.js';
import { actionFromText } from './parse-action.js';
import { EXTRA_CALL_NOTE, jsonSystemPrompt, NO_ACTION_NOTE_JSON, NO_ACTION_NOTE_TOOLS, toolSystemPrompt } from './prompt.js';
import { isNativeObservation, renderObservation, summariseObservation } from './render.js';
import { actionFromToolCall, actToolSpec, nativeToolSpecs } from './tools.js';

export interface LlmAgentHooks {
  sleep?: (ms: number) => Promise<void>;
  onRetry?: RetryPolicy['onRetry'];
}

/** Hosted endpoints that answer every request without a key with 401; a missing key is reported before any request. */
const HOSTED_NEEDING_KEYS = ['https://api.openai.com/', 'https://router.huggingface.co/'];
const PREFLIGHT_TIMEOUT_MS = 15_000;

interface PendingCall {
  id: string;
  extra: string[];
}

/** An agent backed by any OpenAI-compatible chat completions endpoint. */
export class LlmAgent implements Agent {
  readonly name: string;
  readonly options: LlmAgentOptions;
  private readonly client: OpenAI;
  private messages: ChatCompletionMessageParam[] = [];
  private tools: ToolSpec[] = [];
  private native = false;
  private jsonMode = false;
  private pending: PendingCall | null = null;
  private delivered: StepResult | null = null;
  private observationIndices: number[] = [];
  private requestSeed: number | undefined;
  private maxTokensField: 'max_tokens' | 'max_completion_tokens' = 'max_tokens';
  private random: () => number = () => 0.5;
  private totals: AgentUsage = { prompt_tokens: 0, completion_tokens: 0, cost_usd: 0, calls: 0 };

  constructor(input: LlmAgentInput, private readonly hooks: LlmAgentHooks = {}) {
    this.options = LlmAgentOptionsSchema.parse(input);
    this.name = `llm:${this.options.model}`;
    this.client = new OpenAI({
      baseURL: this.options.baseUrl,
      apiKey: this.options.apiKey ?? 'no-key',
      maxRetries: 0,
      timeout: this.options.timeoutMs,
    });
  }

  start(ctx: AgentEpisodeContext, first: StepResult): void {
    this.native = isNativeObservation(first.observation);
    const available = this.native ? (first.observation['available_actions'] as string[]) : [];
    this.tools = this.native ? nativeToolSpecs(available) : [actToolSpec(ctx.actionSchema)];
    this.jsonMode = this.options.toolMode === 'json';
    this.requestSeed = this.options.seed ?? ctx.rng.int(0, 2 ** 31 - 1);
    this.random = () => ctx.rng.next();
    this.messages = [{ role: 'system', content: this.systemPrompt() }];
    this.pending = null;
    this.observationIndices = [];
    this.delivered = null;
    this.deliver(first);
  }

  async act(last: StepResult): Promise<unknown> {
    if (last !== this.delivered) this.deliver(last);
    for (let attempt = 0; attempt <= this.options.maxParseRetries; attempt++) {
      const reply = await this.call();
      const action = this.jsonMode ? this.readText(reply) : reply.toolCalls.length > 0 ? this.readToolCalls(reply) : this.readText(reply);
      if (action !== null) return action;
    }
    throw new AgentOutputError(`No usable action after ${this.options.maxParseRetries + 1} replies.`, lastAssistantText(this.messages));
  }

  usage(): AgentUsage {
    return { ...this.totals };
  }

  /**
   * One tiny request (a one-token reply, no retries, a short timeout) that fails fast on what no retry fixes: no key
   * for a hosted endpoint, a refused key (401, 403), an unknown model (404) or an endpoint that cannot be reached.
   * Other answers (a 429, a 400 about a parameter) show the endpoint and key work, so the episodes may start.
   */
  async preflight(): Promise<void> {
    const where = this.options.baseUrl;
    if (this.options.apiKey === undefined && HOSTED_NEEDING_KEYS.some((h) => where.startsWith(h))) {
      throw new AgentUnavailableError(`No API key for ${where}: set OPENAI_API_KEY (or HF_TOKEN for the Hugging Face router).`);
    }
    const client = new OpenAI({ baseURL: where, apiKey: this.options.apiKey ?? 'no-key', maxRetries: 0, timeout: Math.min(this.options.timeoutMs, PREFLIGHT_TIMEOUT_MS) });
    try {
      await client.chat.completions.create({ model: this.options.model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1, stream: false });
    } catch (err) {
      if (err instanceof OpenAI.APIConnectionTimeoutError) throw new AgentUnavailableError(`${where} did not answer within ${Math.min(this.options.timeoutMs, PREFLIGHT_TIMEOUT_MS)} ms.`);
      if (err instanceof OpenAI.APIConnectionError) {
        const cause = rootCause(err);
        throw new AgentUnavailableError(`Cannot reach the LLM endpoint ${where} (${cause}). Check --base-url or OPENAI_BASE_URL.`);
      }
      if (err instanceof OpenAI.APIError && (err.status === 401 || err.status === 403)) {
        throw new AgentUnavailableError(`${where} refused the API key (HTTP ${err.status}: ${err.message.replace(/^\d{3}\s*/, '')}). Check OPENAI_API_KEY or HF_TOKEN.`);
      }
      if (err instanceof OpenAI.APIError && err.status === 404) {
        throw new AgentUnavailableError(`${where} has no model '${this.options.model}' or no chat completions route (HTTP 404: ${err.message.replace(/^\d{3}\s*/, '')}). Check --model and --base-url.`);
      }
    }
  }

  /** The conversation so far (for tests and transcripts). */
  transcript(): readonly ChatCompletionMessageParam[] {
    return this.messages;
  }

  get usingJsonMode(): boolean {
    return this.jsonMode;
  }

  private systemPrompt(): string {
    return this.jsonMode ? jsonSystemPrompt(this.tools, this.native) : toolSystemPrompt();
  }

  private deliver(result: StepResult): void {
    const content = renderObservation(result, this.options.maxObservationChars);
    if (this.pending) {
      this.messages.push({ role: 'tool', tool_call_id: this.pending.id, content });
      this.observationIndices.push(this.messages.length - 1);
      for (const id of this.pending.extra) this.messages.push({ role: 'tool', tool_call_id: id, content: EXTRA_CALL_NOTE });
      this.pending = null;
    } else {
      this.messages.push({ role: 'user', content });
      this.observationIndices.push(this.messages.length - 1);
    }
    this.delivered = result;
    this.compact();
  }

  /** Replaces all but the newest observations by one-line summaries. */
  private compact(): void {
    const old = this.observationIndices.slice(0, Math.max(0, this.observationIndices.length - this.options.keepFullObservations));
    for (const i of old) {
      const m = this.messages[i];
      if (m && (m.role === 'tool' || m.role === 'user') && typeof m.content === 'string' && !m.content.startsWith('[Older output elided')) {
        m.content = summariseObservation(m.content);
      }
    }
  }

  private async call(): Promise<ChatReply> {
    const policy: RetryPolicy = {
      maxRetries: this.options.maxRetries,
      baseMs: this.options.retryBaseMs,
      maxMs: this.options.retryMaxMs,
      sleep: this.hooks.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      random: this.random,
      ...(this.hooks.onRetry ? { onRetry: this.hooks.onRetry } : {}),
    };
    const request = () => ({
      model: this.options.model,
      messages: this.messages,
      ...(this.jsonMode ? {} : { tools: formatTools(this.tools, 'openai') }),
      ...(this.options.temperature !== undefined ? { temperature: this.options.temperature } : {}),
      ...(this.requestSeed !== undefined ? { seed: this.requestSeed } : {}),
      maxTokens: this.options.maxTokens,
      maxTokensField: this.maxTokensField,
      stream: this.options.stream,
    });
    // Adapts once to each kind of server refusal, then retries the same request.
    for (let adapted = 0; ; adapted++) {
      try {
        const reply = await completeChat(this.client, request(), policy);
        this.account(reply);
        return reply;
      } catch (err) {
        if (adapted >= 2) throw err;
        if (this.maxTokensField === 'max_tokens' && wantsMaxCompletionTokens(err)) this.maxTokensField = 'max_completion_tokens';
        else if (!this.jsonMode && this.options.toolMode === 'auto' && isToolsUnsupported(err)) this.switchToJsonMode();
        else throw err;
      }
    }
  }

  private account(reply: ChatReply): void {
    const prompt = reply.usage?.prompt_tokens ?? estimateTokens(this.messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? ''))).join(''));
    const completion = reply.usage?.completion_tokens ?? estimateTokens((reply.content ?? '') + reply.toolCalls.map((c) => c.name + c.arguments).join(''));
    this.totals.prompt_tokens += prompt;
    this.totals.completion_tokens += completion;
    this.totals.calls += 1;
    this.totals.cost_usd = (this.totals.prompt_tokens * this.options.priceInputPerM + this.totals.completion_tokens * this.options.priceOutputPerM) / 1e6;
  }

  private readToolCalls(reply: ChatReply): unknown {
    this.messages.push({
      role: 'assistant',
      content: reply.content ?? null,
      tool_calls: reply.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })),
    });
    const [first, ...rest] = reply.toolCalls;
    if (!first) return null;
    const problem = this.toolCallProblem(first.name, first.arguments);
    if (problem) {
      this.messages.push({ role: 'tool', tool_call_id: first.id, content: `Error: ${problem} ${NO_ACTION_NOTE_TOOLS}` });
      for (const c of rest) this.messages.push({ role: 'tool', tool_call_id: c.id, content: EXTRA_CALL_NOTE });
      return null;
    }
    this.pending = { id: first.id, extra: rest.map((c) => c.id) };
    return actionFromToolCall(first.name, parseArgs(first.arguments) ?? {});
  }

  private toolCallProblem(name: string, args: string): string | null {
    if (!this.tools.some((t) => t.name === name)) return `There is no tool named '${name}'.`;
    if (parseArgs(args) === null) return `The arguments of ${name} are not a JSON object.`;
    return null;
  }

  private readText(reply: ChatReply): unknown {
    const text = reply.content ?? '';
    this.messages.push({ role: 'assistant', content: text });
    const action = actionFromText(text, this.native);
    if (action && (!this.native || typeof action['action_type'] === 'string')) return action;
    this.messages.push({ role: 'user', content: this.jsonMode ? NO_ACTION_NOTE_JSON : NO_ACTION_NOTE_TOOLS });
    return null;
  }

  /** Rewrites the conversation without tool messages, for servers that reject tools. */
  private switchToJsonMode(): void {
    this.jsonMode = true;
    const rewritten: ChatCompletionMessageParam[] = [{ role: 'system', content: this.systemPrompt() }];
    for (const m of this.messages.slice(1)) {
      if (m.role === 'tool') rewritten.push({ role: 'user', content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content) });
      else if (m.role === 'assistant' && m.tool_calls?.length) {
        const c = m.tool_calls[0];
        const action = c && c.type === 'function' ? actionFromToolCall(c.function.name, parseArgs(c.function.arguments) ?? {}) : {};
        rewritten.push({ role: 'assistant', content: JSON.stringify(action) });
      } else rewritten.push(m);
    }
    this.observationIndices = rewritten.flatMap((m, i) => (m.role === 'user' && i > 0 ? [i] : []));
    this.messages = rewritten;
    this.pending = null;
  }
}

function parseArgs(text: string): Record<string, unknown> | null {
  if (text.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function lastAssistantText(messages: readonly ChatCompletionMessageParam[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role === 'assistant') return typeof m.content === 'string' ? m.content : JSON.stringify(m.tool_calls ?? m.content ?? '');
  }
  return '';
}


/** The innermost error code (ECONNREFUSED, ENOTFOUND) or message of a connection failure's cause chain. */
function rootCause(err: Error): string {
  let e: unknown = err;
  let text = err.message;
  for (let depth = 0; e instanceof Error && depth < 5; depth++, e = e.cause) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    text = e.message;
  }
  return text;
}
