import { TaskRegistry } from './registry.js';

/** The registry of every built-in task, in listing order. */
export function createDefaultRegistry(): TaskRegistry {
  const registry = new TaskRegistry();
  return registry;
}
