import { type Alert, type ConfigResult, type DeploysResult, type HealthResult, type LogLine, type MetricSummary, type NativeObservation, NativeObservationSchema, type ServiceListResult, type StepResult } from '../../contracts/index.js';

/** Typed reads of native observations: what any remote client sees, nothing more. */

/** The contract's result types, under the names the reference agents use. */
export type ServiceView = ServiceListResult['services'][number];
export type LogLineView = LogLine;
export type MetricView = MetricSummary;
export type ConfigView = ConfigResult;
export type DeployView = DeploysResult['deploys'][number];
export type HealthView = HealthResult;

/** The observation of a native step, checked against its contract schema. */
export function observation(r: StepResult): NativeObservation {
  return NativeObservationSchema.parse(r.observation);
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
