import { createDefaultRegistry } from '../../dist/env/tasks.js';
import { toyIncident } from '../../test/fixtures/toy-incident.js';

/**
 * The task and action the transport benchmarks step with: by default the first built-in task and
 * `list_services` (one simulated minute per step). FIREDRILL_BENCH_TASK=toy-large with
 * FIREDRILL_BENCH_ACTION='{"action_type":"inspect","service":"svc-a"}' measures the transport alone on the
 * test fixture, whose steps cost almost nothing.
 */
export function benchRegistry(): ReturnType<typeof createDefaultRegistry> {
  return createDefaultRegistry().register(toyIncident('toy-large', 6, 14));
}

export const BENCH_TASK = process.env['FIREDRILL_BENCH_TASK'] ?? benchRegistry().ids()[0]!;
export const BENCH_ACTION: unknown = JSON.parse(process.env['FIREDRILL_BENCH_ACTION'] ?? '{"action_type":"list_services"}');
