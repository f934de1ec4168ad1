import { FiredrillError } from '../contracts/index.js';

/** A named, frozen list of (task, seed) pairs, such as firedrill-bench-v1. */
export type Benchmarks = Readonly<Record<string, readonly { task_id: string; seed: number }[]>>;

/**
 * Resolves `--tasks` against the registry: each comma-separated part is a task id, a benchmark name (which brings
 * its own seeds), `all`, or a family prefix such as `gen-easy` (every id starting with it). Plain tasks are crossed
 * with `seeds`. Pairs keep the order of first appearance, without duplicates.
 */
export function resolveEpisodes(spec: string, taskIds: readonly string[], seeds: readonly number[], benchmarks: Benchmarks = {}): { task_id: string; seed: number }[] {
  const parts = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) throw new FiredrillError('VALIDATION_ERROR', 'No task selected.', { field: 'tasks' });
  const out: { task_id: string; seed: number }[] = [];
  const seen = new Set<string>();
  const add = (task_id: string, seed: number) => {
    const k = `${task_id}\u0000${seed}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push({ task_id, seed });
    }
  };
  for (const part of parts) {
    const bench = Object.hasOwn(benchmarks, part) ? benchmarks[part] : undefined;
    if (bench) {
      for (const p of bench) {
        if (!taskIds.includes(p.task_id)) throw new FiredrillError('UNKNOWN_TASK', `Benchmark ${part} names task '${p.task_id}', which this build does not have.`, { field: 'tasks' });
        add(p.task_id, p.seed);
      }
      continue;
    }
    const ids = part === 'all' ? [...taskIds] : taskIds.includes(part) ? [part] : taskIds.filter((id) => id.startsWith(part));
    if (ids.length === 0) {
      const names = Object.keys(benchmarks);
      // The same sentence as every other command's unknown task (TaskRegistry.get); what else --tasks accepts is in details.
      throw new FiredrillError('UNKNOWN_TASK', `No task has the id '${part}'.`, { field: 'tasks', details: { also_accepted: ['a family prefix such as gen-easy', 'all', ...names] } });
    }
    if (seeds.length === 0) throw new FiredrillError('VALIDATION_ERROR', 'No seeds selected (use --seeds a..b).', { field: 'seeds' });
    for (const id of ids) for (const seed of seeds) add(id, seed);
  }
  return out;
}
