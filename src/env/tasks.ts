import { createDevopsCompatEngines } from './engines/seed-devops-engine.js';
import { createSreCompatEngines } from './engines/seed-sre-tasks.js';
import { TaskRegistry } from './registry.js';

/** The registry of every built-in task, in listing order. */
export function createDefaultRegistry(): TaskRegistry {
  const registry = new TaskRegistry();
  for (const engine of createSreCompatEngines()) registry.register(engine);
  for (const engine of createDevopsCompatEngines()) registry.register(engine);
  return registry;
}
