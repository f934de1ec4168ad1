import { fnv1a, mix, unit } from '../../lib/index.js';
import { METRIC_INDEX, METRICS, type ServiceState, type WorldState } from '../state.js';
import { findService, serviceIndex } from '../world-access.js';
import { clockLabel } from './clock.js';
import { LOG_TEMPLATES } from '../faults/index.js';
import { BACKGROUND_TEMPLATES, type LogLevel, NOISE_TEMPLATES, type Template } from './log-templates.js';

export interface LogLine {
  ts: string;
  minute: number;
  level: LogLevel;
  service: string;
  message: string;
}

export const LEVEL_RANK: Record<LogLevel, number> = { DEBUG: 0, INFO: 1, WARN: 2, ERROR: 3, FATAL: 4 };

/** Conditions of a service at a past minute (empty before the recorded history). */
export function conditionsAt(world: WorldState, serviceIdx: number, minute: number): string[] {
  const row = world.history.conditions[minute - world.history.start];
  return row?.[serviceIdx] ?? [];
}

export function metricAt(world: WorldState, serviceIdx: number, metric: (typeof METRICS)[number], minute: number): number {
  const row = world.history.rows[minute - world.history.start];
  const svc = world.services[serviceIdx] as ServiceState;
  const v = row?.[serviceIdx * METRICS.length + METRIC_INDEX[metric]];
  return v ?? svc.baseline[METRIC_INDEX[metric]] ?? 0;
}

/**
 * Lines of a recorded minute depend only on that minute's history, so they are computed once per world object.
 * (A restored world is a new object with an empty cache and renders the same lines.)
 */
const minuteCache = new WeakMap<WorldState, Map<string, LogLine[]>>();
const MINUTE_CACHE_LIMIT = 4096;

/** Renders the log lines of one service for minutes [from, to], oldest first. Deterministic in (seed, service, minute, k). */
export function renderLogs(world: WorldState, service: string, from: number, to: number): LogLine[] {
  const idx = serviceIndex(world, service);
  const svc = world.services[idx];
  if (!svc) return [];
  let cache = minuteCache.get(world);
  if (!cache) {
    cache = new Map();
    minuteCache.set(world, cache);
  }
  const out: LogLine[] = [];
  for (let minute = from; minute <= Math.min(to, world.minute); minute++) {
    const key = `${idx}:${minute}`;
    let lines = cache.get(key);
    if (!lines) {
      lines = renderMinute(world, svc, idx, minute);
      if (cache.size >= MINUTE_CACHE_LIMIT) cache.clear();
      cache.set(key, lines);
    }
    for (const l of lines) out.push(l);
  }
  return out;
}

function renderMinute(world: WorldState, svc: ServiceState, idx: number, minute: number): LogLine[] {
  const service = svc.name;
  const svcHash = fnv1a(service);
  const out: LogLine[] = [];
  {
    const lines: { second: number; line: LogLine }[] = [];
    const emit = (t: Template, k: number, target: string) => {
      const h = mix(world.seed, svcHash, minute, k);
      const second = h % 60;
      lines.push({ second, line: { ts: clockLabel(world.onset_date, world.onset_time, minute, second), minute, level: t[0], service, message: fill(t[1], world, svc, idx, minute, target, h) } });
    };
    const bg = BACKGROUND_TEMPLATES[svc.kind];
    for (let k = 0; k < 2; k++) emit(pick(bg, mix(world.seed, svcHash, minute, 100 + k)), 100 + k, '');
    if (unit(mix(world.seed, svcHash, minute, 0x0e15e)) < 0.06) emit(pick(NOISE_TEMPLATES, mix(world.seed, svcHash, minute, 7)), 200, '');
    const conditions = conditionsAt(world, idx, minute);
    conditions.forEach((cond, ci) => {
      const [code, target = ''] = cond.split(':') as [string, string?];
      const templates = LOG_TEMPLATES[code];
      if (!templates) return;
      const count = code === 'cpu_hot' || code === 'disk_high' ? 1 : 2;
      for (let k = 0; k < count; k++) {
        const key = 300 + ci * 10 + k;
        emit(pick(templates, mix(world.seed, svcHash, minute, key, fnv1a(cond))), key, target);
      }
    });
    lines.sort((a, b) => a.second - b.second);
    for (const l of lines) out.push(l.line);
  }
  return out;
}

/** The value a config key had at a past minute (the history of changes is kept, the initial values are not). */
export function configAt(world: WorldState, service: string, key: string, minute: number): string | number | boolean | undefined {
  for (const c of world.config_changes) if (c.service === service && c.key === key && c.minute > minute) return c.from;
  return findService(world, service)?.config[key];
}

/** The version a service ran at a past minute. */
export function versionAt(world: WorldState, svc: ServiceState, minute: number): string {
  for (const d of world.deploys) if (d.service === svc.name && d.minute > minute) return d.previous;
  return svc.version;
}

function pick<T>(items: readonly T[], h: number): T {
  return items[h % items.length] as T;
}

function fill(text: string, world: WorldState, svc: ServiceState, idx: number, minute: number, target: string, h: number): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    switch (name) {
      case 'svc':
        return svc.name;
      case 'target':
        return target;
      case 'version':
        return versionAt(world, svc, minute);
      case 'n':
        return String(10 + (mix(h, 1) % 9000));
      case 'host':
        return (mix(h, 2) % 0xfffff).toString(16).padStart(5, '0');
      case 'trace':
        return (mix(h, 3).toString(16) + mix(h, 4).toString(16)).padStart(16, '0').slice(0, 16);
      case 'ms': {
        const edge = world.edges.find((e) => e.from === svc.name && e.to === target);
        if (edge && text.includes('timeout')) return String(edge.timeout_ms);
        return String(Math.round(metricAt(world, idx, 'latency_p99_ms', minute) * (0.6 + 0.5 * unit(mix(h, 5)))));
      }
      case 'pct':
        return pctFor(text, world, idx, minute);
      case 'lag':
        return String(Math.round(metricAt(world, idx, 'replica_lag_s', minute)));
      case 'depth':
        return String(Math.round(metricAt(world, idx, 'queue_depth', minute)));
      case 'key':
        return target;
      case 'value': {
        const own = target ? configAt(world, svc.name, target, minute) : undefined;
        if (own !== undefined) return String(own);
        return String(configAt(world, target, 'dns.record', minute) ?? '10.20.4.17');
      }
      case 'reason': {
        const t = findService(world, target);
        if (t?.kind === 'cache') return "OOM command not allowed when used memory > 'maxmemory'";
        return 'could not extend file: No space left on device';
      }
      default:
        return `{${name}}`;
    }
  });
}

function pctFor(text: string, world: WorldState, idx: number, minute: number): string {
  const metric = /heap|memory/i.test(text) ? 'memory_pct' : /filesystem|disk/i.test(text) ? 'disk_pct' : /pool/i.test(text) ? 'pool_pct' : 'cpu_pct';
  return metricAt(world, idx, metric, minute).toFixed(1);
}
