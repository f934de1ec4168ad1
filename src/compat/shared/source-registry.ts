import { TaskRegistry } from '../../env/registry.js';

/** The tasks of one compat environment only: each compat surface serves its own environment's tasks and rejects the others. */
export function sourceRegistry(all: TaskRegistry, source: string): TaskRegistry {
  const registry = new TaskRegistry();
  for (const info of all.list()) if (info.source === source) registry.register(all.get(info.id));
  return registry;
}
