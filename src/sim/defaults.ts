import type { ServiceKind } from '../contracts/index.js';

/** Per-kind defaults for service resources, chosen so a healthy system runs at 30–50% utilisation. */
export const KIND_DEFAULTS: Record<ServiceKind, { capacity_rps: number; base_latency_ms: number; memory_limit_mb: number; memory_base_mb: number; disk_total_gb: number; disk_used_gb: number; pool_size: number }> = {
  gateway: { capacity_rps: 900, base_latency_ms: 4, memory_limit_mb: 1024, memory_base_mb: 300, disk_total_gb: 20, disk_used_gb: 6, pool_size: 50 },
  api: { capacity_rps: 450, base_latency_ms: 18, memory_limit_mb: 2048, memory_base_mb: 700, disk_total_gb: 20, disk_used_gb: 5, pool_size: 40 },
  worker: { capacity_rps: 300, base_latency_ms: 40, memory_limit_mb: 2048, memory_base_mb: 800, disk_total_gb: 20, disk_used_gb: 5, pool_size: 20 },
  database: { capacity_rps: 2200, base_latency_ms: 3, memory_limit_mb: 16384, memory_base_mb: 9000, disk_total_gb: 500, disk_used_gb: 310, pool_size: 400 },
  cache: { capacity_rps: 6000, base_latency_ms: 0.6, memory_limit_mb: 4096, memory_base_mb: 2600, disk_total_gb: 10, disk_used_gb: 2, pool_size: 1000 },
  queue: { capacity_rps: 4000, base_latency_ms: 2, memory_limit_mb: 4096, memory_base_mb: 1200, disk_total_gb: 200, disk_used_gb: 40, pool_size: 500 },
  storage: { capacity_rps: 1500, base_latency_ms: 12, memory_limit_mb: 4096, memory_base_mb: 1500, disk_total_gb: 2000, disk_used_gb: 900, pool_size: 200 },
  external: { capacity_rps: 5000, base_latency_ms: 120, memory_limit_mb: 1024, memory_base_mb: 256, disk_total_gb: 1, disk_used_gb: 0.2, pool_size: 100 },
};

/** Simulated minutes each action takes. */
export const FIX_MINUTES = {
  restart: 3,
  rollback: 5,
  scale: 2,
  config_set: 1,
  clear_disk: 4,
  renew_certificate: 3,
  kill_query: 1,
  failover: 3,
  flush_cache: 1,
  restore_network: 4,
} as const;

/** Service-level objective used for health and mitigation. */
export const SLO = {
  error_rate: 0.01,
  /** p99 may be at most this multiple of the healthy p99. */
  latency_factor: 2.5,
} as const;
