import type { FastifyPluginAsync } from 'fastify';

import { COMPAT_ENVIRONMENTS } from '../compat/index.js';
import type { TaskRegistry } from '../env/registry.js';
import { createTaskRegistry } from '../env/tasks.js';
import type { ScenarioDefinition } from '../scenarios/index.js';

/**
 * The composition root of the catalogue: every built-in task — simulated ones, then the compat environments'
 * — followed by `extra` (user scenarios loaded from files).
 */
export function createDefaultRegistry(extra: readonly ScenarioDefinition[] = []): TaskRegistry {
  return createTaskRegistry({ engines: COMPAT_ENVIRONMENTS.flatMap((c) => c.createEngines()), scenarios: extra });
}

/** The compat environments' HTTP surfaces (under /compat/…) as app plugins, serving their tasks from `registry`. */
export function compatRoutePlugins(registry: TaskRegistry): FastifyPluginAsync[] {
  return COMPAT_ENVIRONMENTS.map((c) => async (scope) => c.registerRoutes(scope, { registry }));
}
