import { describe, expect, it } from 'vitest';

import type { EpisodeRow } from '../episode-row.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { summarise } from './summary.js';

function ep(agent: string, task_id: string, seed: number, repeat: number, score: number, over: Partial<EpisodeRow> = {}): EpisodeRow {
  return {
    run_id: 'run-x', agent, task_id, seed, repeat, status: 'done', score, success: score >= 0.5, turns: 6, steps: 5, total_reward: score,
    elapsed_minutes: 10, time_to_mitigate: score >= 0.5 ? 10 : null, prompt_tokens: 0, completion_tokens: 0, cost_usd: 0, llm_calls: 0, wall_ms: 1,
    criteria: { mitigation: score >= 0.5 ? 1 : 0, efficiency: score / 2 }, report: null, error: null, trajectory_path: 'x', started_at: 't', finished_at: 't', ...over,
  };
}

const episodes = [
  ep('a', 't1', 0, 0, 0.9), ep('a', 't1', 0, 1, 0.8), ep('a', 't1', 1, 0, 0.2), ep('a', 't1', 1, 1, 0.6),
  ep('a', 't2', 0, 0, 1.0, { steps: 9, time_to_mitigate: 20 }), ep('a', 't2', 0, 1, 0.4),
  ep('llm:m', 't1', 0, 0, 0.5, { prompt_tokens: 1000, completion_tokens: 100, cost_usd: 0.002, llm_calls: 4 }),
];

describe('summarise', () => {
  const s = summarise(episodes, { resamples: 500, seed: 1 });

  it('aggregates per agent and task', () => {
    expect(s.agents).toEqual(['a', 'llm:m']);
    expect(s.tasks).toEqual(['t1', 't2']);
    const t1 = s.groups.find((g) => g.agent === 'a' && g.task_id === 't1');
    expect(t1).toMatchObject({ episodes: 4, seeds: 2, success_rate: 0.75, k: 2, mean_steps: 5, mean_time_to_mitigate: 10, mitigated: 3, criteria: { mitigation: 0.75 } });
    expect(t1?.mean_score).toBeCloseTo(0.625, 12);
    // seed 0: 2/2 → 1; seed 1: 1/2 → C(1,2)/C(2,2) = 0.
    expect(t1?.pass_k).toBe(0.5);
    expect(t1?.criteria['efficiency']).toBeCloseTo(0.3125, 12);
    expect(t1?.scores).toEqual([0.9, 0.8, 0.2, 0.6]);
    const all = s.overall.find((g) => g.agent === 'a');
    expect(all).toMatchObject({ task_id: '*', episodes: 6, mean_time_to_mitigate: 12.5 });
    expect(s.overall.find((g) => g.agent === 'llm:m')).toMatchObject({ prompt_tokens: 1000, completion_tokens: 100, mean_tokens: 1100, cost_usd: 0.002, llm_calls: 4, k: 1, pass_k: 1 });
  });

  it('renders the Markdown table with CI, pass^k, time to mitigate, tokens and cost', () => {
    const md = renderMarkdown(s);
    const lines = md.split('\n');
    // Groups with different k (2 tries for a, 1 for llm:m): k goes into each cell.
    expect(lines[2]).toBe('| Agent | Task | Episodes | Errors | Mean score (95% CI) | Success | pass^k | Steps | Time to mitigate (sim min) | Tokens / episode | Cost / episode |');
    const t1 = s.groups[0];
    expect(lines[4]).toBe(`| a | t1 | 4 | — | 0.625 [${t1?.ci95[0].toFixed(3)}, ${t1?.ci95[1].toFixed(3)}] | 75% | 0.50 (k=2) | 5.0 | 10.0 (3/4) | — | — |`);
    expect(md).toContain('| llm:m | t1 | 1 | — | 0.500 [0.500, 0.500] | 100% | 1.00 (k=1) | 5.0 | 10.0 (1/1) | 1,100 | $0.0020 |');
    expect(md).not.toContain('| llm:m | **all tasks**');
    expect(md).toContain('| a | **all tasks** | 6 |');
    expect(md).toContain('### t1\n\n| Agent | mitigation | efficiency |\n| --- | ---: | ---: |\n| a | 0.750 | 0.313 |\n| llm:m | 1.000 | 0.250 |');
  });

  it('renders a self-contained HTML report with one chart per view', () => {
    const html = renderHtml(s);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|href=/);
    expect(html.match(/class="chart chart-agents"/g)?.length).toBe(1);
    expect(html.match(/class="chart chart-distribution"/g)?.length).toBe(2);
    expect(html.match(/class="chart chart-criteria"/g)?.length).toBe(2);
  });

  it('keeps failed episodes apart: counted in errors and the error rate, left out of every score', () => {
    const withErrors = summarise([ep('a', 't1', 0, 0, 0.8), ep('a', 't1', 1, 0, 0, { status: 'error', error: '401' }), ep('a', 't1', 2, 0, 0, { status: 'env_error' }), ep('b', 't1', 0, 0, 0, { status: 'error' })], { resamples: 100 });
    const a = withErrors.groups.find((g) => g.agent === 'a');
    expect(a).toMatchObject({ episodes: 3, scored: 1, errors: 2, mean_score: 0.8, success_rate: 1, scores: [0.8], statuses: { done: 1, error: 1, env_error: 1 } });
    expect(a?.error_rate).toBeCloseTo(2 / 3, 12);
    expect(withErrors.groups.find((g) => g.agent === 'b')).toMatchObject({ episodes: 1, scored: 0, errors: 1, error_rate: 1 });
    const md = renderMarkdown(withErrors);
    // One try per (task, seed): no pass^k column (pass^1 is the success rate).
    expect(md.split('\n')[2]).toBe('| Agent | Task | Episodes | Errors | Mean score (95% CI) | Success | Steps | Time to mitigate (sim min) |');
    expect(md).toContain('| a | t1 | 3 | 2 (67%) | 0.800 [0.800, 0.800] | 100% | 5.0 | 10.0 (1/1) |');
    expect(md).toContain('| b | t1 | 1 | 1 (100%) | — | — | — | — |');
    expect(renderHtml(withErrors)).toContain('<td>2 (67%)</td>');
  });

  it('names one k in the header when every group shares it', () => {
    const md = renderMarkdown(summarise(episodes.filter((e) => e.agent === 'a'), { resamples: 100 }));
    expect(md.split('\n')[2]).toContain('| Success | pass^k (k=2) | Steps |');
  });
});
