export { Environment, SNAPSHOT_VERSION, type EnvironmentOptions, type Snapshot } from './environment.js';
export { TaskRegistry } from './registry.js';
export { createTaskRegistry, type TaskRegistryParts } from './tasks.js';
export { TaskIndex, TASK_SPLITS, TASK_PAGE_MAX, type TaskSpec, type TaskSplit } from './task-index.js';
export { NativeEngine, TIME_LIMIT_MINUTES } from './native/engine.js';
export type { AnyEngine, EngineContext, TaskEngine } from './engine.js';
