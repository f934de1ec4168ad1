import type { StepResult } from '../../contracts/index.js';
import type { Agent, AgentEpisodeContext } from '../../agents/agent.js';

/**
 * devops-incident-response's rule-based baseline (its baseline.py policy), written against the original's
 * observation shape so it runs in process, over /compat/devops-incident-response and behind GET /baseline.
 * It works the most severe alert's service through a fixed checklist and never leaves it — which is why
 * it solves the easy and medium tasks (0.80 and 0.86) and fails hard and expert (0.117).
 */
export interface DevopsBaselineObservation {
  action_result?: string;
  message?: string;
  logs?: readonly { message?: string }[];
  metrics?: { status?: string } | null;
  service_summaries?: readonly { service_name: string; status: string }[];
  active_alerts?: readonly { severity: string; service: string; title?: string; description?: string; runbook_hint?: string }[];
}

/** One past action, as the agent remembers it or as /state's action_history lists it. */
export interface DevopsBaselineStep {
  action_type: string;
  service?: string | null;
  diagnosis?: string | null;
}

export interface DevopsBaselineAction {
  action_type: string;
  service?: string;
  diagnosis?: string;
  fix?: string;
  reasoning: string;
}

const ALERT_RANK: Readonly<Record<string, number>> = { critical: 4, high: 3, medium: 2, low: 1 };
const STATUS_RANK: Readonly<Record<string, number>> = { down: 4, critical: 3, degraded: 2, recovering: 1, healthy: 0 };
const DEFAULT_TARGET = 'api_gateway';

/** Evidence words → (diagnosis, fix), checked in this order. */
const SIGNATURES: readonly { pattern: RegExp; diagnosis: string; fix: string }[] = [
  { pattern: /status=down|gateway is down|crash|connection refused|worker exited/, diagnosis: 'service_crash', fix: 'restart_service' },
  { pattern: /disk full|no space left|storage pressure|\bwal\b|filesystem usage/, diagnosis: 'disk_full', fix: 'clear_disk' },
  { pattern: /memory|\boom\b|heap|allocator|garbage collection/, diagnosis: 'memory_leak', fix: 'memory_fix' },
];
const FALLBACK = { diagnosis: 'service_crash', fix: 'restart_service' } as const;

/** The service the baseline works on: the most severe alert's; else the worst-looking service; else the gateway. */
export function baselineTarget(obs: DevopsBaselineObservation): string {
  let best: { service: string; rank: number } | null = null;
  for (const alert of obs.active_alerts ?? []) {
    const rank = ALERT_RANK[alert.severity] ?? 0;
    if (!best || rank > best.rank) best = { service: alert.service, rank };
  }
  if (best) return best.service;
  let worst: { service: string; rank: number } | null = null;
  for (const s of obs.service_summaries ?? []) {
    const rank = STATUS_RANK[s.status] ?? 0;
    if (rank > 0 && (!worst || rank > worst.rank)) worst = { service: s.service_name, rank };
  }
  return worst?.service ?? DEFAULT_TARGET;
}

function evidenceText(obs: DevopsBaselineObservation): string {
  const parts = [obs.action_result ?? '', obs.message ?? '', ...(obs.logs ?? []).map((l) => l.message ?? '')];
  if (obs.metrics?.status) parts.push(`status=${obs.metrics.status}`);
  for (const a of obs.active_alerts ?? []) parts.push(a.title ?? '', a.description ?? '', a.runbook_hint ?? '');
  return parts.join(' ').toLowerCase();
}

/** The diagnosis (and matching fix) the visible evidence suggests. */
export function inferFailure(obs: DevopsBaselineObservation): { diagnosis: string; fix: string } {
  const text = evidenceText(obs);
  const match = SIGNATURES.find((s) => s.pattern.test(text));
  return match ? { diagnosis: match.diagnosis, fix: match.fix } : FALLBACK;
}

/** The baseline's next action given the current observation and the actions taken so far. */
export function chooseDevopsBaselineAction(obs: DevopsBaselineObservation, history: readonly DevopsBaselineStep[]): DevopsBaselineAction {
  if (history.length === 0) return { action_type: 'list_services', reasoning: 'Map the services before triage. confidence=0.80' };
  const target = baselineTarget(obs);
  const done = (type: string) => history.find((h) => h.action_type === type && h.service === target);
  if (!done('read_logs')) return { action_type: 'read_logs', service: target, reasoning: `Read the logs of ${target}, the most severe alert. confidence=0.78` };
  if (!done('inspect_dependencies')) return { action_type: 'inspect_dependencies', service: target, reasoning: `See what ${target} depends on. confidence=0.74` };
  if (!done('query_metrics')) return { action_type: 'query_metrics', service: target, reasoning: `Check the metrics of ${target}. confidence=0.76` };
  const diagnosed = done('diagnose');
  if (!diagnosed) {
    const { diagnosis } = inferFailure(obs);
    return { action_type: 'diagnose', service: target, diagnosis, reasoning: `The evidence on ${target} points to ${diagnosis}. confidence=0.70` };
  }
  if (!done('apply_fix')) {
    const fix = SIGNATURES.find((s) => s.diagnosis === diagnosed.diagnosis)?.fix ?? inferFailure(obs).fix;
    return { action_type: 'apply_fix', service: target, fix, reasoning: `Remediate ${target}. confidence=0.68` };
  }
  if (!done('verify_health')) return { action_type: 'verify_health', service: target, reasoning: `Confirm ${target} recovered. confidence=0.72` };
  return { action_type: 'inspect_dependencies', service: target, reasoning: `Nothing left on the checklist for ${target}. confidence=0.40` };
}

export class DevopsBaselineAgent implements Agent {
  readonly name = 'devops-incident-response-baseline';
  private history: DevopsBaselineStep[] = [];

  start(_ctx: AgentEpisodeContext, _first: StepResult): void {
    this.history = [];
  }

  act(last: StepResult): DevopsBaselineAction | null {
    if (last.done) return null;
    const action = chooseDevopsBaselineAction(last.observation as DevopsBaselineObservation, this.history);
    this.history.push({ action_type: action.action_type, service: action.service ?? null, diagnosis: action.diagnosis ?? null });
    return action;
  }
}
