import { type NativeAction, type NativeActionType } from './actions.js';
import { ALERT_ROLES, FAULT_KINDS, FIX_KINDS, type FixKind, SEVERITIES, TEAMS } from './catalog.js';

/** The random draws a sampler needs (lib's Rng has them; contracts cannot import lib). */
export interface RandomSource {
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export interface ActionChoices {
  /** Service names to pick from (an action naming a service uses `api` when there are none). */
  services: readonly string[];
  /** Alert ids to pick from (`ALR-000000` when there are none). */
  alertIds: readonly string[];
  /** Probability that a service or alert argument is a name that does not exist (default 0). */
  unknownNameRate?: number;
}

const METRICS = ['cpu_pct', 'memory_pct', 'disk_pct', 'pool_pct', 'latency_p99_ms', 'error_rate_pct'] as const;
const QUERY_WORDS = ['error', 'timeout', 'deploy', 'memory', 'connection', 'refused', 'disk'] as const;
const UNKNOWN_SERVICE = 'no-such-service';
const UNKNOWN_ALERT = 'ALR-000000';

/**
 * A random well-formed native action of `type` over the given names: the one sampler behind the random reference
 * agent and every native engine's `sampleAction` (environment checks, contract tests).
 */
export function sampleNativeAction(type: NativeActionType, rng: RandomSource, choices: ActionChoices): NativeAction {
  const unknown = () => (choices.unknownNameRate ?? 0) > 0 && rng.chance(choices.unknownNameRate ?? 0);
  const svc = () => (unknown() ? UNKNOWN_SERVICE : choices.services.length > 0 ? rng.pick(choices.services) : 'api');
  const alert = () => (unknown() || choices.alertIds.length === 0 ? UNKNOWN_ALERT : rng.pick(choices.alertIds));
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
      return { action_type: type, query: rng.pick(QUERY_WORDS) };
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
