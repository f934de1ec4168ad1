import { z } from 'zod';

import { FaultKindSchema, ServiceKindSchema, TechnologySchema } from '../contracts/index.js';

const Name = z.string().regex(/^[a-z][a-z0-9-]{0,47}$/, 'lower-case letters, digits and dashes, starting with a letter');
const ConfigValue = z.union([z.string().max(200), z.number().finite(), z.boolean()]);

export const ServiceSpecSchema = z.strictObject({
  name: Name,
  kind: ServiceKindSchema,
  /** The software it runs; when absent, its name or a seeded pick among the kind's technologies decides. */
  technology: TechnologySchema.optional(),
  /** Receives external traffic (its errors are customer-facing). */
  public: z.boolean().default(false),
  replicas: z.number().int().min(1).max(50).default(2),
  version: z.string().min(1).max(32).default('v1.0.0'),
  /** Requests per second one replica serves at 100% CPU. */
  capacity_rps: z.number().positive().max(1e6).optional(),
  base_latency_ms: z.number().positive().max(10_000).optional(),
  memory_limit_mb: z.number().positive().max(1e6).optional(),
  memory_base_mb: z.number().positive().max(1e6).optional(),
  disk_total_gb: z.number().positive().max(1e6).optional(),
  disk_used_gb: z.number().min(0).max(1e6).optional(),
  /** Connection-pool slots per replica towards its datastores. */
  pool_size: z.number().int().min(1).max(10_000).optional(),
  config: z.record(z.string().max(64), ConfigValue).default({}),
  /** Monitoring scrapes this service (false = an observability gap). */
  monitored: z.boolean().default(true),
  /** Requests per second this service generates itself (batch jobs, consumers), beyond what callers send. */
  load_rps: z.number().min(0).max(1e6).optional(),
  /** Minutes from onset until the TLS certificate it serves expires (default: 20–80 days, drawn per service). */
  cert_expires_in_minutes: z.number().int().min(-100_000).max(1_000_000).optional(),
  /** Background error fraction (noise). */
  base_error_rate: z.number().min(0).max(0.05).default(0.001),
});
export type ServiceSpec = z.input<typeof ServiceSpecSchema>;

export const EdgeSpecSchema = z.strictObject({
  from: Name,
  to: Name,
  /** Calls to `to` per request handled by `from`. */
  calls: z.number().positive().max(20).default(1),
  timeout_ms: z.number().positive().max(120_000).default(1000),
  retries: z.number().int().min(0).max(10).default(2),
  breaker: z.boolean().default(false),
  /** Minutes an open breaker stays open before probing. */
  breaker_open_minutes: z.number().int().min(1).max(120).default(5),
  /** The caller degrades gracefully when this dependency fails. */
  fallback: z.boolean().default(false),
  /** Fraction of calls that write (cache/database rejections hit writes). */
  write_fraction: z.number().min(0).max(1).default(0.3),
});
export type EdgeSpec = z.input<typeof EdgeSpecSchema>;

export const FaultSpecSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,32}$/),
  kind: FaultKindSchema,
  service: Name,
  /** Simulated minute the fault begins (0 = incident onset). */
  onset: z.number().int().min(-240).max(240).default(0),
  params: z.record(z.string(), z.union([z.string().max(200), z.number().finite(), z.boolean()])).default({}),
  /** A sustaining (secondary) fault: it forms while this other fault is active and persists until fixed. */
  trigger: z.string().regex(/^[a-z0-9-]{1,32}$/).optional(),
});
export type FaultSpec = z.input<typeof FaultSpecSchema>;

export const DeploySpecSchema = z.strictObject({
  service: Name,
  version: z.string().min(1).max(32),
  previous: z.string().min(1).max(32),
  minute: z.number().int().min(-10_000).max(0),
  author: z.string().max(64).default('deploy-bot'),
  note: z.string().max(200).default(''),
});
export type DeploySpec = z.input<typeof DeploySpecSchema>;

export const ConfigChangeSpecSchema = z.strictObject({
  service: Name,
  key: z.string().max(64),
  from: ConfigValue,
  to: ConfigValue,
  minute: z.number().int().min(-10_000).max(0),
  author: z.string().max(64).default('config-sync'),
});
export type ConfigChangeSpec = z.input<typeof ConfigChangeSpecSchema>;

export const WorldSpecSchema = z.strictObject({
  services: z.array(ServiceSpecSchema).min(1).max(60),
  edges: z.array(EdgeSpecSchema).max(400),
  faults: z.array(FaultSpecSchema).max(8),
  deploys: z.array(DeploySpecSchema).max(100).default([]),
  config_changes: z.array(ConfigChangeSpecSchema).max(100).default([]),
  /** Requests per second entering the public services. */
  load_rps: z.number().positive().max(1e6).default(400),
  /** Minutes after onset when the on-call engineer starts (alerts have fired by then). */
  start_minute: z.number().int().min(1).max(120).default(8),
  /** Minutes every service must stay within SLO before the incident counts as mitigated. */
  settle_minutes: z.number().int().min(1).max(60).default(5),
  /** Wall-clock date and time of onset, as labels only. */
  onset_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).default('2026-03-14'),
  onset_time: z.string().regex(/^\d{2}:\d{2}$/).default('02:10'),
});
export type WorldSpec = z.input<typeof WorldSpecSchema>;
export type WorldSpecParsed = z.output<typeof WorldSpecSchema>;
