import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';

import { FiredrillError, jsonSchemaOf } from '../../contracts/index.js';
import { TASK_SPLITS, TaskIndex } from '../../env/task-index.js';
import type { AppContext } from '../context.js';
import { objectBody, parseOrThrow } from '../wire.js';

const Split = z.string().min(1).max(64).describe('train or test (GET /{env_name}/splits).');
const Family = z.string().min(1).max(64).nullable().optional().describe('Count within one task family (a task source such as generated); every task when omitted.');
const Index = z.number().int().describe('Position in the split, from 0.');

export const ListTasksRequestSchema = z.strictObject({ split: Split, family: Family });
export const NumTasksRequestSchema = z.strictObject({ split: Split, family: Family });
export const GetTaskRequestSchema = z.strictObject({ split: Split, index: Index, family: Family });
export const GetTaskRangeRequestSchema = z.strictObject({
  split: Split,
  start: z.number().int().nullable().optional(),
  stop: z.number().int().nullable().optional(),
  family: Family,
});

const tags = ['task-api'];

/**
 * OpenEnv's Task API (and the ORS/OpenReward discovery routes it mirrors): splits, counts and task specs under
 * `/{env_name}/…`. Discovery only: a spec names a task and a seed; `reset(split=…, index=…)` starts the episode.
 */
export function taskApiRoutes(ctx: AppContext) {
  const index = new TaskIndex(ctx.registry);
  const envName = ctx.metadata.name;

  function env(request: FastifyRequest): void {
    const name = (request.params as { env_name?: string }).env_name ?? '';
    if (name.toLowerCase() !== envName.toLowerCase()) throw new FiredrillError('NOT_FOUND', `No environment '${name.slice(0, 64)}'; this server runs '${envName}' (GET /list_environments).`);
  }

  return async function register(app: FastifyInstance): Promise<void> {
    app.get('/list_environments', { schema: { summary: 'Names of the environments this server runs.', tags } }, async () => [envName]);

    app.get('/:env_name/splits', { schema: { summary: 'The splits: train and test (seed ranges).', tags } }, async (request) => {
      env(request);
      return TASK_SPLITS.map((name) => ({ name, type: name }));
    });

    app.post('/:env_name/tasks', { schema: { summary: 'A preview of a split: its first task specs, one per task (the split holds num_tasks).', tags, body: jsonSchemaOf(ListTasksRequestSchema, 'openapi-3.0') } }, async (request) => {
      env(request);
      const body = parseOrThrow(ListTasksRequestSchema, objectBody(request.body));
      return { tasks: index.range(body.split, 0, index.tasksPerSeed(body.family), body.family), env_name: envName };
    });

    app.post('/:env_name/num_tasks', { schema: { summary: 'How many tasks a split holds (tasks × seeds of its range).', tags, body: jsonSchemaOf(NumTasksRequestSchema, 'openapi-3.0') } }, async (request) => {
      env(request);
      const body = parseOrThrow(NumTasksRequestSchema, objectBody(request.body));
      return { num_tasks: index.count(body.split, body.family) };
    });

    app.post('/:env_name/task', { schema: { summary: 'The task spec at an index: task_id, seed, difficulty, group (never the answer).', tags, body: jsonSchemaOf(GetTaskRequestSchema, 'openapi-3.0') } }, async (request) => {
      env(request);
      const body = parseOrThrow(GetTaskRequestSchema, objectBody(request.body));
      return { task: index.at(body.split, body.index, body.family) };
    });

    app.post('/:env_name/task_range', { schema: { summary: 'Task specs [start, stop) with Python slice semantics, at most 1000.', tags, body: jsonSchemaOf(GetTaskRangeRequestSchema, 'openapi-3.0') } }, async (request) => {
      env(request);
      const body = parseOrThrow(GetTaskRangeRequestSchema, objectBody(request.body));
      return { tasks: index.range(body.split, body.start, body.stop, body.family) };
    });

    // Any other method under the environment's name: OpenEnv answers 501 for a method the environment lacks.
    const missing = async (request: FastifyRequest): Promise<never> => {
      env(request);
      const method = (request.params as { method?: string }).method ?? '';
      throw new FiredrillError('NOT_IMPLEMENTED', `Firedrill does not implement '${method.slice(0, 64)}'.`);
    };
    app.get('/:env_name/:method', { schema: { hide: true } }, missing);
    app.post('/:env_name/:method', { schema: { hide: true } }, missing);
  };
}
