import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';

import { FiredrillError, jsonSchemaOf } from '../../contracts/index.js';
import { type AgentHandles, sealedState, sealedStep } from '../agent-handles.js';
import type { AppContext } from '../context.js';
import { isMcpAction } from '../episodes.js';
import { createSealedEpisodeMcpServer } from '../mcp/episode-server.js';
import { registerMcpStreamableHttp } from '../mcp/streamable-http.js';
import type { Session } from '../sessions.js';
import { objectBody, parseOrThrow } from '../wire.js';

/** Where the agent surface lives; the training key is not asked for (nor accepted) below it. */
export const AGENT_PREFIX = '/agent/';
export const AGENT_MCP_PATH = '/agent/mcp';

export function isAgentPath(path: string): boolean {
  return path.startsWith(AGENT_PREFIX);
}

const AgentStepRequestSchema = z.strictObject({
  action: z.record(z.string(), z.unknown()).describe('One action of the task ({"action_type": …}); GET /agent/schema describes them.'),
});

const agentAuth = { type: 'object', properties: { authorization: { type: 'string', description: 'Bearer <agent_token> from POST /reset with agent_handle: true.' } } };

export interface AgentRouteOptions {
  version: string;
  allowedOrigins: readonly string[] | '*';
  now?: () => number;
}

/**
 * The agent surface: what a trainer hands a model. Authorised by an agent token only, it steps and reads the sealed
 * state of the one episode the token was minted for (over HTTP or MCP Streamable HTTP); it cannot reset, open
 * sessions or read grade reports, and nothing it returns carries the seed, a reward or a score.
 */
export function agentRoutes(ctx: AppContext, handles: AgentHandles, options: AgentRouteOptions) {
  const { store, episodes } = ctx;

  function sessionOf(request: FastifyRequest): { session: Session; key: string } {
    const found = handles.resolve(request.headers.authorization);
    // The trainer may have closed the session or the store ended it; the handle then dies with it.
    if (!store.isLive(found.session)) {
      handles.revoke(found.session);
      throw new FiredrillError('UNAUTHORIZED', 'Unknown or expired agent token.');
    }
    store.touch(found.session);
    return found;
  }

  return async function register(app: FastifyInstance): Promise<void> {
    app.post(
      '/agent/step',
      { schema: { summary: 'Agent surface: one action in the agent token\'s episode (no reward, score or report).', tags: ['agent'], headers: agentAuth, body: jsonSchemaOf(AgentStepRequestSchema, 'openapi-3.0') } },
      async (request) => {
        const { session } = sessionOf(request);
        const body = parseOrThrow(AgentStepRequestSchema, objectBody(request.body));
        if (isMcpAction(body.action)) throw new FiredrillError('VALIDATION_ERROR', 'action: send a task action ({"action_type": …}); the tools are served at /agent/mcp.', { field: 'action' });
        return sealedStep(episodes.step(session, body.action));
      },
    );

    app.get('/agent/state', { schema: { summary: 'Agent surface: the sealed state of the agent token\'s episode.', tags: ['agent'], headers: agentAuth } }, async (request) =>
      sealedState(episodes.state(sessionOf(request).session)),
    );

    app.get('/agent/schema', { schema: { summary: 'Agent surface: JSON Schemas of the episode\'s action and observation.', tags: ['agent'], headers: agentAuth } }, async (request) => {
      const engine = sessionOf(request).session.env.engine;
      if (!engine) throw new FiredrillError('RESET_NEEDED');
      return { action: jsonSchemaOf(engine.actionSchema), observation: jsonSchemaOf(engine.observationSchema) };
    });

    registerMcpStreamableHttp(app, {
      registry: ctx.registry,
      path: AGENT_MCP_PATH,
      version: options.version,
      allowedOrigins: options.allowedOrigins,
      ...(options.now ? { now: options.now } : {}),
      handedEpisode: (request) => {
        const { session, key } = sessionOf(request);
        return {
          key,
          open: () =>
            createSealedEpisodeMcpServer(session.env, {
              version: options.version,
              log: (line) => app.log.info(line),
              step: (action) => {
                // Each tool call re-checks the handle: a reset or close by the trainer ends the agent's access.
                if (!handles.owns(session, key) || !store.isLive(session)) throw new FiredrillError('UNAUTHORIZED', 'Unknown or expired agent token.');
                store.touch(session);
                return episodes.step(session, action as Record<string, unknown>);
              },
            }),
        };
      },
    });
  };
}
