import { FiredrillError, type TaskInfo } from '../contracts/index.js';
import type { AnyEngine } from './engine.js';

/** Task id → engine. Ids are unique; registration order is listing order. */
export class TaskRegistry {
  private readonly engines = new Map<string, AnyEngine>();

  register(engine: AnyEngine): this {
    if (this.engines.has(engine.info.id)) throw new Error(`duplicate task id ${engine.info.id}`);
    this.engines.set(engine.info.id, engine);
    return this;
  }

  has(id: string): boolean {
    return this.engines.has(id);
  }

  get(id: string): AnyEngine {
    const engine = this.engines.get(id);
    if (!engine) throw new FiredrillError('UNKNOWN_TASK', `No task has the id '${id}'.`, { field: 'task_id' });
    return engine;
  }

  list(): TaskInfo[] {
    return [...this.engines.values()].map((e) => e.info);
  }

  ids(): string[] {
    return [...this.engines.keys()];
  }
}
