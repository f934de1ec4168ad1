import { CURATED_SCENARIOS, GENERATED_FAMILIES, NATIVE_SCENARIOS, type ScenarioDefinition } from '../scenarios/index.js';
import { NativeEngine } from './native/engine.js';
import { TaskRegistry } from './registry.js';

/** The registry of every built-in task, in listing order, followed by `extra` (user scenarios loaded from files). */
export function createDefaultRegistry(extra: readonly ScenarioDefinition[] = []): TaskRegistry {
  const registry = new TaskRegistry();
  for (const scenario of NATIVE_SCENARIOS) registry.register(new NativeEngine(scenario));
  for (const scenario of CURATED_SCENARIOS) registry.register(new NativeEngine(scenario));
  for (const scenario of GENERATED_FAMILIES) registry.register(new NativeEngine(scenario));
  for (const scenario of extra) registry.register(new NativeEngine(scenario));
  return registry;
}
