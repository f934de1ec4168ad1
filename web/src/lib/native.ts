import { type Alert, type NativeObservation, NativeObservationSchema } from '../../../src/contracts/observation.js';

/**
 * Reading native observations defensively: the console also plays tasks whose observations have other shapes
 * (the compat environments), and it replays trajectories from files, so every payload is checked before it is trusted.
 */

export type Health = 'healthy' | 'degraded' | 'down' | 'unknown';
export const HEALTHS: readonly Health[] = ['down', 'degraded', 'healthy', 'unknown'];

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function str(x: unknown, fallback = ''): string {
  return typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : fallback;
}

export function num(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

export function records(x: unknown): Record<string, unknown>[] {
  return Array.isArray(x) ? x.filter(isRecord) : [];
}

export function strings(x: unknown): string[] {
  return Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];
}

export function health(x: unknown): Health {
  return x === 'healthy' || x === 'degraded' || x === 'down' ? x : 'unknown';
}

/** A native observation (incident header, alerts, step counters), or null for other observation shapes. */
export function nativeObservation(obs: unknown): NativeObservation | null {
  const parsed = NativeObservationSchema.safeParse(obs);
  return parsed.success ? parsed.data : null;
}

export function alertsOf(obs: NativeObservation): Alert[] {
  return records(obs.alerts).map((a) => ({
    id: str(a['id']),
    severity: a['severity'] === 'critical' || a['severity'] === 'warning' ? a['severity'] : 'info',
    service: str(a['service']),
    title: str(a['title']),
    description: str(a['description']),
    fired_at: num(a['fired_at']) ?? 0,
    state: a['state'] === 'resolved' ? 'resolved' : 'firing',
    acknowledged: a['acknowledged'] === true,
  }));
}

/** "T+12" / "T-3": simulated minutes from the incident onset. */
export function offset(minute: number): string {
  return minute < 0 ? `T${minute}` : `T+${minute}`;
}
