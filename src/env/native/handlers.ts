import type { ActionOf, FiredrillError, NativeAction, EdgeView, ReadAction, ReadResult, SpanView } from '../../contracts/index.js';
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
  readyReplicas,
  queryTerms,
  renderLogs,
  search,
  SEARCH_HIT_LIMIT,
  SEARCH_LOG_MINUTES,
  topHitsInTimeOrder,
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

/** A read-side action's result, checked against its contract schema's type at compile time. */
function read<A extends ReadAction>(_action: A, result: ReadResult<A>): Record<string, unknown> {
  return result as Record<string, unknown>;
}

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
        result: read('list_services', {
          services: world.services.map((s) => ({
            name: s.name,
            kind: s.kind,
            technology: s.technology,
            replicas: s.replicas,
            version: s.version,
            health: monitoringHealth(world, s.name),
            customer_facing: s.public,
            depends_on: world.edges.filter((e) => e.from === s.name).map((e) => e.to),
          })),
        }),
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
      return { minutes: 1, result: read('list_deploys', { deploys }) };
    }
    case 'get_config': {
      const bad = unknownService(world, action.service);
      if (bad) return bad;
      const svc = findService(world, action.service);
      const changes = world.config_changes
        .filter((c) => c.service === action.service && c.minute <= world.minute)
        .slice(-10)
        .map((c) => ({ key: c.key, from: c.from, to: c.to, at: clockLabel(world.onset_date, world.onset_time, c.minute), minutes_ago: world.minute - c.minute, author: c.author }));
      return { minutes: 1, result: read('get_config', { service: action.service, version: svc?.version ?? '', replicas: svc?.replicas ?? 0, config: publicConfig(svc?.config ?? {}), recent_changes: changes }) };
    }
    case 'run_query':
      return runQuery(world, action);
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
            ? { name: s.name, health: s.health, error_rate_pct: round(100 * Math.min(1, s.error_rate), 2), latency_p99_ms: round(s.latency_p99_ms, 1), cpu_pct: round(Math.min(100, s.cpu_pct), 1), replicas_ready: `${readyReplicas(s)}/${s.replicas}` }
            : { name: s.name, health: 'unknown' as const, note: 'not scraped by monitoring' },
        );
      return { minutes: 1, result: read('verify_health', { services, minutes_healthy: world.minutes_in_slo }) };
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
  const edgeView = (e: WorldState['edges'][number]): EdgeView => ({ from: e.from, to: e.to, timeout_ms: e.timeout_ms, retries: e.retries, circuit_breaker: e.breaker ? e.breaker_state : 'none', fallback: e.fallback });
  if (action.service === undefined) return { minutes: 1, result: read('inspect_dependencies', { edges: world.edges.map(edgeView) }) };
  const bad = unknownService(world, action.service);
  if (bad) return bad;
  return {
    minutes: 1,
    result: read('inspect_dependencies', {
      service: action.service,
      callers: world.edges.filter((e) => e.to === action.service).map(edgeView),
      callees: world.edges.filter((e) => e.from === action.service).map(edgeView),
    }),
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
    result: read('read_logs', { service: action.service, window_minutes: LOG_WINDOW, matched: lines.length, lines: shown.map((l) => ({ ts: l.ts, level: l.level, pod: l.pod, message: l.message })) }),
  };
}

function queryMetrics(world: WorldState, action: ActionOf<'query_metrics'>): HandlerResult {
  const bad = unknownService(world, action.service);
  if (bad) return bad;
  const names = metricNamesFor(action.metric);
  if (!names) return fail('VALIDATION_ERROR', `Unknown metric '${action.metric?.slice(0, LIMITS.name)}'. Metrics: ${METRICS.join(', ')}.`);
  const svc = findService(world, action.service);
  if (!svc?.monitored) return { minutes: 1, result: read('query_metrics', { service: action.service, metrics: [], note: 'This service is not scraped by monitoring; no metrics are available.' }) };
  const window = action.window_minutes ?? 30;
  return { minutes: 1, result: read('query_metrics', { service: action.service, window_minutes: window, metrics: names.map((m) => summariseMetric(world, action.service, m, window)) }) };
}

function getTraces(world: WorldState, action: ActionOf<'get_traces'>): HandlerResult {
  if (action.service !== undefined) {
    const bad = unknownService(world, action.service);
    if (bad) return bad;
  }
  const traces = sampleTraces(world, { ...(action.service !== undefined ? { service: action.service } : {}), errorsOnly: action.errors_only ?? false, limit: action.limit ?? 5 });
  return {
    minutes: 1,
    result: read('get_traces', {
      traces: traces.map((t) => {
        const spans: SpanView[] = [];
        flatten(t.root, 0, null, spans);
        return { trace_id: t.trace_id, at: clockLabel(world.onset_date, world.onset_time, world.minute, t.second), duration_ms: t.duration_ms, error: t.error, spans };
      }),
    }),
  };
}

function flatten(span: Span, depth: number, parent: number | null, out: SpanView[]): void {
  const index = out.length;
  out.push({ depth, parent, service: span.service, operation: span.operation, start_ms: span.start_ms, duration_ms: span.duration_ms, status: span.status, ...(span.error ? { error: span.error } : {}) });
  for (const c of span.children) flatten(c, depth + 1, index, out);
}

function runQuery(world: WorldState, action: ActionOf<'run_query'>): HandlerResult {
  if (action.service !== undefined) {
    const bad = unknownService(world, action.service);
    if (bad) return bad;
  }
  const ranked = search(world, action.query, action.service);
  const hits = topHitsInTimeOrder(ranked, SEARCH_HIT_LIMIT);
  return {
    minutes: 1,
    result: read('run_query', { query: action.query, ...(action.service !== undefined ? { service: action.service } : {}), terms: queryTerms(action.query), log_window_minutes: SEARCH_LOG_MINUTES, total: ranked.length, hits }),
  };
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
