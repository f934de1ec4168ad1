import { z } from 'zod';

import { FiredrillError } from '../contracts/index.js';
import type { EpisodeService } from './episodes.js';
import type { Session, SessionStore } from './sessions.js';
import { SESSION_ID_MAX } from './wire.js';

/** JSON-RPC 2.0 error codes OpenEnv's /mcp uses. */
export const JSON_RPC = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  SERVER_ERROR: -32000,
} as const;

type JsonRpcId = string | number | null;

export interface JsonRpcError {
  code: number;
  message: string;
  data: unknown;
}

export type JsonRpcResponse = { jsonrpc: '2.0'; id: JsonRpcId; result: unknown } | { jsonrpc: '2.0'; id: JsonRpcId; error: JsonRpcError };

const RequestSchema = z.strictObject({
  jsonrpc: z.literal('2.0'),
  method: z.string().max(128),
  params: z.record(z.string(), z.unknown()).optional(),
  id: z.union([z.string().max(256), z.number().int(), z.null()]).optional(),
});

const SessionParam = z.string().min(1).max(SESSION_ID_MAX);
const ToolsListParams = z.looseObject({ session_id: SessionParam.optional() });
const ToolsCallParams = z.looseObject({ name: z.string().min(1).max(128), arguments: z.record(z.string(), z.unknown()).optional(), session_id: SessionParam.optional() });
const SessionCloseParams = z.looseObject({ session_id: SessionParam });

class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data: unknown = null,
  ) {
    super(message);
  }
}

/**
 * OpenEnv's custom JSON-RPC transport (POST /mcp and `{"type":"mcp"}` frames): tools/list, tools/call,
 * openenv/session/create|close. Not MCP Streamable HTTP: there is no initialize.
 */
export class JsonRpcHandler {
  constructor(
    private readonly store: SessionStore,
    private readonly episodes: EpisodeService,
    private readonly onInternalError: (err: unknown) => void = () => {},
  ) {}

  parseError(): JsonRpcResponse {
    return { jsonrpc: '2.0', id: null, error: { code: JSON_RPC.PARSE_ERROR, message: 'Parse error', data: null } };
  }

  /** Answers one request. `bound` is the WebSocket's own session, used when a call names none. */
  handle(raw: unknown, bound?: Session): JsonRpcResponse {
    const parsed = RequestSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      return { jsonrpc: '2.0', id: salvageId(raw), error: { code: JSON_RPC.INVALID_REQUEST, message: `Invalid request: ${where}${issue?.message ?? 'not a JSON-RPC 2.0 request'}`, data: null } };
    }
    const { method, params = {}, id = null } = parsed.data;
    try {
      return { jsonrpc: '2.0', id, result: this.dispatch(method, params, bound) };
    } catch (err) {
      const error = toRpcError(err);
      if (error.code === JSON_RPC.INTERNAL_ERROR) this.onInternalError(err instanceof FiredrillError ? (err.cause ?? err) : err);
      return { jsonrpc: '2.0', id, error };
    }
  }

  private dispatch(method: string, params: Record<string, unknown>, bound: Session | undefined): unknown {
    switch (method) {
      case 'tools/list': {
        const p = parseParams(ToolsListParams, params);
        const tools = this.episodes.listTools(this.session(p.session_id, bound));
        return { tools: tools.map((t) => ({ ...t, inputSchema: t.input_schema })) };
      }
      case 'tools/call': {
        const p = parseParams(ToolsCallParams, params);
        const session = this.session(p.session_id, bound);
        const tool = this.episodes.findTool(session, p.name);
        if (!tool) throw new RpcError(JSON_RPC.INVALID_PARAMS, `Invalid params: unknown tool '${p.name}'`);
        try {
          return this.episodes.callTool(session, tool, p.arguments ?? {}).result;
        } catch (err) {
          if (!(err instanceof FiredrillError) || ['VALIDATION_ERROR', 'EXECUTION_ERROR', 'INTERNAL'].includes(err.code)) throw err;
          return { content: [{ type: 'text', text: err.message, annotations: null, meta: null }], structured_content: { error: err.toBody() }, meta: null, data: null, is_error: true };
        }
      }
      case 'openenv/session/create': {
        return this.store.createWith('http', (session) => ({ session_id: session.id, reset: this.episodes.reset(session, params) }));
      }
      case 'openenv/session/close': {
        const p = parseParams(SessionCloseParams, params);
        if (!this.store.close(p.session_id)) this.store.get(p.session_id);
        return { session_id: p.session_id, closed: true };
      }
      default:
        throw new RpcError(JSON_RPC.METHOD_NOT_FOUND, `Method not found: ${method}`);
    }
  }

  private session(id: string | undefined, bound: Session | undefined): Session {
    if (id !== undefined) return this.store.get(id);
    return bound ?? this.store.defaultOne();
  }
}

function parseParams<T>(schema: z.ZodType<T>, params: Record<string, unknown>): T {
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new RpcError(JSON_RPC.INVALID_PARAMS, `Invalid params: ${issue ? `${issue.path.join('.') || 'params'}: ${issue.message}` : 'invalid'}`);
}

function toRpcError(err: unknown): JsonRpcError {
  if (err instanceof RpcError) return { code: err.code, message: err.message, data: err.data };
  if (err instanceof FiredrillError) {
    const data = { error: err.toBody() };
    if (err.code === 'CAPACITY_REACHED') return { code: JSON_RPC.SERVER_ERROR, message: err.message, data: { ...(err.details as object), ...data } };
    if (err.code === 'INTERNAL' || err.code === 'EXECUTION_ERROR') return { code: JSON_RPC.INTERNAL_ERROR, message: err.message, data };
    return { code: JSON_RPC.INVALID_PARAMS, message: `Invalid params: ${err.message}`, data };
  }
  return { code: JSON_RPC.INTERNAL_ERROR, message: 'Internal error', data: null };
}

function salvageId(raw: unknown): JsonRpcId {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null;
  const id = raw.id;
  return typeof id === 'string' && id.length <= 256 ? id : typeof id === 'number' && Number.isInteger(id) ? id : null;
}
