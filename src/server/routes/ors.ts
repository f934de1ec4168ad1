import { randomUUID } from 'node:crypto';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

import { actionToolsOf, FiredrillError, formatTools, jsonSchemaOf, type StepResult, toolSpecOf } from '../../contracts/index.js';
import { TaskIndex } from '../../env/task-index.js';
import type { AppContext } from '../context.js';
import type { Session } from '../sessions.js';
import { objectBody, parseOrThrow } from '../wire.js';

/** ORS's CreateSession: a task spec (ours: at least task_id and seed), or a split and index. */
export const OrsCreateSchema = z
  .strictObject({
    env_name: z.string().max(64).nullable().optional(),
    task_spec: z.looseObject({ task_id: z.string().min(1).max(128), seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).nullable().optional(),
    split: z.string().max(64).nullable().optional(),
    index: z.number().int().nullable().optional(),
    secrets: z.record(z.string(), z.string()).nullable().optional(),
  })
  .refine((b) => (b.task_spec != null) !== (b.split != null && b.index != null), 'Provide either task_spec or both split and index, not both/neither');

export const OrsToolCallSchema = z.strictObject({ name: z.string().min(1).max(128), input: z.record(z.string(), z.unknown()), task_id: z.string().max(128).nullable().optional() });

/** Most ORS sessions remembered at once; beyond it the oldest mapping is forgotten (its episode is reaped as idle). */
export const ORS_SESSIONS_MAX = 4096;

const tags = ['ors'];

/**
 * ORS/OpenReward sessions (the routes TRL's OpenRewardEnv and the `openreward` client call), on top of the Task API
 * routes: `POST /create_session` (SSE: a session id), `POST /create` (X-Session-ID + a task), `GET /{env}/tools`,
 * `GET /{env}/task_tools`, `GET /{env}/prompt`, `POST /{env}/call` (SSE: the tool's output with its reward),
 * `POST /delete`, `POST /ping`. Each ORS session is one HTTP session of the store; a tool call is one step.
 */
export function orsRoutes(ctx: AppContext) {
  const { store, episodes } = ctx;
  const index = new TaskIndex(ctx.registry);
  const envName = ctx.metadata.name;
  const sessions = new Map<string, string>();

  function env(request: FastifyRequest): void {
    const name = (request.params as { env_name?: string }).env_name ?? '';
    if (name.toLowerCase() !== envName.toLowerCase()) throw new FiredrillError('NOT_FOUND', `No environment '${name.slice(0, 64)}'; this server runs '${envName}'.`);
  }

  function sid(request: FastifyRequest): string {
    const header = request.headers['x-session-id'];
    if (typeof header !== 'string' || header.trim() === '' || header.length > 128) throw new FiredrillError('BAD_REQUEST', 'X-Session-ID header is required.', { field: 'X-Session-ID' });
    return header.trim();
  }

  function session(request: FastifyRequest): Session {
    const id = sessions.get(sid(request));
    if (id === undefined) throw new FiredrillError('SESSION_NOT_FOUND', 'No ORS session has this id; POST /create first.');
    return store.get(id);
  }

  function sse(reply: FastifyReply, events: [string, string][]): string {
    reply.header('content-type', 'text/event-stream; charset=utf-8').header('cache-control', 'no-cache');
    return events.map(([event, data]) => `event: ${event}\r\ndata: ${data}\r\n\r\n`).join('');
  }

  function toolOutput(step: StepResult): Record<string, unknown> {
    const text = typeof step.observation['text'] === 'string' ? step.observation['text'] : JSON.stringify(step.observation);
    return { ok: true, output: { blocks: [{ text, detail: null, type: 'text' }], metadata: null, reward: step.reward, finished: step.done } };
  }

  return async function register(app: FastifyInstance): Promise<void> {
    app.post('/create_session', { schema: { summary: 'ORS: a new session id, as a server-sent event.', tags } }, async (_request, reply) => sse(reply, [['task_id', randomUUID()], ['end', '']]));

    app.post('/create', { schema: { summary: 'ORS: start the episode of a task spec (or split + index) in the session named by X-Session-ID.', tags, body: jsonSchemaOf(OrsCreateSchema, 'openapi-3.0') } }, async (request) => {
      const id = sid(request);
      if (sessions.has(id)) throw new FiredrillError('BAD_REQUEST', 'Session already exists.', { field: 'X-Session-ID' });
      const body = parseOrThrow(OrsCreateSchema, objectBody(request.body));
      if (body.env_name != null && body.env_name.toLowerCase() !== envName) throw new FiredrillError('NOT_FOUND', `No environment '${body.env_name.slice(0, 64)}'.`);
      const spec = body.task_spec ?? index.at(body.split!, body.index!);
      const s = store.create('http');
      try {
        episodes.reset(s, { task_id: spec.task_id, seed: spec.seed });
      } catch (err) {
        store.release(s);
        throw err;
      }
      if (sessions.size >= ORS_SESSIONS_MAX) sessions.delete(sessions.keys().next().value!);
      sessions.set(id, s.id);
      return { sid: id };
    });

    app.post('/delete', { schema: { summary: 'ORS: end the session named by X-Session-ID.', tags } }, async (request) => {
      const id = sid(request);
      const storeId = sessions.get(id);
      sessions.delete(id);
      if (storeId !== undefined) store.close(storeId);
      return { sid: id };
    });

    app.post('/delete_session', { schema: { summary: 'ORS: acknowledge the end of a session id.', tags } }, async (request) => ({ sid: sid(request) }));

    app.post('/ping', { schema: { summary: 'ORS: keep the session named by X-Session-ID alive.', tags } }, async (request) => {
      store.touch(session(request));
      return { status: 'ok' };
    });

    app.get('/:env_name/tools', { schema: { summary: 'ORS: the tools (one per action of the default task).', tags } }, async (request) => {
      env(request);
      const first = ctx.registry.ids()[0];
      return { tools: first === undefined ? [] : formatTools(actionToolsOf(ctx.registry.get(first).actionSchema).map(toolSpecOf), 'anthropic') };
    });

    app.get('/:env_name/task_tools', { schema: { summary: "ORS: the tools of the session's task.", tags } }, async (request) => {
      env(request);
      return { tools: episodes.listTools(session(request)) };
    });

    app.get('/:env_name/prompt', { schema: { summary: 'ORS: the first observation of the session\'s episode, as text blocks.', tags } }, async (request) => {
      env(request);
      const s = session(request);
      const first = s.env.lastResult;
      if (!first) throw new FiredrillError('RESET_NEEDED');
      const text = typeof first.observation['text'] === 'string' ? first.observation['text'] : JSON.stringify(first.observation);
      return [{ text, detail: null, type: 'text' }];
    });

    app.post('/:env_name/call', { schema: { summary: 'ORS: call a tool (one step); the output, reward and finished flag arrive as a server-sent event.', tags, body: jsonSchemaOf(OrsToolCallSchema, 'openapi-3.0') } }, async (request, reply) => {
      env(request);
      const s = session(request);
      store.touch(s);
      const call = parseOrThrow(OrsToolCallSchema, objectBody(request.body));
      const taskId = call.task_id ?? randomUUID().replaceAll('-', '');
      let result: Record<string, unknown>;
      const tool = episodes.findTool(s, call.name);
      if (!tool) result = { ok: false, error: `Unknown tool '${call.name.slice(0, 128)}'.` };
      else {
        try {
          result = toolOutput(episodes.callTool(s, tool, call.input).step);
        } catch (err) {
          if (!(err instanceof FiredrillError) || err.status >= 500) throw err;
          result = { ok: false, error: err.message };
        }
      }
      return sse(reply, [['task_id', taskId], ['end', JSON.stringify(result)]]);
    });
  };
}
