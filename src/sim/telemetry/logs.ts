import { fnv1a, mix, unit } from '../../lib/index.js';
import type { ServiceState, WorldState } from '../state.js';
import { findService, serviceIndex } from '../world-access.js';
import { clockLabel } from './clock.js';
import { PACKS } from '../technology/index.js';
import type { LogLevel, Template } from '../technology/pack.js';
import { recordedMetric, renderLine } from '../technology/render.js';

export { configAt, versionAt } from '../technology/render.js';
export type { LogLevel } from '../technology/pack.js';

export interface LogLine {
  /** When the collector received the line (ISO 8601, UTC). */
  ts: string;
  minute: number;
  level: LogLevel;
  service: string;
  /** The replica (pod) that wrote it. */
  pod: string;
  /** The line exactly as the service's software writes it. */
  message: string;
}

export const LEVEL_RANK: Record<LogLevel, number> = { DEBUG: 0, INFO: 1, WARN: 2, ERROR: 3, FATAL: 4 };

/** Lines of background chatter per service and minute. */
const BACKGROUND_LINES = 2;
/** Chance per service and minute of one harmless noise line. */
const NOISE_CHANCE = 0.06;

/** Conditions of a service at a past minute (empty before the recorded history). */
export function conditionsAt(world: WorldState, serviceIdx: number, minute: number): string[] {
  const row = world.history.conditions[minute - world.history.start];
  return row?.[serviceIdx] ?? [];
}

export const metricAt = recordedMetric;

/**
 * Lines of a past minute depend only on the history up to it and on the service's size (replicas, pool, memory
 * limit), so they are computed once per world object and size. The current minute is rendered afresh (a fix applied
 * in it can still add a rollout or config change). A restored world is a new object and renders the same lines.
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
    const key = `${idx}:${minute}:${svc.replicas}:${svc.pool_size}:${svc.memory_limit_mb}`;
    let lines = minute < world.minute ? cache.get(key) : undefined;
    if (!lines) {
      lines = renderMinute(world, svc, idx, minute);
      if (minute < world.minute) {
        if (cache.size >= MINUTE_CACHE_LIMIT) cache.clear();
        cache.set(key, lines);
      }
    }
    for (const l of lines) out.push(l);
  }
  return out;
}

function renderMinute(world: WorldState, svc: ServiceState, idx: number, minute: number): LogLine[] {
  const pack = PACKS[svc.technology];
  const svcHash = fnv1a(svc.name);
  const lines: { order: number; line: LogLine }[] = [];
  const emit = (t: Template, k: number, code: string, target: string) => {
    const h = mix(world.seed, svcHash, minute, k);
    const second = h % 60;
    const r = renderLine(world, svc, minute, second, t, code, target, h);
    lines.push({ order: second * 1000 + (mix(h, 0x35) % 1000), line: { ts: clockLabel(world.onset_date, world.onset_time, minute, second), minute, level: t[0], service: svc.name, pod: r.pod, message: r.text } });
  };
  for (let k = 0; k < BACKGROUND_LINES; k++) emit(pick(pack.background, mix(world.seed, svcHash, minute, 100 + k)), 100 + k, '', '');
  if (pack.noise && unit(mix(world.seed, svcHash, minute, 0x0e15e)) < NOISE_CHANCE) emit(pick(pack.noise, mix(world.seed, svcHash, minute, 7)), 200, '', '');
  conditionsAt(world, idx, minute).forEach((cond, ci) => {
    const colon = cond.indexOf(':');
    const code = colon < 0 ? cond : cond.slice(0, colon);
    const target = colon < 0 ? '' : cond.slice(colon + 1);
    const targetKind = target ? findService(world, target)?.kind : undefined;
    const store = targetKind === 'database' || targetKind === 'cache' || targetKind === 'queue' || targetKind === 'storage';
    const templates = (store ? pack.conditions[`${code}@store`] : undefined) ?? pack.conditions[code];
    if (!templates || templates.length === 0) return;
    const count = code === 'cpu_hot' || code === 'disk_high' ? 1 : 2;
    for (let k = 0; k < count; k++) {
      const key = 300 + ci * 10 + k;
      emit(pick(templates, mix(world.seed, svcHash, minute, key, fnv1a(cond))), key, code, target);
    }
  });
  lines.sort((a, b) => a.order - b.order);
  return lines.map((l) => l.line);
}

function pick<T>(items: readonly T[], h: number): T {
  return items[h % items.length] as T;
}
