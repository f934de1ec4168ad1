import { md5Hex } from './md5.js';
import { type DevopsFailureMode, type DevopsService, type DevopsStatus } from './topology.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

export interface DevopsLog {
  timestamp: string;
  level: LogLevel;
  service: DevopsService;
  message: string;
  trace_id: string;
}

export interface DevopsMetrics {
  service_name: DevopsService;
  cpu_percent: number;
  memory_mb: number;
  memory_limit_mb: number;
  request_latency_p50_ms: number;
  request_latency_p99_ms: number;
  error_rate_percent: number;
  active_connections: number;
  connection_pool_size: number;
  disk_used_gb: number;
  disk_total_gb: number;
  status: DevopsStatus;
  uptime_seconds: number;
}

type Template = readonly [LogLevel, string];

/** What each condition writes to the log, in the original's index order (the index is chosen by MD5). */
export const LOG_TEMPLATES: Readonly<Record<DevopsFailureMode | 'healthy', readonly Template[]>> = {
  service_crash: [
    ['FATAL', 'Main worker exited unexpectedly with signal 11'],
    ['ERROR', 'Readiness probe failed: connection refused'],
    ['FATAL', 'Process supervisor detected crash loop after 5 restarts'],
    ['ERROR', 'Upstream requests failing because process is not listening'],
    ['FATAL', 'Container terminated with exit code 137'],
    ['ERROR', 'Socket bind failed after process teardown'],
    ['WARN', 'CrashLoopBackOff detected for deployment replicas'],
    ['ERROR', 'No healthy workers available to accept traffic'],
  ],
  memory_leak: [
    ['WARN', 'Resident memory climbed to 92% of limit over 15m'],
    ['ERROR', 'OOM killer terminated worker after allocation failure'],
    ['WARN', 'Garbage collection pause exceeded 2400ms threshold'],
    ['ERROR', 'Allocator unable to reserve memory for request context'],
    ['WARN', 'Heap growth trend is non-linear and still increasing'],
    ['ERROR', 'Request queue backlog growing under memory pressure'],
    ['WARN', 'Container restarted after repeated OOM events'],
    ['ERROR', 'Memory usage did not fall after full GC cycle'],
  ],
  high_latency: [
    ['WARN', 'P99 latency breached SLO: 4230ms > 250ms'],
    ['WARN', 'Thread pool saturation reached 100/100 workers'],
    ['ERROR', 'Client requests timing out waiting for upstream response'],
    ['WARN', 'Latency regression observed across dependent RPC calls'],
    ['ERROR', 'Timeout while awaiting downstream checkout dependency'],
    ['WARN', 'Queue depth increasing faster than service throughput'],
    ['ERROR', 'Slow requests exceed alert threshold for 10m'],
    ['WARN', 'Autoscaler lagging behind burst traffic demand'],
  ],
  connection_pool_exhaustion: [
    ['ERROR', 'Database connection pool exhausted: 100/100 in use'],
    ['WARN', 'Average wait time for pool checkout is 5100ms'],
    ['ERROR', 'Request aborted because no DB connection became available'],
    ['WARN', 'Long-lived transactions are holding pool slots'],
    ['ERROR', 'Pool starvation causing circuit breaker to open'],
    ['WARN', 'Retry storm detected against backing datastore'],
    ['ERROR', 'Timed out acquiring pooled connection'],
    ['WARN', 'Connection leak suspected in payment workflow'],
  ],
  disk_full: [
    ['ERROR', 'No space left on device while writing WAL segment'],
    ['FATAL', 'Database checkpoint failed: disk allocation error'],
    ['ERROR', 'Temporary file creation failed during query execution'],
    ['WARN', 'Filesystem usage at 99.2% on primary volume'],
    ['ERROR', 'Archive log shipping stalled because target volume is full'],
    ['FATAL', 'Write-ahead logging suspended due to disk pressure'],
    ['WARN', 'Background vacuum cannot complete on saturated disk'],
    ['ERROR', 'Replication lag increasing after storage write failures'],
  ],
  certificate_expired: [
    ['ERROR', 'TLS handshake failed: certificate has expired'],
    ['WARN', 'Peer verification rejected x509 chain'],
    ['ERROR', 'mTLS connection refused due to expired server cert'],
    ['WARN', 'Certificate validity window ended 2 days ago'],
    ['ERROR', 'x509: certificate is not valid at current time'],
    ['WARN', 'Ingress reports SSL validation errors for upstream'],
    ['ERROR', 'Secure client connections are being terminated early'],
    ['WARN', 'Renewal job missed last scheduled execution'],
  ],
  config_drift: [
    ['ERROR', 'Loaded DB_HOST does not match expected cluster endpoint'],
    ['WARN', 'Feature flag state differs from deployment baseline'],
    ['ERROR', 'Invalid configuration schema version detected on startup'],
    ['WARN', 'Service env vars differ across replicas'],
    ['ERROR', 'Canary and production pods are using different config hashes'],
    ['WARN', 'Unexpected toggle enabled unsafe code path'],
    ['ERROR', 'Configuration validation failed for payment connector'],
    ['WARN', 'Manual change detected outside deployment pipeline'],
  ],
  healthy: [
    ['INFO', 'Health check OK for all worker threads'],
    ['INFO', 'Processed requests within normal latency envelope'],
    ['DEBUG', 'Connection reuse remains within target range'],
    ['INFO', 'Background jobs completed successfully'],
    ['DEBUG', 'Cache hit ratio steady above 93%'],
    ['INFO', 'No error budget burn detected in the last interval'],
    ['DEBUG', 'Resource utilization remains within baseline'],
    ['INFO', 'Heartbeat and readiness probes are passing'],
  ],
};

const LINES_PER_READ = 4;
const SECONDS_BETWEEN_LINES = 15;
const DAY = 86400;

/** Seconds since 2026-01-01T00:00:00Z of the incident's "now": noon plus the original's offset into a day. */
export function incidentBaseSeconds(seed: number): number {
  return 12 * 3600 + (((seed % DAY) + DAY) % DAY);
}

/** ISO-8601 (UTC, whole seconds) of a moment in January 2026 given in seconds since its start. */
export function januaryTimestamp(seconds: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = 1 + Math.floor(seconds / DAY);
  const inDay = seconds % DAY;
  return `2026-01-${pad(day)}T${pad(Math.floor(inDay / 3600))}:${pad(Math.floor((inDay % 3600) / 60))}:${pad(inDay % 60)}Z`;
}

/** The four log lines `read_logs` returns for a service in a condition at a step (same as the original's). */
export function renderLogs(seed: number, service: DevopsService, mode: DevopsFailureMode | 'healthy', step: number): DevopsLog[] {
  const templates = LOG_TEMPLATES[mode];
  const first = parseInt(md5Hex(`${seed}:${service}:${mode}:${step}`).slice(0, 8), 16);
  const token = md5Hex(`${seed}:${service}`).slice(0, 8);
  const base = incidentBaseSeconds(seed);
  return Array.from({ length: LINES_PER_READ }, (_, k) => {
    const [level, message] = templates[(first + k) % templates.length] ?? ['INFO', ''];
    return {
      timestamp: januaryTimestamp(base - (LINES_PER_READ - k) * SECONDS_BETWEEN_LINES),
      level,
      service,
      message,
      trace_id: `trace-${token}-${k}`,
    };
  });
}

const BASE_METRICS = {
  cpu_percent: 18.0,
  memory_mb: 512.0,
  memory_limit_mb: 2048.0,
  request_latency_p50_ms: 18.0,
  request_latency_p99_ms: 55.0,
  error_rate_percent: 0.1,
  active_connections: 18,
  connection_pool_size: 100,
  disk_used_gb: 24.0,
  disk_total_gb: 100.0,
  uptime_seconds: 172800.0,
};

type MetricOverride = Partial<typeof BASE_METRICS>;

const MODE_METRICS: Readonly<Partial<Record<DevopsFailureMode, MetricOverride>>> = {
  service_crash: { cpu_percent: 0, memory_mb: 0, request_latency_p50_ms: 0, request_latency_p99_ms: 0, error_rate_percent: 100.0, active_connections: 0, uptime_seconds: 0 },
  memory_leak: { cpu_percent: 77, memory_mb: 1900, request_latency_p50_ms: 280, request_latency_p99_ms: 4200, error_rate_percent: 12.5 },
  high_latency: { cpu_percent: 54, memory_mb: 980, request_latency_p50_ms: 1100, request_latency_p99_ms: 6200, error_rate_percent: 9.7, active_connections: 91 },
  connection_pool_exhaustion: { cpu_percent: 36, memory_mb: 840, request_latency_p50_ms: 2400, request_latency_p99_ms: 12000, error_rate_percent: 27.0, active_connections: 100 },
  disk_full: { cpu_percent: 14, memory_mb: 1100, request_latency_p50_ms: 900, request_latency_p99_ms: 14000, error_rate_percent: 41.0, disk_used_gb: 99.2 },
};

export function renderMetrics(service: DevopsService, mode: DevopsFailureMode | 'healthy', status: DevopsStatus): DevopsMetrics {
  const override = mode === 'healthy' ? {} : (MODE_METRICS[mode] ?? {});
  return { service_name: service, ...BASE_METRICS, ...override, status };
}

/** A one-line summary of metrics as an operator would read them: numbers, no diagnosis. */
export function describeMetrics(m: DevopsMetrics): string {
  return (
    `status=${m.status}, cpu ${m.cpu_percent.toFixed(1)}%, rss ${m.memory_mb.toFixed(0)}/${m.memory_limit_mb.toFixed(0)} MB, ` +
    `p50 ${m.request_latency_p50_ms.toFixed(0)} ms, p99 ${m.request_latency_p99_ms.toFixed(0)} ms, errors ${m.error_rate_percent.toFixed(1)}%, ` +
    `connections ${m.active_connections}/${m.connection_pool_size}, disk ${m.disk_used_gb.toFixed(1)}/${m.disk_total_gb.toFixed(1)} GB, uptime ${m.uptime_seconds.toFixed(0)} s`
  );
}

/** A summary of log lines by severity with the most severe line quoted: what an operator skims first. */
export function describeLogs(logs: readonly DevopsLog[]): string {
  const order: LogLevel[] = ['FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG'];
  const counts = order.map((level) => [level, logs.filter((l) => l.level === level).length] as const).filter(([, n]) => n > 0);
  const worst = order.map((level) => logs.find((l) => l.level === level)).find((l) => l !== undefined);
  return `${counts.map(([level, n]) => `${n} ${level}`).join(', ')}${worst ? `; most severe: "${worst.message}"` : ''}`;
}
