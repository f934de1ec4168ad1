import type { FastifyInstance } from 'fastify';

import type { TaskEngine } from '../env/engine.js';
import type { TaskRegistry } from '../env/registry.js';
import type { CompatSessionOptions } from './shared/sessions.js';

export interface CompatRouteDeps {
  /** The full task registry; a compat surface serves only the tasks of its own `source`. */
  registry: TaskRegistry;
  sessions?: CompatSessionOptions;
}

/**
 * One environment reproduced from an outside benchmark: its tasks and the HTTP surface its own clients speak.
 * The core layers know nothing of these; the composition root (`cli/default-registry.ts`) registers each one's
 * engines in the task registry and mounts its routes on the app.
 */
export interface CompatEnvironment {
  /** `TaskInfo.source` of its tasks. */
  readonly source: string;
  /** Where its HTTP surface is mounted. */
  readonly routePrefix: string;
  /** Its tasks, in the original's listing order. */
  createEngines(): TaskEngine[];
  registerRoutes(app: FastifyInstance, deps: CompatRouteDeps): void;
}
