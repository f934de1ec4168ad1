import { z } from 'zod';

import { ServiceKindSchema } from './catalog.js';
import { TechnologySchema } from './technology.js';

/** Structured results of the native read-side actions (`observation.result`), one schema per action. */

const Health = z.enum(['healthy', 'degraded', 'down', 'unknown']);
const ConfigValue = z.union([z.string(), z.number(), z.boolean()]);
const Clock = z.string().describe('Wall-clock label (ISO 8601, UTC) of the simulated time.');

export const ServiceListResultSchema = z.strictObject({
  services: z.array(
    z.strictObject({
      name: z.string(),
      kind: ServiceKindSchema,
      technology: TechnologySchema.describe('The software it runs; its logs, config keys and metric names are that software\'s.'),
      replicas: z.number().int(),
      version: z.string(),
      health: Health,
      customer_facing: z.boolean().describe('No other service calls it: customers reach it directly.'),
      depends_on: z.array(z.string()),
    }),
  ),
});
export type ServiceListResult = z.infer<typeof ServiceListResultSchema>;

export const EdgeViewSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  timeout_ms: z.number(),
  retries: z.number().int(),
  circuit_breaker: z.enum(['none', 'closed', 'open', 'half_open']),
  fallback: z.boolean(),
});
export type EdgeView = z.infer<typeof EdgeViewSchema>;

export const DependenciesResultSchema = z.union([
  z.strictObject({ edges: z.array(EdgeViewSchema) }),
  z.strictObject({ service: z.string(), callers: z.array(EdgeViewSchema), callees: z.array(EdgeViewSchema) }),
]);
export type DependenciesResult = z.infer<typeof DependenciesResultSchema>;

export const LogLineSchema = z.strictObject({
  ts: Clock.describe('When the log collector received the line.'),
  level: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']).describe('Normalised severity (for filtering).'),
  pod: z.string().describe('The replica that wrote the line; stable for the life of the pod.'),
  message: z.string().describe('The line exactly as the service\'s software writes it.'),
});
export type LogLine = z.infer<typeof LogLineSchema>;

export const LogsResultSchema = z.strictObject({
  service: z.string(),
  window_minutes: z.number().int(),
  matched: z.number().int().min(0),
  lines: z.array(LogLineSchema).describe('Newest last.'),
});
export type LogsResult = z.infer<typeof LogsResultSchema>;

export const MetricSummarySchema = z.strictObject({
  metric: z.string(),
  unit: z.string(),
  now: z.number(),
  baseline: z.number(),
  min: z.number(),
  max: z.number(),
  trend: z.enum(['rising', 'falling', 'flat']),
  series: z.array(z.number()).describe('One value per step_minutes, oldest first, ending now.'),
  series_minutes: z.array(z.number().int()).describe('Simulated minute (since onset) of each series value.'),
  step_minutes: z.number().int().min(1),
});
export type MetricSummary = z.infer<typeof MetricSummarySchema>;

export const MetricsResultSchema = z.union([
  z.strictObject({ service: z.string(), window_minutes: z.number().int(), metrics: z.array(MetricSummarySchema) }),
  z.strictObject({ service: z.string(), metrics: z.tuple([]), note: z.string() }),
]);
export type MetricsResult = z.infer<typeof MetricsResultSchema>;

export const SpanViewSchema = z.strictObject({
  depth: z.number().int().min(0),
  parent: z.number().int().min(0).nullable().describe('Index of the parent span in `spans`; null for the root.'),
  service: z.string(),
  operation: z.string(),
  start_ms: z.number().min(0).describe('Offset from the start of the trace.'),
  duration_ms: z.number().min(0),
  status: z.enum(['ok', 'error']),
  error: z.string().optional(),
});
export type SpanView = z.infer<typeof SpanViewSchema>;

export const TracesResultSchema = z.strictObject({
  traces: z.array(
    z.strictObject({
      trace_id: z.string(),
      at: Clock.describe('When the root span started.'),
      duration_ms: z.number().min(0),
      error: z.boolean(),
      spans: z.array(SpanViewSchema).describe('Depth-first, parents before children.'),
    }),
  ),
});
export type TracesResult = z.infer<typeof TracesResultSchema>;

export const DeploysResultSchema = z.strictObject({
  deploys: z.array(
    z.strictObject({
      service: z.string(),
      version: z.string(),
      previous: z.string(),
      kind: z.enum(['deploy', 'rollback']),
      at: Clock,
      minutes_ago: z.number().int().min(0),
      author: z.string(),
      note: z.string(),
    }),
  ),
});
export type DeploysResult = z.infer<typeof DeploysResultSchema>;

export const ConfigResultSchema = z.strictObject({
  service: z.string(),
  version: z.string(),
  replicas: z.number().int(),
  config: z.record(z.string(), ConfigValue),
  recent_changes: z.array(z.strictObject({ key: z.string(), from: ConfigValue, to: ConfigValue, at: Clock, minutes_ago: z.number().int().min(0), author: z.string() })),
});
export type ConfigResult = z.infer<typeof ConfigResultSchema>;

export const SearchHitSchema = z.strictObject({
  source: z.enum(['log', 'deploy', 'config change', 'alert']),
  service: z.string(),
  minute: z.number().int().describe('Simulated minute since onset.'),
  at: Clock,
  text: z.string(),
  score: z.number().describe('Relevance: term occurrences, plus a bonus for the phrase or the service name.'),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const SearchResultSchema = z.strictObject({
  query: z.string(),
  service: z.string().optional(),
  terms: z.array(z.string()),
  log_window_minutes: z.number().int(),
  total: z.number().int().min(0),
  hits: z.array(SearchHitSchema).describe('The best-ranked hits, oldest first.'),
});
export type SearchResult = z.infer<typeof SearchResultSchema>;

export const HealthResultSchema = z.strictObject({
  services: z.array(
    z.union([
      z.strictObject({
        name: z.string(),
        health: z.enum(['healthy', 'degraded', 'down']),
        error_rate_pct: z.number().min(0).max(100),
        latency_p99_ms: z.number().min(0),
        cpu_pct: z.number().min(0).max(100),
        replicas_ready: z.string().describe('Replicas passing readiness / replicas.'),
      }),
      z.strictObject({ name: z.string(), health: z.literal('unknown'), note: z.string() }),
    ]),
  ),
  minutes_healthy: z.number().int().min(0),
});
export type HealthResult = z.infer<typeof HealthResultSchema>;

/** The result schema of each read-side action (the others' results are small acknowledgements). */
export const READ_RESULT_SCHEMAS = {
  list_services: ServiceListResultSchema,
  inspect_dependencies: DependenciesResultSchema,
  read_logs: LogsResultSchema,
  query_metrics: MetricsResultSchema,
  get_traces: TracesResultSchema,
  list_deploys: DeploysResultSchema,
  get_config: ConfigResultSchema,
  run_query: SearchResultSchema,
  verify_health: HealthResultSchema,
} as const;
export type ReadAction = keyof typeof READ_RESULT_SCHEMAS;
export type ReadResult<A extends ReadAction> = z.infer<(typeof READ_RESULT_SCHEMAS)[A]>;
