import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';

import { type DevopsBaselineObservation, chooseDevopsBaselineAction } from './baseline-agent.js';
import { FiredrillError, validationError } from '../../contracts/index.js';
import { DevopsCompatEngine, type DevopsState } from './engine.js';
import { installCompatErrorHandling } from '../shared/http-errors.js';
import { type CompatSession, CompatSessionStore, compatSessionIdOf, serverStoreOf } from '../shared/sessions.js';
import type { CompatRouteDeps } from '../environment.js';
import { sourceRegistry } from '../shared/source-registry.js';

export const DEVOPS_COMPAT_PREFIX = '/compat/devops-incident-response';
const SOURCE = 'devops-incident-response';
const BENCHMARK = 'devops_incident_env';
const DEFAULT_TASK = 'easy_task';
/** The original's default when /reset names no seed. */
const DEFAULT_SEED = 12345;
const HISTORY = 100;
const ROUTES = ['/', '/health', '/tasks', '/manifest', '/reset', '/step', '/state', '/grader', '/baseline', '/sample_action', '/metrics'];

const SeedSchema = z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,15}$/).transform(Number)]);
const ResetBodySchema = z
  .looseObject({
    task_id: z.string().max(128).nullable().optional(),
    seed: SeedSchema.nullable().optional(),
    reward_profile: z.enum(['seed2', 'delta', 'cumulative']).optional(),
  })
  .nullable()
  .optional();
const StepBodySchema = z.looseObject({}).describe('Either {"action": {...}} or the action object itself.');

/** The original's `_strict_unit`: a number kept in [0.05, 0.95]; anything else (or 0/None) is 0.05. */
export function strictUnit(x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x === 0) return 0.05;
  return Math.min(Math.max(x, 0.05), 0.95);
}

function parse<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error.issues, field);
  return parsed.data;
}

function clampDetails(details: unknown): Record<string, number> | null {
  if (typeof details !== 'object' || details === null) return null;
  return Object.fromEntries(Object.entries(details).map(([k, v]) => [k, strictUnit(v)]));
}

interface Stats {
  total_resets: number;
  total_steps: number;
  total_episodes_completed: number;
  final_scores: number[];
}

/**
 * devops-incident-response's HTTP API under /compat/devops-incident-response: its routes and JSON
 * shapes, so its client.py and inference.py work unchanged with their base URL pointed here — with real
 * sessions instead of one global environment, no answer key in /state, and 4xx JSON errors instead of 500s.
 */
export function registerDevopsIncidentResponseCompat(app: FastifyInstance, deps: CompatRouteDeps): void {
  void app.register(
    async (scope) => {
      installCompatErrorHandling(scope);
      const registry = sourceRegistry(deps.registry, SOURCE);
      const store = new CompatSessionStore(registry, deps.sessions, serverStoreOf(scope));
      const stats: Stats = { total_resets: 0, total_steps: 0, total_episodes_completed: 0, final_scores: [] };
      const tasks = () => registry.list().map((t) => ({ task_id: t.id, name: t.name, description: t.description, difficulty: t.difficulty, max_steps: t.max_steps }));

      /** The named session, or the default one — which, like the original's global environment, starts on easy_task. */
      const sessionOf = (request: FastifyRequest): CompatSession => {
        const session = store.resolve(compatSessionIdOf(request.query, request.headers));
        if (!session.env.running) session.env.reset({ task_id: DEFAULT_TASK, seed: 0 });
        return session;
      };
      const engineOf = (session: CompatSession): { engine: DevopsCompatEngine; state: DevopsState } => {
        const engine = session.env.engine;
        if (!(engine instanceof DevopsCompatEngine)) throw new FiredrillError('INTERNAL');
        return { engine, state: session.env.engineState as DevopsState };
      };
      const wrap = (session: CompatSession, result: { observation: Record<string, unknown>; reward: number | null; done: boolean; metadata: Record<string, unknown> }) => {
        const info: Record<string, unknown> = { ...result.metadata, trajectory_reward: strictUnit(result.metadata['trajectory_reward']) };
        delete info['truncated'];
        if ('grader_score' in info) info['grader_score'] = strictUnit(info['grader_score']);
        if ('grader_details' in info) info['grader_details'] = clampDetails(info['grader_details']);
        const clamped = (session.env.engineState as DevopsState).reward_profile === 'seed2';
        return { observation: result.observation, reward: clamped ? strictUnit(result.reward) : result.reward, done: result.done, info, session_id: session.id };
      };
      const manifest = (request: FastifyRequest) => ({
        name: BENCHMARK,
        version: '1.0.0',
        description: 'DevOps Incident Response RL Environment for SRE triage',
        port: request.socket.localPort ?? 8000,
        routes: ROUTES,
        tasks: tasks(),
      });

      scope.get('/', async (request) => manifest(request));
      scope.get('/manifest', async (request) => manifest(request));
      scope.get('/health', async () => ({ status: 'healthy' }));
      scope.get('/tasks', async () => ({ benchmark: BENCHMARK, count: registry.ids().length, tasks: tasks() }));

      scope.get('/metrics', async () => {
        const recent = stats.final_scores;
        const average = recent.length === 0 ? 0 : Math.round((recent.reduce((a, b) => a + b, 0) / recent.length) * 1000) / 1000;
        return { total_resets: stats.total_resets, total_steps: stats.total_steps, total_episodes_completed: stats.total_episodes_completed, average_final_score: average, active_sessions: store.size };
      });

      scope.post('/reset', async (request, reply) => {
        const body = parse(ResetBodySchema, request.body, 'body');
        const taskId = body?.task_id ?? DEFAULT_TASK;
        if (!registry.has(taskId)) {
          throw new FiredrillError('UNKNOWN_TASK', `Unknown task_id '${taskId.slice(0, 128)}'. Available tasks: ${JSON.stringify(registry.ids())}`, { field: 'task_id' });
        }
        const options = { task_id: taskId, seed: body?.seed ?? DEFAULT_SEED, ...(body?.reward_profile ? { reward_profile: body.reward_profile } : {}) };
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
        reply.header('X-Session-ID', session.id);
        return wrap(session, result);
      });

      scope.post('/step', async (request) => {
        const session = sessionOf(request);
        const body = parse(StepBodySchema, request.body, 'body');
        const action = 'action' in body ? body['action'] : body;
        const result = session.env.step(action);
        stats.total_steps += 1;
        if (result.done && !session.counted) {
          session.counted = true;
          stats.total_episodes_completed += 1;
          stats.final_scores.push(strictUnit(result.metadata['grader_score']));
          if (stats.final_scores.length > HISTORY) stats.final_scores.shift();
        }
        return wrap(session, result);
      });

      scope.get('/state', async (request) => {
        const session = sessionOf(request);
        const state = session.env.state();
        return {
          episode_id: state.episode_id,
          step_count: state['compat_step_count'],
          task_id: state.task_id,
          difficulty: state['difficulty'],
          max_steps: state['max_steps'],
          is_resolved: state['is_resolved'],
          done: state.done,
          // devops-incident-response's own state shows the seed; Firedrill's public state never does.
          seed: session.env.seed,
          trajectory_reward: strictUnit(state['trajectory_reward']),
          final_score: strictUnit(state['final_score']),
          final_details: clampDetails(state['final_details']),
          services_investigated: state['services_investigated'],
          dependencies_inspected: state['dependencies_inspected'],
          metrics_queried: state['metrics_queried'],
          diagnoses: state['diagnoses'],
          fixes_applied: state['fixes_applied'],
          successful_verifications: state['successful_verifications'],
          invalid_actions: state['invalid_actions'],
          // Graded against the answer key, so present only once the episode is over (the original always sent them).
          ...(state.done
            ? {
                correct_fixes: state['correct_fixes'],
                destructive_actions: state['destructive_actions'],
                diagnosis_correct_count: state['diagnosis_correct_count'],
                fix_correct_count: state['fix_correct_count'],
              }
            : {}),
          action_history: state['action_history'],
          last_action_error: state['last_action_error'],
          session_id: session.id,
        };
      });

      scope.get('/grader', async (request) => {
        const session = sessionOf(request);
        const { engine, state } = engineOf(session);
        const grade = engine.grade(state);
        return { task_id: engine.info.id, score: strictUnit(grade.score), details: clampDetails(grade) };
      });

      const suggest = async (request: FastifyRequest) => {
        const session = sessionOf(request);
        const { state } = engineOf(session);
        const observation = (session.env.lastResult?.observation ?? {}) as DevopsBaselineObservation;
        const action = chooseDevopsBaselineAction(observation, state.action_history);
        return Object.fromEntries(Object.entries(action).filter(([, v]) => v !== undefined && v !== null));
      };
      scope.get('/baseline', suggest);
      scope.get('/sample_action', suggest);
    },
    { prefix: DEVOPS_COMPAT_PREFIX },
  );
}
