import { describe, expect, it } from 'vitest';

import { resolveEpisodes } from './task-selector.js';

const ids = ['gen-easy-a', 'gen-easy-b', 'gen-hard-a', 'cache-eviction-v1'];

describe('resolveEpisodes', () => {
  it('crosses ids and families with seeds, in order, without duplicates', () => {
    expect(resolveEpisodes('cache-eviction-v1', ids, [1, 2])).toEqual([{ task_id: 'cache-eviction-v1', seed: 1 }, { task_id: 'cache-eviction-v1', seed: 2 }]);
    expect(resolveEpisodes('gen-easy,gen-easy-a', ids, [0]).map((e) => e.task_id)).toEqual(['gen-easy-a', 'gen-easy-b']);
    expect(resolveEpisodes('all', ids, [0]).length).toBe(4);
  });

  it('takes a benchmark with its own seeds', () => {
    const benchmarks = { 'firedrill-bench-v1': [{ task_id: 'gen-hard-a', seed: 17 }, { task_id: 'cache-eviction-v1', seed: 3 }] };
    expect(resolveEpisodes('firedrill-bench-v1', ids, [], benchmarks)).toEqual(benchmarks['firedrill-bench-v1']);
  });

  it('names what did not match', () => {
    expect(() => resolveEpisodes('gen-expert', ids, [0])).toThrow("No task has the id 'gen-expert'.");
    expect(() => resolveEpisodes('firedrill-bench-v1', ids, [0])).toThrow(/No task has the id 'firedrill-bench-v1'\./);
    expect(() => resolveEpisodes('gen-easy', ids, [])).toThrow('No seeds selected (use --seeds a..b).');
    expect(() => resolveEpisodes('b', ids, [0], { b: [{ task_id: 'gone', seed: 0 }] })).toThrow("Benchmark b names task 'gone', which this build does not have.");
  });
});
