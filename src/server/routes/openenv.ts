import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { FiredrillError, jsonSchemaOf } from '../../contracts/index.js';
import type { AppContext } from '../context.js';
import { requestedSessionId } from '../http-session.js';
import { DEFAULT_SESSION_ID, NEW_SESSION_ID, type Session } from '../sessions.js';
import { objectBody, parseOrThrow, ResetRequestSchema, SchemaQuerySchema, StepRequestSchema } from '../wire.js';

const sessionHeader = {
  type: 'object',
  properties: { 'x-session-id': { type: 'string', description: 'Session id from /reset; omit for the shared default session.' } },
};
const sessionQuery = { type: 'object', properties: { session_id: { type: 'string', description: 'Alternative to the X-Session-ID header.' } } };

/** OpenEnv's HTTP routes, with Firedrill's real sessions (DESIGN §8). */
export function openEnvRoutes(ctx: AppContext) {
  const { store, episodes } = ctx;

  function session(request: FastifyRequest): Session {
    const id = requestedSessionId(request);
    return id === undefined ? store.defaultOne() : store.get(id);
  }

  function withSession<T extends object>(reply: FastifyReply, s: Session, body: T): T & { session_id: string } {
    reply.header('x-session-id', s.id);
    return { ...body, session_id: s.id };
  }

  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/health', { schema: { summary: 'Liveness: {"status":"healthy"} once the server can serve.', tags: ['openenv'] } }, async () => ({ status: 'healthy' }));

    app.get('/metadata', { schema: { summary: 'Environment name, description and version.', tags: ['openenv'] } }, async () => ctx.metadata);

    app.get(
      '/schema',
      { schema: { summary: 'JSON Schemas of action, observation and state (native by default, or of ?task_id=).', tags: ['openenv'], querystring: jsonSchemaOf(SchemaQuerySchema, 'openapi-3.0') } },
      async (request) => {
        const query = parseOrThrow(SchemaQuerySchema, request.query ?? {});
        const schemas = episodes.schemas(query.task_id);
        return { action: jsonSchemaOf(schemas.action), observation: jsonSchemaOf(schemas.observation), state: jsonSchemaOf(schemas.state) };
      },
    );

    app.post(
      '/reset',
      {
        schema: {
          summary: 'Start an episode. Without a session id this resets the shared default session; send X-Session-ID: new for a private one.',
          tags: ['openenv'],
          headers: sessionHeader,
          body: jsonSchemaOf(ResetRequestSchema, 'openapi-3.0'),
        },
      },
      async (request, reply) => {
        const body = objectBody(request.body);
        const id = requestedSessionId(request);
        const created = id === NEW_SESSION_ID;
        const wantsHandle = body['agent_handle'] === true;
        if (wantsHandle && (id === undefined || id === DEFAULT_SESSION_ID)) {
          throw new FiredrillError('VALIDATION_ERROR', 'agent_handle: agent handles are for private sessions; send X-Session-ID: new (or your session id).', { field: 'agent_handle' });
        }
        const client = ctx.fairness.keyOf(request);
        const answer = (s: Session): string => {
          const result = withSession(reply, s, episodes.reset(s, body, wantsHandle));
          return JSON.stringify(wantsHandle ? { ...result, agent_token: ctx.agentHandles.mint(s) } : result);
        };
        // The answer is serialized inside the timed section: a reset's cost includes its (large) first observation.
        reply.type('application/json; charset=utf-8');
        if (created) {
          // The session joins the store (evicting, if need be) only once its reset has succeeded.
          await ctx.gates.admitSession(client);
          return ctx.gates.timedReset(client, () => store.createWith('http', answer));
        }
        const s = id === undefined ? store.defaultOne() : store.get(id);
        return ctx.gates.timedReset(client, () => answer(s));
      },
    );

    app.post(
      '/step',
      { schema: { summary: 'Take one action in the session named by X-Session-ID (or the default session).', tags: ['openenv'], headers: sessionHeader, body: jsonSchemaOf(StepRequestSchema, 'openapi-3.0') } },
      async (request, reply) => {
        const body = parseOrThrow(StepRequestSchema, objectBody(request.body));
        const s = session(request);
        return withSession(reply, s, episodes.step(s, body.action));
      },
    );

    app.get(
      '/state',
      { schema: { summary: 'Public state of the session\'s episode (never ground truth).', tags: ['openenv'], headers: sessionHeader, querystring: sessionQuery } },
      async (request, reply) => {
        const s = session(request);
        reply.header('x-session-id', s.id);
        return episodes.state(s);
      },
    );
  };
}
