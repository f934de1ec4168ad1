import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';

export interface ChatRequest {
  model: string;
  messages: ChatCompletionMessageParam[];
  tools?: ChatCompletionTool[];
  temperature?: number;
  seed?: number;
  maxTokens: number;
  /** Newer OpenAI models take `max_completion_tokens` and reject `max_tokens`. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  stream: boolean;
}

export interface ToolCall {
  id: string;
  name: string;
  /** The raw argument text; models do not always produce valid JSON. */
  arguments: string;
}

export interface ChatReply {
  content: string | null;
  toolCalls: ToolCall[];
  finishReason: string | null;
  /** Null when the server reported none. */
  usage: { prompt_tokens: number; completion_tokens: number } | null;
}

export interface RetryPolicy {
  maxRetries: number;
  baseMs: number;
  maxMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Uniform in [0,1), for jitter. */
  random: () => number;
  onRetry?: (attempt: number, delayMs: number, reason: string) => void;
}

/** A reply the server sent with status 200 that is not a chat completion (no choices). */
export class MalformedResponseError extends Error {}

/** One chat completion, streamed or not, retried with exponential backoff on 408/409/429/5xx, timeouts and broken replies. */
export async function completeChat(client: OpenAI, req: ChatRequest, policy: RetryPolicy): Promise<ChatReply> {
  for (let attempt = 0; ; attempt++) {
    try {
      return req.stream ? await streamed(client, req) : await single(client, req);
    } catch (err) {
      const reason = retryReason(err);
      if (reason === null || attempt >= policy.maxRetries) throw err;
      const delay = backoffMs(attempt, policy, retryAfterMs(err));
      policy.onRetry?.(attempt + 1, delay, reason);
      await policy.sleep(delay);
    }
  }
}

export function backoffMs(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxMs' | 'random'>, retryAfter: number | null): number {
  if (retryAfter !== null) return Math.min(policy.maxMs, retryAfter);
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.round(exp / 2 + (exp / 2) * policy.random());
}

/** Why an error is worth retrying, or null when it is not. */
export function retryReason(err: unknown): string | null {
  if (err instanceof OpenAI.APIConnectionTimeoutError) return 'timeout';
  if (err instanceof OpenAI.APIUserAbortError) return null;
  if (err instanceof OpenAI.APIConnectionError) return 'connection error';
  if (err instanceof OpenAI.APIError) {
    const s = err.status;
    if (s === 408 || s === 409 || s === 429 || (typeof s === 'number' && s >= 500)) return `HTTP ${s}`;
    return null;
  }
  if (err instanceof MalformedResponseError || err instanceof SyntaxError) return 'malformed response';
  return null;
}

/** Whether a 400 asks for `max_completion_tokens` instead of `max_tokens`. */
export function wantsMaxCompletionTokens(err: unknown): boolean {
  return err instanceof OpenAI.APIError && err.status === 400 && /max_completion_tokens/.test(err.message);
}

/** Whether a 400 says the server or model cannot do tool calling. */
export function isToolsUnsupported(err: unknown): boolean {
  return err instanceof OpenAI.APIError && err.status === 400 && /tool|function/i.test(err.message);
}

function retryAfterMs(err: unknown): number | null {
  if (!(err instanceof OpenAI.APIError) || !err.headers) return null;
  const ms = Number(err.headers.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const s = Number(err.headers.get('retry-after'));
  return Number.isFinite(s) && s > 0 ? s * 1000 : null;
}

function body(req: ChatRequest) {
  return {
    model: req.model,
    messages: req.messages,
    [req.maxTokensField ?? 'max_tokens']: req.maxTokens,
    ...(req.tools && req.tools.length > 0 ? { tools: req.tools, tool_choice: 'auto' as const } : {}),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.seed !== undefined ? { seed: req.seed } : {}),
  };
}

async function single(client: OpenAI, req: ChatRequest): Promise<ChatReply> {
  const res = await client.chat.completions.create({ ...body(req), stream: false });
  const choice = Array.isArray(res?.choices) ? res.choices[0] : undefined;
  if (!choice?.message) throw new MalformedResponseError('The server replied without choices[0].message.');
  const toolCalls: ToolCall[] = [];
  for (const c of choice.message.tool_calls ?? []) {
    if (c.type === 'function') toolCalls.push({ id: c.id, name: c.function.name, arguments: c.function.arguments ?? '' });
  }
  return {
    content: choice.message.content ?? null,
    toolCalls,
    finishReason: choice.finish_reason ?? null,
    usage: res.usage ? { prompt_tokens: res.usage.prompt_tokens, completion_tokens: res.usage.completion_tokens } : null,
  };
}

async function streamed(client: OpenAI, req: ChatRequest): Promise<ChatReply> {
  const stream = await client.chat.completions.create({ ...body(req), stream: true, stream_options: { include_usage: true } });
  let content = '';
  let sawContent = false;
  let finishReason: string | null = null;
  let usage: ChatReply['usage'] = null;
  let sawChoice = false;
  const calls = new Map<number, ToolCall>();
  for await (const chunk of stream) {
    if (chunk.usage) usage = { prompt_tokens: chunk.usage.prompt_tokens, completion_tokens: chunk.usage.completion_tokens };
    for (const choice of chunk.choices ?? []) {
      sawChoice = true;
      if (choice.finish_reason) finishReason = choice.finish_reason;
      const delta = choice.delta;
      if (!delta) continue;
      if (typeof delta.content === 'string') {
        content += delta.content;
        sawContent = true;
      }
      for (const tc of delta.tool_calls ?? []) {
        const prev = calls.get(tc.index) ?? { id: '', name: '', arguments: '' };
        calls.set(tc.index, {
          id: tc.id ?? prev.id,
          name: prev.name + (tc.function?.name ?? ''),
          arguments: prev.arguments + (tc.function?.arguments ?? ''),
        });
      }
    }
  }
  if (!sawChoice) throw new MalformedResponseError('The stream ended without any choice.');
  const toolCalls = [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([i, c]) => ({ ...c, id: c.id || `call_${i}` }));
  return { content: sawContent ? content : null, toolCalls, finishReason, usage };
}
