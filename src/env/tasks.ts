import { NATIVE_SCENARIOS } from '../scenarios/index.js';
import { createDevopsCompatEngines } from './engines/seed-devops-engine.js';
import { createSreCompatEngines } from './engines/seed-sre-tasks.js';
import { NativeEngine } from './native/engine.js';
import { TaskRegistry } from './registry.js';

/** The registry of every built-in task, in listing order: native incidents first, then the seeds' tasks. */
export function createDefaultRegistry(): TaskRegistry {
  const registry = new TaskRegistry();
  for (const scenario of NATIVE_SCENARIOS) registry.register(new NativeEngine(scenario));
  for (const engine of createSreCompatEngines()) registry.register(engine);
  for (const engine of createDevopsCompatEngines()) registry.register(engine);
  return registry;
}
