import { z } from 'zod';

/** Fault types an agent may name in a diagnosis. Labels only: the models live in src/sim/faults. */
export const FAULT_KINDS = [
  'cpu_saturation',
  'memory_leak',
  'disk_full',
  'connection_pool_exhaustion',
  'slow_query',
  'bad_deploy',
  'config_drift',
  'certificate_expired',
  'cache_eviction_oom',
  'retry_storm',
  'dns_failure',
  'network_partition',
  'oom_crashloop',
  'thread_pool_exhaustion',
  'gc_pressure',
  'file_descriptor_exhaustion',
  'queue_consumer_lag',
  'replication_lag',
  'lock_contention',
  'rate_limit_misconfig',
  'credential_rotation_failure',
  'clock_skew',
  'noisy_neighbor',
  'cache_stampede',
  'bad_feature_flag',
  'autoscaler_misconfig',
  'log_volume_disk_fill',
  'external_provider_outage',
  'packet_loss',
  'hot_key',
  'regex_cpu_blowup',
  'ephemeral_port_exhaustion',
] as const;
export const FaultKindSchema = z.enum(FAULT_KINDS);
export type FaultKind = z.infer<typeof FaultKindSchema>;

/** Remediation operations. Parameters go in `apply_fix.params`. */
export const FIX_KINDS = [
  'restart',
  'rollback',
  'scale',
  'config_set',
  'clear_disk',
  'renew_certificate',
  'kill_query',
  'failover',
  'flush_cache',
  'restore_network',
] as const;
export const FixKindSchema = z.enum(FIX_KINDS);
export type FixKind = z.infer<typeof FixKindSchema>;

export const SERVICE_KINDS = ['gateway', 'api', 'worker', 'database', 'cache', 'queue', 'storage', 'external'] as const;
export const ServiceKindSchema = z.enum(SERVICE_KINDS);
export type ServiceKind = z.infer<typeof ServiceKindSchema>;

export const SEVERITIES = ['P1', 'P2', 'P3'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

export const ALERT_ROLES = ['root_cause', 'symptom', 'unrelated'] as const;
export const AlertRoleSchema = z.enum(ALERT_ROLES);
export type AlertRole = z.infer<typeof AlertRoleSchema>;

export const TEAMS = ['database', 'network', 'security', 'platform', 'application', 'vendor'] as const;
export const TeamSchema = z.enum(TEAMS);
