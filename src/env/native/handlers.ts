import type { ActionOf, FiredrillError, NativeAction } from '../../contracts/index.js';
import { LIMITS } from '../../contracts/index.js';
import {
  applyFix,
  clockLabel,
  FIX_MINUTES,
  findService,
  LEVEL_RANK,
  METRICS,
  metricNamesFor,
  offsetLabel,
  renderLogs,
  sampleTraces,
  type Span,
  summariseMetric,
  type WorldState,
} from '../../sim/index.js';
import type { NativeState } from './state.js';

export interface HandlerResult {
  result: Record<string, unknown>;
  /** Simulated minutes the action takes. */
  minutes: number;
  error?: { code: FiredrillError['code']; message: string };
}

const LOG_WINDOW = 15;
const QUERY_WINDOW = 5;

function fail(code: FiredrillError['code'], message: string): HandlerResult {
  return { result: {}, minutes: 0, error: { code, message } };
}

function unknownService(world: WorldState, name: string): HandlerResult | null {
  if (findService(world, name)) return null;
  return fail('UNKNOWN_SERVICE', `No service is named '${name.slice(0, LIMITS.name)}'. Use list_services to see the names.`);
}

export function monitoringHealth(world: WorldState, name: string): 'healthy' | 'degraded' | 'down' | 'unknown' {
  const s = findService(world, name);
  if (!s) return 'unknown';
  return s.monitored ? s.health : 'unknown';
}

export function handle(state: NativeState, action: NativeAction): HandlerResult {
  const world = state.world;
  switch (action.action_type) {
    case 'list_services':
      return {
        minutes: 1,
        result: {
          services: world.services.map((s) => ({
            name: s.name,
            kind: s.kind,
            replicas: s.replicas,
            version: s.version,
            health: monitoringHealth(world, s.name),
            customer_facing: s.public,
            depends_on: world.edges.filter((e) => e.from === s.name).map((e) => e.to),
          })),
        },
      };
    case 'inspect_dependencies':
      return inspect(world, action);
    case 'read_logs':
      return readLogs(world, action);
    case 'query_metrics':
      return queryMetrics(world, action);
    case 'get_traces':
      return getTraces(world, action);
    case 'list_deploys': {
      if (action.service !== undefined) {
        const bad = unknownService(world, action.service);
        if (bad) return bad;
      }
      const deploys = world.deploys
        .filter((d) => d.minute <= world.minute && (action.service === undefined || d.service === action.service))
        .slice(-30)
        .map((d) => ({ service: d.service, version: d.version, previous: d.previous, kind: d.kind, at: clockLabel(world.onset_date, world.onset_time, d.minute), minutes_ago: world.minute - d.minute, author: d.author, note: d.note }));
      return { minutes: 1, result: { deploys } };
    }
    case 'get_config': {
      const bad = unknownService(world, action.service);
      if (bad) return bad;
      const svc = findService(world, action.service);
      const changes = world.config_changes
        .filter((c) => c.service === action.service && c.minute <= world.minute)
        .slice(-10)
        .map((c) => ({ key: c.key, from: c.from, to: c.to, at: clockLabel(world.onset_date, world.onset_time, c.minute), minutes_ago: world.minute - c.minute, author: c.author }));
      return { minutes: 1, result: { service: action.service, version: svc?.version, replicas: svc?.replicas, config: publicConfig(svc?.config ?? {}), recent_changes: changes } };
    }
    case 'run_query':
      return runQuery(world, action.query);
    case 'acknowledge_alert': {
      const alert = world.alerts.find((a) => a.id === action.alert_id);
      if (!alert) return fail('UNKNOWN_ALERT', `No alert has the id '${action.alert_id.slice(0, LIMITS.name)}'.`);
      if (alert.acknowledged) return fail('ALREADY_DONE', `Alert ${alert.id} is already acknowledged.`);
      alert.acknowledged = true;
      state.acknowledged.push(alert.id);
      return { minutes: 0, result: { alert_id: alert.id, acknowledged: true } };
    }
    case 'classify_alert': {
      const alert = world.alerts.find((a) => a.id === action.alert_id);
      if (!alert) return fail('UNKNOWN_ALERT', `No alert has the id '${action.alert_id.slice(0, LIMITS.name)}'.`);
      if (state.classifications.some((c) => c.alert_id === alert.id)) return fail('ALREADY_DONE', `Alert ${alert.id} is already classified; the first classification stands.`);
      state.classifications.push({ step: state.step, minute: world.minute, alert_id: alert.id, severity: action.severity, role: action.role });
      return { minutes: 0, result: { alert_id: alert.id, recorded: true } };
    }
    case 'classify_alerts': {
      const ids = action.alerts.map((a) => a.alert_id);
      for (const [i, id] of ids.entries()) {
        const alert = world.alerts.find((x) => x.id === id);
        if (!alert) return fail('UNKNOWN_ALERT', `alerts[${i}]: no alert has the id '${id.slice(0, LIMITS.name)}'; nothing was recorded.`);
        if (state.classifications.some((c) => c.alert_id === id) || ids.indexOf(id) !== i) return fail('ALREADY_DONE', `alerts[${i}]: alert ${alert.id} is already classified; the first classification stands and nothing was recorded.`);
      }
      for (const a of action.alerts) state.classifications.push({ step: state.step, minute: world.minute, alert_id: a.alert_id, severity: a.severity, role: a.role });
      return { minutes: 0, result: { recorded: ids } };
    }
    case 'diagnose': {
      const bad = unknownService(world, action.service);
      if (bad) return bad;
      if (state.diagnoses.some((d) => d.service === action.service && d.fault === action.fault)) return fail('ALREADY_DONE', `You already made this diagnosis of ${action.service}.`);
      state.diagnoses.push({ step: state.step, minute: world.minute, service: action.service, fault: action.fault });
      return { minutes: 0, result: { service: action.service, recorded: true, claims: state.diagnoses.length } };
    }
    case 'apply_fix':
      return fix(state, action);
    case 'verify_health': {
      if (action.service !== undefined) {
        const bad = unknownService(world, action.service);
        if (bad) return bad;
      }
      const services = world.services
        .filter((s) => action.service === undefined || s.name === action.service)
        .map((s) =>
          s.monitored
            ? { name: s.name, health: s.health, error_rate_pct: round(100 * s.error_rate, 2), latency_p99_ms: round(s.latency_p99_ms, 1), cpu_pct: round(s.cpu_pct, 1), replicas_ready: `${s.replicas_up}/${s.replicas}` }
            : { name: s.name, health: 'unknown', note: 'not scraped by monitoring' },
        );
      return { minutes: 1, result: { services, minutes_healthy: world.minutes_in_slo } };
    }
    case 'escalate':
      state.escalations.push({ step: state.step, minute: world.minute, team: action.team });
      return { minutes: 10, result: { team: action.team, paged: true, response: `The ${action.team} team joined the call after 10 minutes, found nothing in their area that explains the incident, and handed it back to on-call.` } };
    case 'write_postmortem':
      state.postmortem = {
        minute: world.minute,
        timeline: action.timeline,
        root_cause: action.root_cause,
        impact: action.impact,
        action_items: action.action_items,
        prevention: action.prevention,
        ...(action.root_causes ? { root_causes: action.root_causes } : {}),
        ...(action.remediations ? { remediations: action.remediations } : {}),
        ...(action.onset_minute !== undefined ? { onset_minute: action.onset_minute } : {}),
        ...(action.mitigated_minute !== undefined ? { mitigated_minute: action.mitigated_minute } : {}),
      };
      return { minutes: 5, result: { recorded: true } };
    case 'wait':
      return { minutes: action.minutes, result: { waited_minutes: action.minutes } };
    case 'resolve':
      state.resolved = true;
      return { minutes: 0, result: { resolved: true, summary: action.summary ?? '' } };
  }
}

function inspect(world: WorldState, action: ActionOf<'inspect_dependencies'>): HandlerResult {
  const edgeView = (e: WorldState['edges'][number]) => ({ from: e.from, to: e.to, timeout_ms: e.timeout_ms, retries: e.retries, circuit_breaker: e.breaker ? e.breaker_state : 'none', fallback: e.fallback });
  if (action.service === undefined) return { minutes: 1, result: { edges: world.edges.map(edgeView) } };
  const bad = unknownService(world, action.service);
  if (bad) return bad;
  return {
    minutes: 1,
    result: {
      service: action.service,
      callers: world.edges.filter((e) => e.to === action.service).map(edgeView),
      callees: world.edges.filter((e) => e.from === action.service).map(edgeView),
    },
  };
}

function readLogs(world: WorldState, action: ActionOf<'read_logs'>): HandlerResult {
  const bad = unknownService(world, action.service);
  if (bad) return bad;
  const limit = action.limit ?? 20;
  const needle = action.contains?.toLowerCase();
  const minRank = action.level ? LEVEL_RANK[action.level] : 0;
  const lines = renderLogs(world, action.service, world.minute - LOG_WINDOW + 1, world.minute).filter(
    (l) => LEVEL_RANK[l.level] >= minRank && (needle === undefined || l.message.toLowerCase().includes(needle)),
  );
  const shown = lines.slice(-limit);
  return {
    minutes: 1,
    result: { service: action.service, window_minutes: LOG_WINDOW, matched: lines.length, lines: shown.map((l) => ({ ts: l.ts, level: l.level, message: l.message })) },
  };
}

function queryMetrics(world: WorldState, action: ActionOf<'query_metrics'>): HandlerResult {
  const bad = unknownService(world, action.service);
  if (bad) return bad;
  const names = metricNamesFor(action.metric);
  if (!names) return fail('VALIDATION_ERROR', `Unknown metric '${action.metric?.slice(0, LIMITS.name)}'. Metrics: ${METRICS.join(', ')}.`);
  const svc = findService(world, action.service);
  if (!svc?.monitored) return { minutes: 1, result: { service: action.service, metrics: [], note: 'This service is not scraped by monitoring; no metrics are available.' } };
  const window = action.window_minutes ?? 30;
  return { minutes: 1, result: { service: action.service, window_minutes: window, metrics: names.map((m) => summariseMetric(world, action.service, m, window)) } };
}

function getTraces(world: WorldState, action: ActionOf<'get_traces'>): HandlerResult {
  if (action.service !== undefined) {
    const bad = unknownService(world, action.service);
    if (bad) return bad;
  }
  const traces = sampleTraces(world, { ...(action.service !== undefined ? { service: action.service } : {}), errorsOnly: action.errors_only ?? false, limit: action.limit ?? 5 });
  return { minutes: 1, result: { traces: traces.map((t) => ({ trace_id: t.trace_id, duration_ms: t.duration_ms, error: t.error, spans: flatten(t.root, 0) })) } };
}

function flatten(span: Span, depth: number): { depth: number; service: string; operation: string; duration_ms: number; status: string; error?: string }[] {
  const self = { depth, service: span.service, operation: span.operation, duration_ms: span.duration_ms, status: span.status, ...(span.error ? { error: span.error } : {}) };
  return [self, ...span.children.flatMap((c) => flatten(c, depth + 1))];
}

function runQuery(world: WorldState, query: string): HandlerResult {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w.length >= 2);
  const matches = (text: string) => {
    const t = text.toLowerCase();
    return t.includes(query.toLowerCase()) || (words.length > 0 && words.every((w) => t.includes(w)));
  };
  const hits: { source: string; service: string; at: string; text: string }[] = [];
  for (const d of world.deploys) {
    const text = `deploy ${d.service} ${d.previous} -> ${d.version} by ${d.author}: ${d.note}`;
    if (d.minute <= world.minute && matches(text)) hits.push({ source: 'deploy', service: d.service, at: clockLabel(world.onset_date, world.onset_time, d.minute), text });
  }
  for (const c of world.config_changes) {
    const text = `config ${c.service} ${c.key}: ${String(c.from)} -> ${String(c.to)} by ${c.author}`;
    if (c.minute <= world.minute && matches(text)) hits.push({ source: 'config', service: c.service, at: clockLabel(world.onset_date, world.onset_time, c.minute), text });
  }
  for (const a of world.alerts) {
    if (matches(`${a.title} ${a.description}`)) hits.push({ source: 'alert', service: a.service, at: clockLabel(world.onset_date, world.onset_time, a.fired_at), text: a.title });
  }
  for (const s of world.services) {
    for (const l of renderLogs(world, s.name, world.minute - QUERY_WINDOW + 1, world.minute)) {
      if (matches(l.message)) hits.push({ source: 'log', service: s.name, at: l.ts, text: `${l.level} ${l.message}` });
    }
  }
  return { minutes: 1, result: { query, total: hits.length, hits: hits.slice(-20) } };
}

function fix(state: NativeState, action: ActionOf<'apply_fix'>): HandlerResult {
  const world = state.world;
  const bad = unknownService(world, action.service);
  if (bad) return bad;
  const healthBefore = findService(world, action.service)?.health ?? 'unknown';
  const r = applyFix(world, action.service, action.fix, action.params ?? {});
  if (!r.ok) return { ...fail(r.error?.code ?? 'INVALID_FIX', r.message), minutes: 0 };
  state.fixes.push({ step: state.step, minute: world.minute, service: action.service, fix: action.fix, health_before: healthBefore, outcome: r.outcome });
  return { minutes: FIX_MINUTES[action.fix], result: { service: action.service, fix: action.fix, params: action.params ?? {}, message: r.message, completes_at: offsetLabel(world.minute + FIX_MINUTES[action.fix]) } };
}

/** Config keys an operator can read (all of them; none name a fault). */
function publicConfig(config: Record<string, string | number | boolean>): Record<string, string | number | boolean> {
  return { ...config };
}

function round(x: number, d: number): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
