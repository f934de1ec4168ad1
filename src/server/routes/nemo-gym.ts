import { randomUUID } from 'node:crypto';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

import { actionToolsOf, FiredrillError, jsonSchemaOf, NativeActionSchema } from '../../contracts/index.js';
import { TaskIndex } from '../../env/task-index.js';
import type { AppContext } from '../context.js';
import { guarded } from '../episodes.js';
import type { Session } from '../sessions.js';
import { objectBody, parseOrThrow } from '../wire.js';

/** Where the NeMo Gym resources server lives on Firedrill's server. */
export const NEMO_GYM_PREFIX = '/nemo-gym';
/** The cookie that ties a rollout's requests to its session (NeMo Gym agents keep the server's cookies). */
export const NEMO_GYM_COOKIE = 'firedrill_nemo_session';
/** Most sessions remembered at once; beyond it the oldest mapping is forgotten (its episode is reaped as idle). */
export const NEMO_GYM_SESSIONS_MAX = 4096;

const TaskChoice = {
  task_id: z.string().min(1).max(128).optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  split: z.string().min(1).max(64).optional(),
  index: z.number().int().min(0).optional(),
  family: z.string().min(1).max(64).optional(),
};
/** Legacy seed body (an agent's /run forwards the dataset row) or an Environment Server's ResourcesSeedSessionRequest. */
export const SeedSessionSchema = z.looseObject({
  ...TaskChoice,
  resources_session_id: z.string().min(1).max(128).optional(),
  episode_id: z.string().min(1).max(255).optional(),
  task_data: z.looseObject(TaskChoice).optional(),
});
export const CloseSessionSchema = z.looseObject({ resources_session_id: z.string().min(1).max(128).optional(), episode_id: z.string().max(255).optional() });
export const AggregateMetricsSchema = z.looseObject({ verify_responses: z.array(z.looseObject({ reward: z.number(), mask_sample: z.boolean().optional() })).max(1_000_000) });

const tags = ['nemo-gym'];

/**
 * A NeMo Gym resources server in TypeScript, under /nemo-gym: `POST /seed_session` starts an episode, `POST /<tool>`
 * takes one action (one route per action tool), `POST /verify` returns the grade as NeMo Gym's verify response
 * (`reward`, `mask_sample`, `failure_kind`, `reward_components`), `POST /close_session` ends the episode and
 * `POST /aggregate_metrics` summarises verify responses. A rollout's requests share a session through a cookie,
 * or through `resources_session_id` when an Environment Server seeds with one.
 */
export function nemoGymRoutes(ctx: AppContext) {
  const { store, episodes, registry } = ctx;
  const index = new TaskIndex(registry);
  const byName = new Map<string, string>();

  function remember(name: string, s: Session): void {
    if (byName.size >= NEMO_GYM_SESSIONS_MAX) byName.delete(byName.keys().next().value!);
    byName.set(name, s.id);
  }

  function cookieOf(request: FastifyRequest): string | undefined {
    const header = request.headers.cookie ?? '';
    for (const part of header.split(';')) {
      const [key, ...value] = part.trim().split('=');
      if (key === NEMO_GYM_COOKIE) return decodeURIComponent(value.join('='));
    }
    return undefined;
  }

  function sessionName(request: FastifyRequest, body?: { resources_session_id?: string | undefined }): string | undefined {
    return body?.resources_session_id ?? cookieOf(request);
  }

  function session(request: FastifyRequest, body?: { resources_session_id?: string | undefined }): Session {
    const name = sessionName(request, body);
    const id = name === undefined ? undefined : byName.get(name);
    if (id === undefined) throw new FiredrillError('SESSION_NOT_FOUND', 'No NeMo Gym session: POST /nemo-gym/seed_session first (and keep its cookie).');
    return store.get(id);
  }

  function setCookie(reply: FastifyReply, name: string): void {
    reply.header('set-cookie', `${NEMO_GYM_COOKIE}=${encodeURIComponent(name)}; Path=${NEMO_GYM_PREFIX}; HttpOnly; SameSite=Lax`);
  }

  return async function register(app: FastifyInstance): Promise<void> {
    app.post(`${NEMO_GYM_PREFIX}/seed_session`, { schema: { summary: 'NeMo Gym: start the episode of a task (task_id + seed, or split + index).', tags, body: jsonSchemaOf(SeedSessionSchema, 'openapi-3.0') } }, async (request, reply) => {
      const body = parseOrThrow(SeedSessionSchema, objectBody(request.body));
      const choice = { ...body, ...body.task_data };
      const selection = choice.split !== undefined || choice.index !== undefined ? (() => {
        if (choice.split === undefined || choice.index === undefined) throw new FiredrillError('VALIDATION_ERROR', 'split and index select a task together; send both.', { field: choice.split === undefined ? 'split' : 'index' });
        const spec = index.at(choice.split, choice.index, choice.family);
        return { task_id: spec.task_id, seed: spec.seed };
      })() : { ...(choice.task_id === undefined ? {} : { task_id: choice.task_id }), ...(choice.seed === undefined ? {} : { seed: choice.seed }) };
      const name = body.resources_session_id ?? randomUUID();
      const existing = byName.get(name);
      if (existing !== undefined && store.isLive(store.get(existing))) {
        return body.resources_session_id === undefined ? {} : { resources_session_id: name };
      }
      const s = store.create('http');
      try {
        episodes.reset(s, { ...selection, ...(body.episode_id === undefined ? {} : { episode_id: body.episode_id }) });
      } catch (err) {
        store.release(s);
        throw err;
      }
      remember(name, s);
      setCookie(reply, name);
      return body.resources_session_id === undefined ? {} : { resources_session_id: name };
    });

    app.post(`${NEMO_GYM_PREFIX}/verify`, { schema: { summary: 'NeMo Gym: the grade of the rollout\'s episode as a verify response (the request echoed, plus reward and diagnostics).', tags } }, async (request) => {
      const body = objectBody(request.body);
      const s = session(request, body as { resources_session_id?: string });
      const env = s.env;
      const state = guarded(() => env.state());
      if (!state.done) {
        return { ...body, reward: 0, mask_sample: false, failure_kind: 'firedrill:episode_not_finished', failure_reason: `The episode is still running after ${state.step_count} steps; it scores once the agent resolves it or runs out of steps.`, reward_components: {} };
      }
      const report = episodes.report(s);
      const components = Object.fromEntries(report.criteria.map((c) => [c.name, c.points]));
      return { ...body, reward: report.score, mask_sample: false, failure_kind: null, failure_reason: null, reward_components: components, success: report.success };
    });

    app.post(`${NEMO_GYM_PREFIX}/close_session`, { schema: { summary: 'NeMo Gym: end the rollout\'s episode (idempotent).', tags, body: jsonSchemaOf(CloseSessionSchema, 'openapi-3.0') } }, async (request) => {
      const body = parseOrThrow(CloseSessionSchema, objectBody(request.body));
      const name = sessionName(request, body);
      const id = name === undefined ? undefined : byName.get(name);
      if (name !== undefined) byName.delete(name);
      if (id !== undefined) store.close(id);
      return { resources_session_id: name ?? null };
    });

    app.post(`${NEMO_GYM_PREFIX}/aggregate_metrics`, { schema: { summary: 'NeMo Gym: mean reward, its standard error and the success rate over verify responses (masked samples left out).', tags, body: jsonSchemaOf(AggregateMetricsSchema, 'openapi-3.0') } }, async (request) => {
      const body = parseOrThrow(AggregateMetricsSchema, objectBody(request.body));
      const kept = body.verify_responses.filter((r) => r.mask_sample !== true);
      const n = kept.length;
      const mean = n === 0 ? null : kept.reduce((a, r) => a + r.reward, 0) / n;
      const variance = n < 2 || mean === null ? null : kept.reduce((a, r) => a + (r.reward - mean) ** 2, 0) / (n - 1);
      const componentNames = [...new Set(kept.flatMap((r) => Object.keys((r['reward_components'] as Record<string, number> | undefined) ?? {})))].sort();
      const components = Object.fromEntries(componentNames.map((c) => [c, kept.reduce((a, r) => a + ((r['reward_components'] as Record<string, number> | undefined)?.[c] ?? 0), 0) / n]));
      return {
        num_samples: body.verify_responses.length,
        num_masked: body.verify_responses.length - n,
        mean_reward: mean,
        reward_std_err: variance === null ? null : Math.sqrt(variance / n),
        success_rate: n === 0 ? null : kept.filter((r) => r['success'] === true).length / n,
        reward_components: components,
      };
    });

    // One route per action tool of the native action set: the body is the tool's arguments.
    for (const listing of actionToolsOf(NativeActionSchema)) {
      app.post(`${NEMO_GYM_PREFIX}/${listing.name}`, { schema: { summary: `NeMo Gym tool: ${listing.description.split('\n')[0]}`, tags } }, async (request) => {
        const s = session(request);
        store.touch(s);
        const tool = episodes.findTool(s, listing.name);
        if (!tool) throw new FiredrillError('NOT_FOUND', `This session's task has no tool '${listing.name}'.`);
        const { step } = episodes.callTool(s, tool, objectBody(request.body));
        return { output: typeof step.observation['text'] === 'string' ? step.observation['text'] : JSON.stringify(step.observation), done: step.done };
      });
    }
  };
}
