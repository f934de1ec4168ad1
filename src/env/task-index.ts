import { type Difficulty, FiredrillError, type TaskInfo } from '../contracts/index.js';
import { SEED_SPLITS } from '../scenarios/index.js';
import type { TaskRegistry } from './registry.js';

/** The splits of the Task API, in listing order; each is a seed range (src/scenarios/splits.ts). */
export const TASK_SPLITS = ['train', 'test'] as const;
export type TaskSplit = (typeof TASK_SPLITS)[number];

/** Most task specs one `task_range` or `tasks` answer carries. */
export const TASK_PAGE_MAX = 1000;

/**
 * One entry of a split: which task and seed an index selects, with the metadata a curriculum sorts on.
 * Never ground truth: the seed picks the incident, and nothing here says what the incident is.
 */
export interface TaskSpec {
  id: string;
  split: TaskSplit;
  index: number;
  family: string | null;
  task_id: string;
  seed: number;
  name: string;
  difficulty: Difficulty;
  /** Task family (the task's source: native, curated, generated, or a seed's compat family). */
  group: TaskInfo['source'];
  max_steps: number;
}

/**
 * The deterministic index → (task, seed) mapping of a split, over every task or one family. Tasks interleave:
 * index i is task i mod T at seed `first + ⌊i / T⌋`, so the first T indices cover each task once and every
 * later block of T repeats them at the next seed of the split's range.
 */
export class TaskIndex {
  constructor(private readonly registry: TaskRegistry) {}

  /** Task families (sources), in registration order. */
  families(): string[] {
    return [...new Set(this.registry.list().map((t) => t.source))];
  }

  /** Tasks at each seed: the length of one interleaved block. */
  tasksPerSeed(family?: string | null): number {
    return this.tasks(family).length;
  }

  count(split: string, family?: string | null): number {
    const range = SEED_SPLITS[checkSplit(split)];
    return this.tasks(family).length * (range.last - range.first + 1);
  }

  at(split: string, index: number, family?: string | null): TaskSpec {
    const name = checkSplit(split);
    const tasks = this.tasks(family);
    const count = this.count(name, family);
    if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
      throw new FiredrillError('TASK_INDEX_OUT_OF_RANGE', `Index ${String(index)} is outside split '${name}'${family ? ` of family '${family}'` : ''} (0 ≤ index < ${count}).`, { field: 'index' });
    }
    const task = tasks[index % tasks.length]!;
    const seed = SEED_SPLITS[name].first + Math.floor(index / tasks.length);
    return {
      id: `${name}${family ? `-${family}` : ''}-${index}`,
      split: name,
      index,
      family: family ?? null,
      task_id: task.id,
      seed,
      name: task.name,
      difficulty: task.difficulty,
      group: task.source,
      max_steps: task.max_steps,
    };
  }

  /** Python slice semantics over the split (start inclusive, stop exclusive, negatives from the end), at most TASK_PAGE_MAX entries. */
  range(split: string, start: number | null | undefined, stop: number | null | undefined, family?: string | null): TaskSpec[] {
    const count = this.count(split, family);
    const from = sliceBound(start ?? 0, count);
    const to = sliceBound(stop ?? count, count);
    if (to - from > TASK_PAGE_MAX) {
      throw new FiredrillError('TASK_INDEX_OUT_OF_RANGE', `A range may hold at most ${TASK_PAGE_MAX} tasks; ask for [${from}, ${from + TASK_PAGE_MAX}) and page on.`, { field: 'stop' });
    }
    const specs: TaskSpec[] = [];
    for (let i = from; i < to; i++) specs.push(this.at(split, i, family));
    return specs;
  }

  private tasks(family?: string | null): TaskInfo[] {
    const all = this.registry.list();
    if (family === undefined || family === null) return all;
    const tasks = all.filter((t) => t.source === family);
    if (tasks.length === 0) throw new FiredrillError('VALIDATION_ERROR', `No task family '${family}'; the families are ${this.families().join(', ')}.`, { field: 'family' });
    return tasks;
  }
}

function checkSplit(split: string): TaskSplit {
  if ((TASK_SPLITS as readonly string[]).includes(split)) return split as TaskSplit;
  throw new FiredrillError('VALIDATION_ERROR', `No split '${split.slice(0, 64)}'; the splits are ${TASK_SPLITS.join(', ')}.`, { field: 'split' });
}

function sliceBound(i: number, count: number): number {
  if (!Number.isSafeInteger(i)) throw new FiredrillError('VALIDATION_ERROR', 'start and stop must be integers.', { field: 'start' });
  if (i < 0) return Math.max(0, count + i);
  return Math.min(i, count);
}
