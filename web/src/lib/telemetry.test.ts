import { describe, expect, it } from 'vitest';

import type { StepResult } from '../../../src/contracts/episode.js';
import { Environment } from '../../../src/env/environment.js';
import { createTaskRegistry } from '../../../src/env/tasks.js';
import { nativeObservation } from './native.js';
import { applyStep, draftTimeline, emptyTelemetry, type Telemetry } from './telemetry.js';

function play(actions: Record<string, unknown>[]): { t: Telemetry; results: StepResult[] } {
  const env = new Environment(createTaskRegistry());
  let last = env.reset({ task_id: 'checkout-errors-v1', seed: 0 });
  let t = emptyTelemetry();
  const results: StepResult[] = [];
  for (const a of actions) {
    const minute = nativeObservation(last.observation)?.incident.elapsed_minutes ?? 0;
    last = env.step(a);
    results.push(last);
    t = applyStep(t, a, minute, last);
  }
  return { t, results };
}

describe('telemetry from native results', () => {
  it('builds the service map from list_services and colours it from verify_health', () => {
    const { t, results } = play([{ action_type: 'list_services' }, { action_type: 'verify_health', service: 'payments-db' }]);
    expect(t.order).toHaveLength(12);
    expect(t.order[0]).toBe('storefront-gateway');
    expect(t.edges).toHaveLength(13);
    expect(t.edges.filter((e) => e.from === 'web-frontend').map((e) => e.to)).toEqual(['catalog-service', 'cart-service', 'checkout-service', 'recommendation-service']);
    const listed = (results[0]?.observation['result'] as { services: { name: string; health: string }[] }).services;
    const checked = (results[1]?.observation['result'] as { services: { name: string; health: string; error_rate_pct: number }[] }).services[0]!;
    for (const s of listed.filter((x) => x.name !== 'payments-db')) expect([s.name, t.services[s.name]?.health]).toEqual([s.name, s.health]);
    expect(t.services['payments-db']).toMatchObject({ kind: 'database', health: checked.health, error_rate_pct: checked.error_rate_pct, seen_at: 7 });
    expect(t.history.map((h) => h.summary)).toEqual([`12 services listed; ${listed.filter((s) => s.health === 'down' || s.health === 'degraded').length} not healthy.`, expect.stringMatching(/^Health: /)]);
  });

  it('places metric series on the simulated clock at the minute the query ran, and merges later queries', () => {
    const { t, results } = play([{ action_type: 'query_metrics', service: 'payments-db', metric: 'disk_pct' }, { action_type: 'wait', minutes: 5 }, { action_type: 'query_metrics', service: 'payments-db', metric: 'disk_pct', window_minutes: 10 }]);
    const first = (results[0]?.observation['result'] as { metrics: { series: number[]; step_minutes: number }[] }).metrics[0]!;
    const second = (results[2]?.observation['result'] as { metrics: { series: number[]; now: number }[] }).metrics[0]!;
    const disk = t.metrics['payments-db']?.['disk_pct'];
    expect(first.step_minutes).toBe(2);
    // First query at T+6: 15 points every 2 minutes ending at 6; the second at T+12: 10 points ending at 12.
    const minutes = disk?.points.map((p) => p.minute);
    expect(minutes?.slice(0, 3)).toEqual([-22, -20, -18]);
    expect(minutes?.slice(-10)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(minutes?.filter((m) => m < 3)).toHaveLength(13);
    expect(disk?.points.at(-1)?.value).toBe(second.now);
    expect(disk?.points.slice(-10).map((p) => p.value)).toEqual(second.series);
    expect(disk?.points.slice(0, 13).map((p) => p.value)).toEqual(first.series.slice(0, 13));
  });

  it('keeps logs, traces, deploys, config, searches and claims; errors are history entries with their code', () => {
    const { t } = play([
      { action_type: 'read_logs', service: 'payments-db', level: 'ERROR', limit: 5 },
      { action_type: 'get_traces', errors_only: true, limit: 2 },
      { action_type: 'list_deploys' },
      { action_type: 'get_config', service: 'payments-db' },
      { action_type: 'run_query', query: 'No space left' },
      { action_type: 'read_logs', service: 'no-such' },
      { action_type: 'diagnose', service: 'payments-db', fault: 'disk_full' },
      { action_type: 'apply_fix', service: 'payments-db', fix: 'clear_disk' },
    ]);
    expect(t.logs['payments-db']?.lines).toHaveLength(5);
    expect(t.logs['payments-db']?.lines.every((l) => l.level === 'ERROR' || l.level === 'FATAL')).toBe(true);
    expect(t.logs['payments-db']?.filter).toEqual({ level: 'ERROR' });
    expect(t.traces?.traces).toHaveLength(2);
    expect(t.traces?.traces.every((x) => x.error && x.spans[0]?.depth === 0)).toBe(true);
    expect(t.deploys?.deploys.map((d) => d.service)).toEqual(['catalog-service', 'recommendation-service']);
    // payments-db runs PostgreSQL: its config is the pack's keys.
    expect(t.configs['payments-db']).toMatchObject({ service: 'payments-db', version: 'v1.0.0', replicas: 1, config: expect.arrayContaining([['max_connections', '500']]), recent_changes: [] });
    expect(t.queries[0]?.query).toBe('No space left');
    expect(t.queries[0]?.hits.length).toBeGreaterThan(0);
    expect(t.history[5]).toMatchObject({ ok: false, error: { code: 'UNKNOWN_SERVICE' }, summary: expect.stringMatching(/^UNKNOWN_SERVICE: No service is named 'no-such'/) });
    expect(t.diagnoses).toEqual([{ service: 'payments-db', fault: 'disk_full', step: 7 }]);
    expect(t.fixes).toMatchObject([{ service: 'payments-db', fix: 'clear_disk', step: 8 }]);
    expect(draftTimeline(t, '02:10')).toBe(`T+0 incident onset (02:10).\nT+${t.history[6]?.minute} diagnosed payments-db: disk_full.\nT+${t.history[7]?.minute} applied clear_disk to payments-db.`);
  });
});
