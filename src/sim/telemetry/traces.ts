import { fnv1a, mix, unit } from '../../lib/index.js';
import type { EdgeState, ServiceState, WorldState } from '../state.js';
import { findService } from '../world-access.js';

export interface Span {
  service: string;
  operation: string;
  /** Milliseconds from the start of the trace to the start of this span. */
  start_ms: number;
  duration_ms: number;
  status: 'ok' | 'error';
  error?: string;
  children: Span[];
}

export interface Trace {
  trace_id: string;
  /** Second within the current minute at which the root span started. */
  second: number;
  root: Span;
  duration_ms: number;
  error: boolean;
}

const OPERATIONS: Record<string, string> = {
  gateway: 'HTTP GET /v1',
  api: 'rpc handle',
  worker: 'job run',
  database: 'SQL query',
  cache: 'GET/SET',
  queue: 'publish',
  storage: 'PUT object',
  external: 'HTTPS call',
};

/** Samples request traces from the public entry points at the current minute. */
export function sampleTraces(world: WorldState, opts: { service?: string; errorsOnly?: boolean; limit: number }): Trace[] {
  const entries = world.services.filter((s) => s.public);
  const out: Trace[] = [];
  for (let k = 0; k < 400 && out.length < opts.limit; k++) {
    const entry = entries[k % Math.max(1, entries.length)];
    if (!entry) break;
    const h = mix(world.seed, world.minute, k, 0x7ace);
    const root = span(world, entry, h, 0, 0);
    if (opts.service !== undefined && !contains(root, opts.service)) continue;
    const error = root.status === 'error';
    if (opts.errorsOnly && !error) continue;
    out.push({ trace_id: (mix(h, 1).toString(16).padStart(8, '0') + mix(h, 2).toString(16).padStart(8, '0') + mix(h, 5).toString(16).padStart(8, '0') + mix(h, 6).toString(16).padStart(8, '0')).slice(0, 32), second: mix(h, 7) % 60, root, duration_ms: root.duration_ms, error });
  }
  return out;
}

/** Share of a span's own work done before it calls its dependencies (request parsing, auth, validation). */
const OWN_WORK_BEFORE_CALLS = 0.3;

/** A span and its subtree; calls to dependencies run one after another, starting after the span's own preparatory work. */
function span(world: WorldState, svc: ServiceState, h: number, depth: number, start: number): Span {
  const children: Span[] = [];
  let childTime = 0;
  const own = Math.max(0.1, svc.latency_p50_ms - sumChildrenP50(world, svc)) * (0.5 + unit(mix(h, 3)));
  const callsStart = start + own * OWN_WORK_BEFORE_CALLS;
  let childError: string | undefined;
  if (depth < 6) {
    world.edges.forEach((e: EdgeState, ei) => {
      if (e.from !== svc.name) return;
      const eh = mix(h, fnv1a(e.to), ei);
      if (unit(eh) >= Math.min(1, e.calls)) return;
      const callee = findService(world, e.to);
      if (!callee) return;
      if (e.breaker_state === 'open') {
        children.push({ service: e.to, operation: 'circuit open (not called)', start_ms: r1(callsStart + childTime), duration_ms: 0, status: 'error', error: 'CircuitBreakerOpen', children: [] });
        if (!e.fallback) childError ??= `circuit breaker to ${e.to} open`;
        return;
      }
      const c = span(world, callee, eh, depth + 1, r1(callsStart + childTime));
      if (c.duration_ms > e.timeout_ms) {
        c.duration_ms = e.timeout_ms;
        clipTo(c, c.start_ms + e.timeout_ms);
        c.status = 'error';
        c.error = 'DeadlineExceeded';
      }
      if (unit(mix(eh, 9)) < e.write_fraction * callee.write_reject) {
        c.status = 'error';
        c.error = callee.kind === 'cache' ? 'OOM command not allowed' : 'No space left on device';
      }
      children.push(c);
      childTime += c.duration_ms;
      if (c.status === 'error' && !e.fallback) childError ??= `${e.to}: ${c.error ?? 'error'}`;
    });
  }
  const ownError = unit(mix(h, 4)) < ownFailure(world, svc);
  const status = ownError || childError !== undefined ? 'error' : 'ok';
  const result: Span = { service: svc.name, operation: OPERATIONS[svc.kind] ?? 'call', start_ms: r1(start), duration_ms: r1(own + childTime), status, children };
  if (status === 'error') result.error = ownError ? (svc.replicas_up === 0 ? 'Unavailable' : 'Internal') : (childError ?? 'error');
  return result;
}

function r1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** A caller stopped waiting at `end`: spans below it are cut there (the callee's work past it is not recorded). */
function clipTo(s: Span, end: number): void {
  for (const c of s.children) {
    if (c.start_ms >= end) c.start_ms = end;
    if (c.start_ms + c.duration_ms > end) c.duration_ms = r1(Math.max(0, end - c.start_ms));
    clipTo(c, end);
  }
}

function sumChildrenP50(world: WorldState, svc: ServiceState): number {
  let total = 0;
  for (const e of world.edges) {
    if (e.from !== svc.name || e.breaker_state === 'open') continue;
    const c = findService(world, e.to);
    if (c) total += e.calls * Math.min(c.latency_p50_ms, e.timeout_ms);
  }
  return total;
}

function ownFailure(world: WorldState, svc: ServiceState): number {
  let depFail = 0;
  for (const e of world.edges) if (e.from === svc.name && !e.fallback) depFail = 1 - (1 - depFail) * (1 - Math.min(1, e.calls) * e.failure);
  return Math.max(0, 1 - (1 - svc.error_rate) / Math.max(1e-9, 1 - depFail));
}

function contains(s: Span, service: string): boolean {
  return s.service === service || s.children.some((c) => contains(c, service));
}
