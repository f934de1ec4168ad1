import { describe, expect, it } from 'vitest';

import { type DevopsBaselineObservation, DevopsBaselineAgent, baselineTarget, chooseDevopsBaselineAction, inferFailure } from './baseline-agent.js';

const alerts = (...list: [string, string, string][]) => list.map(([severity, service, description]) => ({ severity, service, title: 't', description, runbook_hint: '' }));

describe('devops-incident-response baseline policy', () => {
  it('targets the most severe alert, then the worst status, then the gateway', () => {
    expect(baselineTarget({ active_alerts: alerts(['medium', 'api_gateway', ''], ['high', 'order_service', '']) })).toBe('order_service');
    expect(baselineTarget({ active_alerts: alerts(['critical', 'api_gateway', ''], ['critical', 'payment_service', '']) })).toBe('api_gateway');
    expect(baselineTarget({ service_summaries: [{ service_name: 'database', status: 'critical' }, { service_name: 'payment_service', status: 'degraded' }] })).toBe('database');
    expect(baselineTarget({})).toBe('api_gateway');
  });

  it('infers the failure from evidence words, crash first, then disk, then memory', () => {
    expect(inferFailure({ message: 'status=down', active_alerts: alerts(['high', 'x', 'heap growing']) })).toEqual({ diagnosis: 'service_crash', fix: 'restart_service' });
    expect(inferFailure({ active_alerts: alerts(['high', 'x', 'the database is under storage pressure; memory ok']) })).toEqual({ diagnosis: 'disk_full', fix: 'clear_disk' });
    expect(inferFailure({ logs: [{ message: 'OOM killer terminated worker' }] })).toEqual({ diagnosis: 'memory_leak', fix: 'memory_fix' });
    expect(inferFailure({ message: 'timeouts everywhere' })).toEqual({ diagnosis: 'service_crash', fix: 'restart_service' });
    expect(inferFailure({ message: 'walking the graph' })).toEqual({ diagnosis: 'service_crash', fix: 'restart_service' });
  });

  it('walks its checklist on the target and never leaves it', () => {
    const obs: DevopsBaselineObservation = { active_alerts: alerts(['high', 'order_service', 'repeated OOM events']) };
    const history: { action_type: string; service?: string | null; diagnosis?: string | null }[] = [];
    const taken: string[] = [];
    for (let i = 0; i < 9; i++) {
      const a = chooseDevopsBaselineAction(obs, history);
      history.push({ action_type: a.action_type, service: a.service ?? null, diagnosis: a.diagnosis ?? null });
      taken.push([a.action_type, a.service, a.diagnosis ?? a.fix].filter(Boolean).join(':'));
    }
    expect(taken).toEqual([
      'list_services',
      'read_logs:order_service',
      'inspect_dependencies:order_service',
      'query_metrics:order_service',
      'diagnose:order_service:memory_leak',
      'apply_fix:order_service:memory_fix',
      'verify_health:order_service',
      'inspect_dependencies:order_service',
      'inspect_dependencies:order_service',
    ]);
  });

  it('as an agent it remembers what it did and stops when the episode is done', () => {
    const agent = new DevopsBaselineAgent();
    const first = { observation: { active_alerts: alerts(['critical', 'api_gateway', 'the gateway is down']) }, reward: 0.05, done: false, metadata: {} };
    agent.start({ taskId: 'easy_task', seed: 0, rng: undefined as never }, first);
    expect(agent.act(first)?.action_type).toBe('list_services');
    expect(agent.act(first)?.action_type).toBe('read_logs');
    expect(agent.act({ ...first, done: true })).toBeNull();
  });
});
