import { createDefaultRegistry } from '../../src/env/tasks.js';
import type { TaskRegistry } from '../../src/env/registry.js';
import { registerToyTasks } from '../../test/fixtures/toy-incident.js';

/**
 * The task and action the transport benchmarks step with. With no built-in tasks yet they use the test fixture
 * (a tiny engine, so the figures measure the transport); set FIREDRILL_BENCH_TASK and FIREDRILL_BENCH_ACTION
 * (JSON) to measure a real task.
 */
export const BENCH_TASK = process.env['FIREDRILL_BENCH_TASK'] ?? 'toy-large';
export const BENCH_ACTION: unknown = JSON.parse(process.env['FIREDRILL_BENCH_ACTION'] ?? '{"action_type":"inspect","service":"svc-a"}');

export function benchRegistry(): TaskRegistry {
  return registerToyTasks(createDefaultRegistry());
}
