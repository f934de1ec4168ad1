import { CURATED_SCENARIOS, GENERATED_FAMILIES, NATIVE_SCENARIOS, type ScenarioDefinition, STORY_SCENARIOS } from '../scenarios/index.js';
import { createDevopsCompatEngines } from './engines/seed-devops-engine.js';
import { createSreCompatEngines } from './engines/seed-sre-tasks.js';
import { NativeEngine } from './native/engine.js';
import { TaskRegistry } from './registry.js';

/**
 * The registry of every built-in task, in listing order: native incidents, curated incidents, generated families,
 * then the seeds' tasks; followed by `extra` (user scenarios loaded from files).
 */
export function createDefaultRegistry(extra: readonly ScenarioDefinition[] = []): TaskRegistry {
  const registry = new TaskRegistry();
  for (const scenario of NATIVE_SCENARIOS) registry.register(new NativeEngine(scenario));
  for (const scenario of CURATED_SCENARIOS) registry.register(new NativeEngine(scenario));
  for (const scenario of GENERATED_FAMILIES) registry.register(new NativeEngine(scenario));
  for (const scenario of STORY_SCENARIOS) registry.register(new NativeEngine(scenario));
  for (const engine of createSreCompatEngines()) registry.register(engine);
  for (const engine of createDevopsCompatEngines()) registry.register(engine);
  for (const scenario of extra) registry.register(new NativeEngine(scenario));
  return registry;
}
