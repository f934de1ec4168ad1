import { fnv1a, mix, unit } from '../../lib/index.js';
import { METRIC_INDEX, METRICS, type MetricName, type WorldState } from '../state.js';
import { serviceIndex } from '../world-access.js';
import { metricAt } from './logs.js';

export const METRIC_UNITS: Record<MetricName, string> = {
  cpu_pct: '%',
  memory_pct: '%',
  disk_pct: '%',
  pool_pct: '%',
  latency_p50_ms: 'ms',
  latency_p99_ms: 'ms',
  error_rate_pct: '%',
  throughput_rps: 'req/s',
  queue_depth: 'msgs',
  replica_lag_s: 's',
};

export interface MetricSummary {
  metric: MetricName;
  unit: string;
  now: number;
  baseline: number;
  min: number;
  max: number;
  trend: 'rising' | 'falling' | 'flat';
  /** One value per `step_minutes`, oldest first, ending now. */
  series: number[];
  /** Simulated minute (since onset) of each value in `series`. */
  series_minutes: number[];
  step_minutes: number;
}

/** Spread of the per-service measurement offset (hosts differ: instance type, neighbours, exporter overhead). */
const SERVICE_OFFSET_SPREAD = 0.08;
/** Spread of the per-scrape noise. */
const SCRAPE_NOISE_SPREAD = 0.03;
const PERCENT_METRICS: ReadonlySet<MetricName> = new Set(METRICS.filter((m) => METRIC_UNITS[m] === '%'));

/**
 * A metric as monitoring shows it: the recorded value times a fixed per-service offset (so services under the same
 * load do not report identical numbers) and small seeded scrape noise; percentages stay within [0, 100].
 */
export function observedMetric(world: WorldState, idx: number, metric: MetricName, minute: number): number {
  const v = metricAt(world, idx, metric, minute);
  const svc = world.services[idx];
  const offset = 1 + SERVICE_OFFSET_SPREAD * (unit(mix(world.seed, fnv1a(svc?.name ?? ''), METRIC_INDEX[metric], 0x0ff5)) - 0.5);
  const noise = 1 + SCRAPE_NOISE_SPREAD * (unit(mix(world.seed, idx, minute, METRIC_INDEX[metric], 0x7e1e)) - 0.5);
  const observed = v * offset * noise;
  return roundMetric(metric, PERCENT_METRICS.has(metric) ? Math.min(100, Math.max(0, observed)) : Math.max(0, observed));
}

export function summariseMetric(world: WorldState, service: string, metric: MetricName, windowMinutes: number): MetricSummary {
  const idx = serviceIndex(world, service);
  const now = world.minute;
  const from = now - windowMinutes + 1;
  const values: number[] = [];
  for (let m = from; m <= now; m++) values.push(observedMetric(world, idx, metric, m));
  const step = Math.max(1, Math.ceil(windowMinutes / 15));
  const series: number[] = [];
  const seriesMinutes: number[] = [];
  for (let i = values.length - 1; i >= 0; i -= step) {
    series.unshift(values[i] as number);
    seriesMinutes.unshift(from + i);
  }
  const rawBaseline = world.services[idx]?.baseline[METRIC_INDEX[metric]] ?? 0;
  const baseline = roundMetric(metric, PERCENT_METRICS.has(metric) ? Math.min(100, rawBaseline) : rawBaseline);
  const first = values.slice(0, Math.max(1, Math.floor(values.length / 3)));
  const last = values.slice(-Math.max(1, Math.floor(values.length / 3)));
  const a = avg(first);
  const b = avg(last);
  const scale = Math.max(Math.abs(a), Math.abs(baseline), 1e-6);
  const trend = (b - a) / scale > 0.1 ? 'rising' : (a - b) / scale > 0.1 ? 'falling' : 'flat';
  return {
    metric,
    unit: METRIC_UNITS[metric],
    now: values[values.length - 1] ?? 0,
    baseline,
    min: Math.min(...values),
    max: Math.max(...values),
    trend,
    series,
    series_minutes: seriesMinutes,
    step_minutes: step,
  };
}

export function metricNamesFor(metric: string | undefined): MetricName[] | null {
  if (metric === undefined) return [...METRICS];
  const m = METRICS.find((x) => x === metric || x.replace(/_(pct|ms|rps)$/, '') === metric);
  return m ? [m] : null;
}

function avg(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}

function roundMetric(metric: MetricName, v: number): number {
  const digits = metric === 'error_rate_pct' ? 2 : metric.endsWith('_ms') && v < 10 ? 2 : 1;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

