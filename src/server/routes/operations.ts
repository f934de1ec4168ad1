import type { FastifyInstance } from 'fastify';

import { FiredrillError } from '../../contracts/index.js';
import type { AppContext } from '../context.js';
import { requestedSessionId } from '../http-session.js';

const sessionQuery = { type: 'object', properties: { session_id: { type: 'string' } } };

/** Firedrill's own routes: tasks, metrics, grade reports and closing HTTP sessions. */
export function operationRoutes(ctx: AppContext) {
  const { store, episodes, registry, metrics } = ctx;

  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/tasks', { schema: { summary: 'Every task: id, name, difficulty, max_steps, description, source.', tags: ['firedrill'] } }, async () => ({ tasks: registry.list() }));

    app.get('/metrics', { schema: { summary: 'Prometheus text exposition.', tags: ['firedrill'] } }, async (_request, reply) => {
      reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
      return metrics.render({ http: store.count('http'), ws: store.count('ws'), mcp: store.count('mcp'), compat: store.count('compat') });
    });

    app.get(
      '/report',
      { schema: { summary: 'Grade report of the session\'s ended episode (criteria, penalties, ground truth).', tags: ['firedrill'], querystring: sessionQuery } },
      async (request, reply) => {
        const id = requestedSessionId(request);
        const session = id === undefined ? store.defaultOne() : store.get(id);
        reply.header('x-session-id', session.id);
        return episodes.report(session);
      },
    );

    app.post(
      '/close',
      { schema: { summary: 'End an HTTP session and free its slot (closing "default" starts it afresh).', tags: ['firedrill'], querystring: sessionQuery } },
      async (request) => {
        const id = requestedSessionId(request);
        if (id === undefined) throw new FiredrillError('VALIDATION_ERROR', 'Name the session to close (X-Session-ID or session_id).', { field: 'session_id' });
        if (!store.close(id)) store.get(id);
        return { session_id: id, closed: true };
      },
    );
  };
}
