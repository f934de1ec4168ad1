import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';

import { FiredrillError, type StepResult, validationError } from '../../contracts/index.js';
import type { CompatRouteDeps } from '../environment.js';
import { installCompatErrorHandling } from '../shared/http-errors.js';
import { type CompatSession, CompatSessionStore, compatSessionIdOf, serverStoreOf } from '../shared/sessions.js';
import { sourceRegistry } from '../shared/source-registry.js';

export const SRE_COMPAT_PREFIX = '/compat/sre-incident-response';
const SOURCE = 'sre-incident-response';
const DEFAULT_TASK = 'alert_triage';
const VERSION = '1.0.0';
const HISTORY = 100;

const ResetBodySchema = z
  .looseObject({
    task_id: z.string().max(128).nullable().optional(),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe('Chooses the variant: seed % 2 (Firedrill addition; the seed drew it at random).'),
    reward_profile: z.enum(['cumulative', 'delta']).optional(),
  })
  .nullable()
  .optional();

const ResetQuerySchema = z.looseObject({ task_id: z.string().max(128).optional(), session_id: z.string().max(128).optional() });

interface Stats {
  total_resets: number;
  total_steps: number;
  total_episodes_completed: number;
  final_rewards: number[];
}

function parse<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error.issues, field);
  return parsed.data;
}

function sessionOf(store: CompatSessionStore, request: FastifyRequest): CompatSession {
  return store.resolve(compatSessionIdOf(request.query, request.headers));
}

function requireEpisode(session: CompatSession): void {
  if (!session.env.running) throw new FiredrillError('RESET_NEEDED', 'No active session. Call /reset first.');
}

/** StepResult metadata → the original's `info` (Firedrill's own success/truncated flags travel beside it). */
function infoOf(result: StepResult): Record<string, unknown> {
  const info: Record<string, unknown> = { ...result.metadata };
  delete info['success'];
  delete info['truncated'];
  return info;
}

/**
 * sre-incident-response's HTTP API under /compat/sre-incident-response: the same routes and
 * JSON shapes, with real sessions (an unknown session id is a 404, never someone else's episode),
 * deterministic variants (`seed` in the reset body) and JSON errors with catalogue codes.
 */
export function registerSreIncidentResponseCompat(app: FastifyInstance, deps: CompatRouteDeps): void {
  void app.register(
    async (scope) => {
      installCompatErrorHandling(scope);
      const registry = sourceRegistry(deps.registry, SOURCE);
      const store = new CompatSessionStore(registry, deps.sessions, serverStoreOf(scope));
      const stats: Stats = { total_resets: 0, total_steps: 0, total_episodes_completed: 0, final_rewards: [] };
      const taskIds = registry.ids();

      scope.get('/', async (request, reply) => {
        const accept = String(request.headers.accept ?? '');
        const body = { name: SOURCE, version: VERSION, description: 'OpenEnv SRE Incident Response environment', status: 'ok', tasks: taskIds.length, docs: '/docs', health: `${SRE_COMPAT_PREFIX}/health` };
        if (accept.includes('application/json') && !accept.includes('text/html')) return body;
        const rows = registry.list().map((t) => `<li><code>${t.id}</code> — ${t.name} (${t.difficulty}, ${t.max_steps} steps)</li>`).join('');
        return reply.type('text/html').send(`<!doctype html><title>${SOURCE} on Firedrill</title><h1>${SOURCE} (served by Firedrill)</h1><ul>${rows}</ul>`);
      });

      scope.get('/health', async () => ({ status: 'ok', environment: SOURCE, version: VERSION, tasks_available: taskIds.length, active_sessions: store.size }));

      scope.get('/metrics', async () => {
        const recent = stats.final_rewards;
        const average = recent.length === 0 ? 0 : Math.round((recent.reduce((a, b) => a + b, 0) / recent.length) * 1000) / 1000;
        return { total_resets: stats.total_resets, total_steps: stats.total_steps, total_episodes_completed: stats.total_episodes_completed, average_final_reward: average, active_sessions: store.size };
      });

      scope.get('/tasks', async () => registry.list().map((t) => ({ id: t.id, name: t.name, difficulty: t.difficulty, max_steps: t.max_steps, description: t.description })));

      scope.post('/reset', async (request, reply) => {
        const query = parse(ResetQuerySchema, request.query ?? {}, 'query');
        const body = parse(ResetBodySchema, request.body, 'body');
        const taskId = query.task_id ?? body?.task_id ?? DEFAULT_TASK;
        if (!registry.has(taskId)) {
          throw new FiredrillError('UNKNOWN_TASK', `Unknown task_id '${taskId.slice(0, 128)}'. Available tasks: ${JSON.stringify(taskIds)}`, { field: 'task_id' });
        }
        const options = { task_id: taskId, seed: body?.seed ?? 0, ...(body?.reward_profile ? { reward_profile: body.reward_profile } : {}) };
        const named = compatSessionIdOf(request.query, request.headers);
        const session = named ? store.resolve(named) : store.create();
        const result = session.env.reset(options);
        if (!named) {
          // Requests without a session id play the shared default session: start the same episode there.
          store.defaultSession.env.reset(options);
          store.defaultSession.counted = false;
        }
        session.counted = false;
        stats.total_resets += 1;
        const observation = result.observation as Record<string, unknown>;
        const hint = typeof observation['hint'] === 'string' ? observation['hint'] : '';
        reply.header('X-Session-ID', session.id);
        return { ...observation, hint: `Session ${session.id.slice(0, 8)} started. ${hint}`, session_id: session.id };
      });

      scope.post('/step', async (request) => {
        const session = sessionOf(store, request);
        requireEpisode(session);
        if (request.body === undefined) throw new FiredrillError('VALIDATION_ERROR', 'body: an action {"action_type": ..., "value": ...} is required.', { field: 'body' });
        const result = session.env.step(request.body);
        stats.total_steps += 1;
        if (result.done && !session.counted) {
          session.counted = true;
          stats.total_episodes_completed += 1;
          stats.final_rewards.push(result.reward ?? 0);
          if (stats.final_rewards.length > HISTORY) stats.final_rewards.shift();
        }
        const state = session.env.state();
        const success = typeof result.metadata['success'] === 'boolean' ? result.metadata['success'] : state['success'] === true;
        return { observation: { ...result.observation, session_id: null }, reward: result.reward, done: result.done, success, info: infoOf(result) };
      });

      scope.get('/state', async (request) => {
        const session = sessionOf(store, request);
        requireEpisode(session);
        const state = session.env.state();
        return {
          task_id: state.task_id,
          episode_id: state.episode_id,
          current_step: state['current_step'],
          total_reward: state['grader_total'],
          done: state.done,
          scenario_name: state['scenario_name'],
          grader_scores: state['grader_scores'],
          session_id: session.id,
        };
      });
    },
    { prefix: SRE_COMPAT_PREFIX },
  );
}
