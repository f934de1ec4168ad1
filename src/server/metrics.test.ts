import { describe, expect, it } from 'vitest';

import { formatLabels, ServerMetrics } from './metrics.js';

describe('ServerMetrics', () => {
  it('writes Prometheus text exposition', () => {
    const m = new ServerMetrics();
    m.resets.inc({ task: 'a' });
    m.resets.inc({ task: 'a' });
    m.steps.inc({ task: 'a' }, 5);
    m.score.observe(0.25, { task: 'a' });
    m.score.observe(1, { task: 'a' });
    const text = m.render({ http: 2, ws: 1 });
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.split('\n');
    expect(lines).toContain('# TYPE firedrill_resets_total counter');
    expect(lines).toContain('firedrill_resets_total{task="a"} 2');
    expect(lines).toContain('firedrill_steps_total{task="a"} 5');
    expect(lines).toContain('firedrill_episode_score_bucket{task="a",le="0.2"} 0');
    expect(lines).toContain('firedrill_episode_score_bucket{task="a",le="0.3"} 1');
    expect(lines).toContain('firedrill_episode_score_bucket{task="a",le="1"} 2');
    expect(lines).toContain('firedrill_episode_score_bucket{task="a",le="+Inf"} 2');
    expect(lines).toContain('firedrill_episode_score_sum{task="a"} 1.25');
    expect(lines).toContain('firedrill_episode_score_count{task="a"} 2');
    expect(lines).toContain('firedrill_active_sessions{transport="http"} 2');
    expect(lines).toContain('firedrill_active_sessions{transport="ws"} 1');
    expect(lines).toContain('# TYPE firedrill_http_request_duration_seconds histogram');
  });

  it('escapes label values', () => {
    expect(formatLabels({ route: 'a"b\\c\nd' })).toBe('{route="a\\"b\\\\c\\nd"}');
  });
});
