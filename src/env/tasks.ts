import { CURATED_SCENARIOS, GENERATED_FAMILIES, NATIVE_SCENARIOS, type ScenarioDefinition, STORY_SCENARIOS } from '../scenarios/index.js';
import type { AnyEngine } from './engine.js';
import { NativeEngine } from './native/engine.js';
import { TaskRegistry } from './registry.js';

export interface TaskRegistryParts {
  /** Engines registered by the composition root (the compat environments), listed after the built-in scenarios. */
  engines?: readonly AnyEngine[];
  /** User scenarios loaded from files, listed last. */
  scenarios?: readonly ScenarioDefinition[];
}

/**
 * A registry of the simulated tasks, in listing order: native incidents, curated incidents, generated families,
 * the v2 stories of the native and curated incidents, then `engines`, then `scenarios`. The full catalogue (with the compat environments) is `createDefaultRegistry`
 * in `cli/default-registry.ts`.
 */
export function createTaskRegistry(parts: TaskRegistryParts = {}): TaskRegistry {
  const registry = new TaskRegistry();
  for (const scenario of NATIVE_SCENARIOS) registry.register(new NativeEngine(scenario));
  for (const scenario of CURATED_SCENARIOS) registry.register(new NativeEngine(scenario));
  for (const scenario of GENERATED_FAMILIES) registry.register(new NativeEngine(scenario));
  for (const scenario of STORY_SCENARIOS) registry.register(new NativeEngine(scenario));
  for (const engine of parts.engines ?? []) registry.register(engine);
  for (const scenario of parts.scenarios ?? []) registry.register(new NativeEngine(scenario));
  return registry;
}
