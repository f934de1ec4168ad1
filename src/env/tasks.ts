import { GENERATED_FAMILIES, NATIVE_SCENARIOS } from '../scenarios/index.js';
import { NativeEngine } from './native/engine.js';
import { TaskRegistry } from './registry.js';

/** The registry of every built-in task, in listing order. */
export function createDefaultRegistry(): TaskRegistry {
  const registry = new TaskRegistry();
  for (const scenario of NATIVE_SCENARIOS) registry.register(new NativeEngine(scenario));
  for (const scenario of GENERATED_FAMILIES) registry.register(new NativeEngine(scenario));
  return registry;
}
