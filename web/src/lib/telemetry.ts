import type { StepResult } from '../../../src/contracts/episode.js';
import { LogLineSchema, SearchHitSchema, SpanViewSchema, type LogLine, type SearchHit, type SpanView } from '../../../src/contracts/results.js';
import { type Health, health, isRecord, nativeObservation, num, offset, records, str, strings } from './native.js';

/**
 * What the on-call engineer has seen so far, accumulated from the results of native actions: the service map,
 * metric series over simulated time, the last logs per service, traces, deploys, config, searches, and the claims
 * made. Only what monitoring showed is here; the console never knows more than the agent would.
 */

export interface ObservedService {
  name: string;
  kind: string | null;
  replicas: number | null;
  version: string | null;
  health: Health;
  depends_on: string[];
  error_rate_pct: number | null;
  latency_p99_ms: number | null;
  cpu_pct: number | null;
  replicas_ready: string | null;
  note: string | null;
  /** Simulated minute of the observation the health comes from. */
  seen_at: number;
}

export interface EdgeView {
  from: string;
  to: string;
  timeout_ms: number | null;
  retries: number | null;
  circuit_breaker: string | null;
  fallback: boolean | null;
}

export interface MetricPoint {
  minute: number;
  value: number;
}

export interface MetricSeries {
  metric: string;
  unit: string;
  baseline: number | null;
  trend: string;
  now: number | null;
  points: MetricPoint[];
}

export type { LogLine, SearchHit };

export interface LogView {
  service: string;
  at: number;
  matched: number | null;
  window_minutes: number | null;
  lines: LogLine[];
  filter: { contains?: string; level?: string };
}

/** A span as the contract defines it (start offset, duration and parent index for the waterfall). */
export type Span = SpanView;

export interface TraceView {
  trace_id: string;
  at: string;
  duration_ms: number | null;
  error: boolean;
  spans: Span[];
}

export interface DeployView {
  service: string;
  version: string;
  previous: string;
  kind: string;
  at: string;
  minutes_ago: number | null;
  author: string;
  note: string;
}

export interface ConfigChange {
  key: string;
  from: string;
  to: string;
  at: string;
  minutes_ago: number | null;
  author: string;
}

export interface ConfigView {
  service: string;
  version: string | null;
  replicas: number | null;
  config: [string, string][];
  recent_changes: ConfigChange[];
  at: number;
}

export interface QueryView {
  query: string;
  total: number | null;
  hits: SearchHit[];
  at: number;
}

export interface HistoryEntry {
  step: number;
  /** Simulated minute at which the action started. */
  minute: number;
  action: Record<string, unknown>;
  ok: boolean;
  error: { code: string; message: string } | null;
  reward: number | null;
  summary: string;
}

export interface Telemetry {
  services: Record<string, ObservedService>;
  /** Service names in the order monitoring lists them. */
  order: string[];
  edges: EdgeView[];
  /** service → metric → series. */
  metrics: Record<string, Record<string, MetricSeries>>;
  logs: Record<string, LogView>;
  traces: { at: number; traces: TraceView[] } | null;
  deploys: { at: number; service: string | null; deploys: DeployView[] } | null;
  configs: Record<string, ConfigView>;
  queries: QueryView[];
  classifications: Record<string, { severity: string; role: string; step: number }>;
  diagnoses: { service: string; fault: string; step: number }[];
  fixes: { service: string; fix: string; message: string; step: number; minute: number }[];
  postmortem: { step: number; minute: number } | null;
  minutes_healthy: number | null;
  history: HistoryEntry[];
}

export function emptyTelemetry(): Telemetry {
  return { services: {}, order: [], edges: [], metrics: {}, logs: {}, traces: null, deploys: null, configs: {}, queries: [], classifications: {}, diagnoses: [], fixes: [], postmortem: null, minutes_healthy: null, history: [] };
}

function blankService(name: string, at: number): ObservedService {
  return { name, kind: null, replicas: null, version: null, health: 'unknown', depends_on: [], error_rate_pct: null, latency_p99_ms: null, cpu_pct: null, replicas_ready: null, note: null, seen_at: at };
}

function withServices(t: Telemetry, updates: ObservedService[]): Telemetry {
  const services = { ...t.services };
  const order = [...t.order];
  for (const s of updates) {
    if (!(s.name in services)) order.push(s.name);
    services[s.name] = s;
  }
  return { ...t, services, order };
}

function dependencyEdges(services: Record<string, ObservedService>, order: string[], known: EdgeView[]): EdgeView[] {
  const detail = new Map(known.map((e) => [`${e.from}\u0000${e.to}`, e]));
  const edges: EdgeView[] = [];
  const seen = new Set<string>();
  for (const name of order) {
    for (const to of services[name]?.depends_on ?? []) {
      const key = `${name}\u0000${to}`;
      seen.add(key);
      edges.push(detail.get(key) ?? { from: name, to, timeout_ms: null, retries: null, circuit_breaker: null, fallback: null });
    }
  }
  for (const e of known) if (!seen.has(`${e.from}\u0000${e.to}`)) edges.push(e);
  return edges;
}

function edgeOf(e: Record<string, unknown>): EdgeView {
  return { from: str(e['from']), to: str(e['to']), timeout_ms: num(e['timeout_ms']), retries: num(e['retries']), circuit_breaker: e['circuit_breaker'] === undefined ? null : str(e['circuit_breaker']), fallback: typeof e['fallback'] === 'boolean' ? e['fallback'] : null };
}

/**
 * The telemetry after one step. `startMinute` is the simulated minute when the action began (the previous
 * observation's clock): results describe the world at that minute, before the action's own time passed.
 */
export function applyStep(t: Telemetry, action: unknown, startMinute: number, result: StepResult): Telemetry {
  const obs = nativeObservation(result.observation);
  const a = isRecord(action) ? action : {};
  const type = str(a['action_type']);
  const ok = obs?.last_action?.ok ?? false;
  const error = obs?.last_action?.error ?? null;
  const payload = isRecord(obs?.result) ? obs.result : null;
  let next = t;
  if (obs && ok && payload) next = applyResult(t, type, a, payload, startMinute, obs.step);
  const entry: HistoryEntry = {
    step: obs?.step ?? t.history.length + 1,
    minute: startMinute,
    action: a,
    ok,
    error: error ? { code: str(error.code), message: str(error.message) } : null,
    reward: result.reward,
    summary: obs ? summarise(type, a, ok, error, payload) : firstLine(result.observation),
  };
  return { ...next, history: [...next.history, entry] };
}

function applyResult(t: Telemetry, type: string, a: Record<string, unknown>, r: Record<string, unknown>, at: number, step: number): Telemetry {
  switch (type) {
    case 'list_services': {
      const listed = records(r['services']).map((s) => {
        const name = str(s['name']);
        const prev = t.services[name] ?? blankService(name, at);
        return { ...prev, kind: str(s['kind']) || prev.kind, replicas: num(s['replicas']), version: str(s['version']) || null, health: health(s['health']), depends_on: strings(s['depends_on']), seen_at: at };
      });
      const next = withServices(t, listed);
      return { ...next, edges: dependencyEdges(next.services, next.order, t.edges) };
    }
    case 'verify_health': {
      const checked = records(r['services']).map((s) => {
        const name = str(s['name']);
        const prev = t.services[name] ?? blankService(name, at);
        return {
          ...prev,
          health: health(s['health']),
          error_rate_pct: num(s['error_rate_pct']),
          latency_p99_ms: num(s['latency_p99_ms']),
          cpu_pct: num(s['cpu_pct']),
          replicas_ready: s['replicas_ready'] === undefined ? null : str(s['replicas_ready']),
          note: s['note'] === undefined ? null : str(s['note']),
          seen_at: at,
        };
      });
      return { ...withServices(t, checked), minutes_healthy: num(r['minutes_healthy']) };
    }
    case 'inspect_dependencies': {
      const found = [...records(r['edges']), ...records(r['callers']), ...records(r['callees'])].map(edgeOf);
      const byKey = new Map(t.edges.map((e) => [`${e.from}\u0000${e.to}`, e]));
      for (const e of found) byKey.set(`${e.from}\u0000${e.to}`, e);
      const names = found.flatMap((e) => [e.from, e.to]).filter((n) => !(n in t.services));
      const next = withServices(t, [...new Set(names)].map((n) => blankService(n, at)));
      return { ...next, edges: [...byKey.values()] };
    }
    case 'query_metrics': {
      const service = str(r['service']);
      const current = { ...(t.metrics[service] ?? {}) };
      for (const m of records(r['metrics'])) {
        const metric = str(m['metric']);
        const series = Array.isArray(m['series']) ? m['series'].map((v) => num(v)) : [];
        const minutes = Array.isArray(m['series_minutes']) ? m['series_minutes'].map((v) => num(v)) : [];
        const stepMinutes = num(m['step_minutes']) ?? 1;
        const fresh = series.flatMap((v, i) => (v === null ? [] : [{ minute: minutes[i] ?? at - (series.length - 1 - i) * stepMinutes, value: v }]));
        const from = fresh[0]?.minute ?? at;
        const kept = (current[metric]?.points ?? []).filter((p) => p.minute < from);
        current[metric] = { metric, unit: str(m['unit']), baseline: num(m['baseline']), trend: str(m['trend']), now: num(m['now']), points: [...kept, ...fresh] };
      }
      const next = service in t.services ? t : withServices(t, [blankService(service, at)]);
      return { ...next, metrics: { ...t.metrics, [service]: current } };
    }
    case 'read_logs': {
      const service = str(r['service']);
      const lines = records(r['lines']).flatMap((l) => {
        const parsed = LogLineSchema.safeParse(l);
        return parsed.success ? [parsed.data] : [];
      });
      const filter: LogView['filter'] = {};
      if (typeof a['contains'] === 'string') filter.contains = a['contains'];
      if (typeof a['level'] === 'string') filter.level = a['level'];
      return { ...t, logs: { ...t.logs, [service]: { service, at, matched: num(r['matched']), window_minutes: num(r['window_minutes']), lines, filter } } };
    }
    case 'get_traces': {
      const traces = records(r['traces']).map((tr) => ({
        trace_id: str(tr['trace_id']),
        at: str(tr['at']),
        duration_ms: num(tr['duration_ms']),
        error: tr['error'] === true,
        spans: records(tr['spans']).flatMap((s) => {
          const parsed = SpanViewSchema.safeParse(s);
          return parsed.success ? [parsed.data] : [];
        }),
      }));
      return { ...t, traces: { at, traces } };
    }
    case 'list_deploys': {
      const deploys = records(r['deploys']).map((d) => ({ service: str(d['service']), version: str(d['version']), previous: str(d['previous']), kind: str(d['kind']), at: str(d['at']), minutes_ago: num(d['minutes_ago']), author: str(d['author']), note: str(d['note']) }));
      return { ...t, deploys: { at, service: typeof a['service'] === 'string' ? a['service'] : null, deploys } };
    }
    case 'get_config': {
      const service = str(r['service']);
      const config = isRecord(r['config']) ? Object.entries(r['config']).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]) : [];
      const recent = records(r['recent_changes']).map((c) => ({ key: str(c['key']), from: str(c['from']), to: str(c['to']), at: str(c['at']), minutes_ago: num(c['minutes_ago']), author: str(c['author']) }));
      return { ...t, configs: { ...t.configs, [service]: { service, version: r['version'] === undefined ? null : str(r['version']), replicas: num(r['replicas']), config, recent_changes: recent, at } } };
    }
    case 'run_query': {
      const hits = records(r['hits']).flatMap((h) => {
        const parsed = SearchHitSchema.safeParse(h);
        return parsed.success ? [parsed.data] : [];
      });
      return { ...t, queries: [...t.queries, { query: str(r['query']), total: num(r['total']), hits, at }] };
    }
    case 'classify_alert':
      return { ...t, classifications: { ...t.classifications, [str(a['alert_id'])]: { severity: str(a['severity']), role: str(a['role']), step } } };
    case 'diagnose':
      return { ...t, diagnoses: [...t.diagnoses, { service: str(a['service']), fault: str(a['fault']), step }] };
    case 'apply_fix':
      return { ...t, fixes: [...t.fixes, { service: str(r['service']), fix: str(r['fix']), message: str(r['message']), step, minute: at }] };
    case 'write_postmortem':
      return { ...t, postmortem: { step, minute: at } };
    default:
      return t;
  }
}

function count(x: unknown): number {
  return Array.isArray(x) ? x.length : 0;
}

/** One sentence about what an action did, for the live region and the history. */
export function summarise(type: string, a: Record<string, unknown>, ok: boolean, error: { code: string; message: string } | null | undefined, r: Record<string, unknown> | null): string {
  if (!ok) return error ? `${error.code}: ${error.message}` : 'The action failed.';
  const p = r ?? {};
  switch (type) {
    case 'list_services': {
      const services = records(p['services']);
      const bad = services.filter((s) => s['health'] === 'down' || s['health'] === 'degraded').length;
      return `${services.length} services listed; ${bad} not healthy.`;
    }
    case 'verify_health': {
      const by = (h: string) => records(p['services']).filter((s) => s['health'] === h).length;
      return `Health: ${by('down')} down, ${by('degraded')} degraded, ${by('healthy')} healthy, ${by('unknown')} unknown.`;
    }
    case 'inspect_dependencies':
      return p['service'] === undefined ? `${count(p['edges'])} call edges.` : `${str(p['service'])}: ${count(p['callers'])} callers, ${count(p['callees'])} callees.`;
    case 'read_logs':
      return `${str(p['service'])}: ${num(p['matched']) ?? 0} log lines matched, ${count(p['lines'])} shown.`;
    case 'query_metrics':
      return `${str(p['service'])}: ${count(p['metrics'])} metrics over ${num(p['window_minutes']) ?? '?'} minutes.`;
    case 'get_traces': {
      const traces = records(p['traces']);
      return `${traces.length} traces, ${traces.filter((t) => t['error'] === true).length} with errors.`;
    }
    case 'list_deploys':
      return `${count(p['deploys'])} deploys.`;
    case 'get_config':
      return `${str(p['service'])}: ${isRecord(p['config']) ? Object.keys(p['config']).length : 0} config keys, ${count(p['recent_changes'])} recent changes.`;
    case 'run_query':
      return `"${str(p['query'])}": ${num(p['total']) ?? 0} hits.`;
    case 'acknowledge_alert':
      return `Alert ${str(p['alert_id'])} acknowledged.`;
    case 'classify_alert':
      return `Alert ${str(a['alert_id'])} classified ${str(a['severity'])} ${str(a['role']).replace('_', ' ')}.`;
    case 'diagnose':
      return `Diagnosis recorded: ${str(a['service'])} has ${str(a['fault'])}.`;
    case 'apply_fix':
      return `${str(p['message'])}${p['completes_at'] === undefined ? '' : ` Completes at ${str(p['completes_at'])}.`}`.trim();
    case 'escalate':
      return str(p['response'], 'Escalated.');
    case 'write_postmortem':
      return 'Postmortem recorded.';
    case 'wait':
      return `Waited ${num(p['waited_minutes']) ?? '?'} minutes.`;
    case 'resolve':
      return 'Incident declared resolved.';
    default:
      return 'Done.';
  }
}

function firstLine(obs: Record<string, unknown>): string {
  const text = typeof obs['text'] === 'string' ? obs['text'] : typeof obs['message'] === 'string' ? obs['message'] : typeof obs['action_result'] === 'string' ? obs['action_result'] : typeof obs['hint'] === 'string' ? obs['hint'] : '';
  return text.split('\n').find((l) => l.trim() !== '')?.slice(0, 200) ?? 'Step taken.';
}

/** A postmortem timeline drafted from the history: "T+6 apply_fix clear_disk payments-db — …". */
export function draftTimeline(t: Telemetry, onsetLabel: string): string {
  const lines = [`T+0 incident onset (${onsetLabel}).`];
  for (const h of t.history) {
    if (!h.ok) continue;
    const type = str(h.action['action_type']);
    if (type === 'diagnose') lines.push(`${offset(h.minute)} diagnosed ${str(h.action['service'])}: ${str(h.action['fault'])}.`);
    if (type === 'apply_fix') lines.push(`${offset(h.minute)} applied ${str(h.action['fix'])} to ${str(h.action['service'])}.`);
    if (type === 'escalate') lines.push(`${offset(h.minute)} escalated to ${str(h.action['team'])}.`);
  }
  const firstHealthy = t.minutes_healthy !== null && t.minutes_healthy > 0 ? t.history.findLast((h) => str(h.action['action_type']) === 'verify_health' && h.ok) : undefined;
  if (firstHealthy) lines.push(`${offset(firstHealthy.minute)} verified every service healthy.`);
  return lines.join('\n');
}
