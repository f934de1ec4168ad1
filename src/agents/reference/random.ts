import {
  ALERT_ROLES,
  FAULT_KINDS,
  FIX_KINDS,
  type FixKind,
  type NativeAction,
  type NativeActionType,
  SEVERITIES,
  type StepResult,
  TEAMS,
} from '../../contracts/index.js';
import type { Rng } from '../../lib/index.js';
import type { Agent } from '../agent.js';
import { ScriptedAgent } from './scripted.js';
import { observation, resultOf, type ServiceView } from './view.js';

const METRICS = ['cpu_pct', 'memory_pct', 'disk_pct', 'pool_pct', 'latency_p99_ms', 'error_rate_pct'] as const;
const WORDS = ['error', 'timeout', 'deploy', 'memory', 'connection', 'refused', 'disk'] as const;

/** Uniformly random well-formed actions over what it has seen (service names and alert ids): the floor of the scale. */
export function randomAgent(): Agent {
  return new ScriptedAgent('random', function* (ctx, first): Generator<NativeAction, void, StepResult> {
    const rng = ctx.rng;
    const services = new Set(observation(first).alerts.map((a) => a.service));
    let last = first;
    for (;;) {
      const o = observation(last);
      if (o.available_actions.length === 0) return;
      // The batch form of classify_alert is left out: one draw per kind of act keeps the floor's distribution.
      const type = rng.pick(o.available_actions.filter((t) => t !== 'classify_alerts')) as NativeActionType;
      last = yield randomAction(type, rng, [...services], o.alerts.map((a) => a.id));
      const listed = resultOf<{ services?: ServiceView[] }>(last)?.services;
      if (Array.isArray(listed)) for (const s of listed) services.add(s.name);
    }
  });
}

function randomAction(type: NativeActionType, rng: Rng, services: string[], alertIds: string[]): NativeAction {
  const svc = () => (services.length > 0 ? rng.pick(services) : 'api');
  const alert = () => (alertIds.length > 0 ? rng.pick(alertIds) : 'ALR-000000');
  switch (type) {
    case 'list_services':
    case 'list_deploys':
      return { action_type: type };
    case 'inspect_dependencies':
      return rng.chance(0.5) ? { action_type: type } : { action_type: type, service: svc() };
    case 'read_logs':
      return { action_type: type, service: svc(), ...(rng.chance(0.3) ? { level: rng.pick(['WARN', 'ERROR'] as const) } : {}) };
    case 'query_metrics':
      return { action_type: type, service: svc(), ...(rng.chance(0.5) ? { metric: rng.pick(METRICS) } : {}) };
    case 'get_traces':
      return { action_type: type, ...(rng.chance(0.5) ? { errors_only: true } : {}), limit: rng.int(1, 5) };
    case 'get_config':
      return { action_type: type, service: svc() };
    case 'run_query':
      return { action_type: type, query: rng.pick(WORDS) };
    case 'acknowledge_alert':
      return { action_type: type, alert_id: alert() };
    case 'classify_alert':
      return { action_type: type, alert_id: alert(), severity: rng.pick(SEVERITIES), role: rng.pick(ALERT_ROLES) };
    case 'classify_alerts':
      return { action_type: type, alerts: [{ alert_id: alert(), severity: rng.pick(SEVERITIES), role: rng.pick(ALERT_ROLES) }] };
    case 'diagnose':
      return { action_type: type, service: svc(), fault: rng.pick(FAULT_KINDS) };
    case 'apply_fix': {
      const fix: FixKind = rng.pick(FIX_KINDS);
      const params = fix === 'scale' ? { replicas: rng.int(1, 6) } : fix === 'config_set' ? { key: 'retry.max_attempts', value: rng.int(1, 5) } : fix === 'rollback' ? { version: `v${rng.int(1, 9)}.${rng.int(0, 9)}.0` } : undefined;
      return { action_type: type, service: svc(), fix, ...(params ? { params } : {}) };
    }
    case 'verify_health':
      return rng.chance(0.5) ? { action_type: type } : { action_type: type, service: svc() };
    case 'escalate':
      return { action_type: type, team: rng.pick(TEAMS), reason: 'need help' };
    case 'write_postmortem':
      return { action_type: type, timeline: 'T+0 alerts fired', root_cause: `${svc()} failed`, impact: 'errors for customers', action_items: 'investigate further', prevention: 'better monitoring' };
    case 'wait':
      return { action_type: type, minutes: rng.int(1, 10) };
    case 'resolve':
      return { action_type: type };
  }
}
