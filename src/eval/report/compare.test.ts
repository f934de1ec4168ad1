import { describe, expect, it } from 'vitest';

import type { EpisodeRow } from '../episode-row.js';
import { compareRuns, renderComparisonsMarkdown } from './compare.js';

function ep(run: string, task: string, seed: number, success: boolean, repeat = 0, agent = 'a'): EpisodeRow {
  return { run_id: run, agent, task_id: task, seed, repeat, success, score: success ? 0.9 : 0.1 } as EpisodeRow;
}

describe('runs compare: fixed and regressed pairs', () => {
  const base = [ep('r1', 't', 1, false), ep('r1', 't', 2, true), ep('r1', 't', 3, true), ep('r1', 't', 4, false), ep('r1', 'u', 9, true), ep('r1', 't', 5, false), ep('r1', 't', 5, true, 1)];
  const other = [ep('r2', 't', 1, true), ep('r2', 't', 2, false), ep('r2', 't', 3, true), ep('r2', 't', 4, false), ep('r2', 'v', 7, true), ep('r2', 't', 5, false), ep('r2', 't', 5, false, 1)];

  it('lists (task, seed) pairs whose verdict flipped, by agent, with counts of the rest', () => {
    const [c] = compareRuns([{ id: 'r1', episodes: base }, { id: 'r2', episodes: other }]);
    expect(c!.fixed.map((p) => [p.task_id, p.seed])).toEqual([['t', 1]]);
    // t/5 passed at 1 of 2 repeats (≥ 50%) and fails at 0 of 2: a regression, like t/2.
    expect(c!.regressed.map((p) => [p.task_id, p.seed])).toEqual([['t', 2], ['t', 5]]);
    expect(c!.unchanged).toEqual({ pass: 1, fail: 1 });
    expect([c!.only_in_base, c!.only_in_other]).toEqual([1, 1]);
    expect(c!.regressed[1]!.before).toEqual({ success_rate: 0.5, mean_score: 0.5 });
  });

  it('renders both lists', () => {
    const md = renderComparisonsMarkdown(compareRuns([{ id: 'r1', episodes: base }, { id: 'r2', episodes: other }]));
    expect(md).toContain('1 fixed, 2 regressed, 1 still pass, 1 still fail');
    expect(md).toContain('| t | 1 | 0.00 → 1.00 | 0.100 → 0.900 |');
  });
});
