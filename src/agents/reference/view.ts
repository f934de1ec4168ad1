import type { Alert, NativeObservation, StepResult } from '../../contracts/index.js';

/** Typed reads of native observations: what any remote client sees, nothing more. */

export interface ServiceView {
  name: string;
  kind: string;
  replicas: number;
  version: string;
  health: 'healthy' | 'degraded' | 'down' | 'unknown';
  /** No other service calls it: customers reach it directly. */
  customer_facing?: boolean;
  depends_on: string[];
}

export interface LogLineView {
  ts: string;
  level: string;
  message: string;
}

export interface MetricView {
  metric: string;
  now: number;
  baseline: number;
  max: number;
  trend: 'rising' | 'falling' | 'flat';
}

export interface ConfigView {
  service: string;
  version?: string;
  replicas?: number;
  config: Record<string, string | number | boolean>;
  recent_changes: { key: string; from: string | number | boolean; to: string | number | boolean; minutes_ago: number; author: string }[];
}

export interface DeployView {
  service: string;
  version: string;
  previous: string;
  kind: 'deploy' | 'rollback';
  minutes_ago: number;
  note: string;
}

export interface HealthView {
  services: { name: string; health: 'healthy' | 'degraded' | 'down' | 'unknown' }[];
  minutes_healthy: number;
}

export function observation(r: StepResult): NativeObservation {
  return r.observation as unknown as NativeObservation;
}

/** The action's structured result, or null when it failed. */
export function resultOf<T>(r: StepResult): T | null {
  const o = observation(r);
  if (o.last_action && !o.last_action.ok) return null;
  return (o.result as T | null) ?? null;
}

/** Simulated minutes since onset at this observation. */
export function minuteOf(r: StepResult): number {
  return observation(r).incident.elapsed_minutes;
}

export function firingAlerts(r: StepResult): Alert[] {
  return observation(r).alerts.filter((a) => a.state === 'firing');
}

export function stepsLeft(r: StepResult): number {
  const o = observation(r);
  return o.max_steps - o.step;
}

const SEVERITY_RANK: Record<Alert['severity'], number> = { critical: 3, warning: 2, info: 1 };

/** Alerts loudest first: severity, then the earliest fired; ties keep the listed order. */
export function byLoudness(alerts: readonly Alert[]): Alert[] {
  return alerts
    .map((a, i) => ({ a, i }))
    .sort((x, y) => SEVERITY_RANK[y.a.severity] - SEVERITY_RANK[x.a.severity] || x.a.fired_at - y.a.fired_at || x.i - y.i)
    .map((x) => x.a);
}

/** Services that transitively call `target` (its blast radius upstream). */
export function ancestorsOf(services: readonly ServiceView[], target: string): Set<string> {
  const out = new Set<string>();
  const stack = [target];
  while (stack.length > 0) {
    const t = stack.pop() as string;
    for (const s of services) {
      if (s.depends_on.includes(t) && !out.has(s.name)) {
        out.add(s.name);
        stack.push(s.name);
      }
    }
  }
  return out;
}

/** Services that `source` transitively calls. */
export function descendantsOf(services: readonly ServiceView[], source: string): Set<string> {
  const byName = new Map(services.map((s) => [s.name, s]));
  const out = new Set<string>();
  const stack = [source];
  while (stack.length > 0) {
    for (const d of byName.get(stack.pop() as string)?.depends_on ?? []) {
      if (!out.has(d)) {
        out.add(d);
        stack.push(d);
      }
    }
  }
  return out;
}
