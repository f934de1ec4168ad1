import type { FaultKind } from '../../contracts/index.js';

/** What a generated family varies; every range is inclusive and drawn per seed. */
export interface GeneratorKnobs {
  /** Chance of a topology template (else a random layered DAG). */
  template_chance: number;
  templates: readonly string[];
  /** Service count of random DAGs. */
  services: readonly [number, number];
  /** Independent root causes. */
  roots: readonly [number, number];
  /** Root fault types to draw from, and the share drawn from the misleading ones. */
  kinds: readonly FaultKind[];
  misleading_share: number;
  /** Red herrings that raise their own (unrelated) alerts or sit on the loudest symptom: 0–5. */
  red_herrings: readonly [number, number];
  /** Harmless releases and configuration changes, on any service, drawn like the faults' own changes. */
  noise: readonly [number, number];
  /** Services monitoring does not scrape (never gateways). */
  gaps: readonly [number, number];
  /** Chance that a root cause itself sits in an observability gap. */
  root_gap_chance: number;
  /** Chance, per root, of a sustaining fault that outlives it (an ordering constraint). */
  sustaining_chance: number;
  max_sustaining: number;
  /**
   * Chance that a further root goes upstream of an earlier one: a caller with its own, independent fault whose
   * symptoms the downstream outage explains away until that outage is fixed.
   */
  stacked_chance: number;
  /** Chance, per root, that it comes from no change at all (growth, expiry, a provider, traffic shape, a latent release, a scheduled job). */
  organic_share: number;
  /** Chance of a harmless change closer to onset than the latest change that broke something. */
  near_change_chance: number;
  /** Put a harmless recent change on the service where a misleading root's symptoms are loudest. */
  decoys: boolean;
  max_steps: number;
}

/** Faults whose symptoms show where they are and whose fix is on the same service. */
export const PLAIN_KINDS: readonly FaultKind[] = [
  'bad_deploy', 'memory_leak', 'disk_full', 'certificate_expired', 'dns_failure', 'config_drift', 'oom_crashloop', 'bad_feature_flag',
  'rate_limit_misconfig', 'regex_cpu_blowup', 'gc_pressure', 'file_descriptor_exhaustion', 'log_volume_disk_fill', 'external_provider_outage',
  'clock_skew', 'thread_pool_exhaustion', 'cpu_saturation', 'connection_pool_exhaustion', 'network_partition', 'ephemeral_port_exhaustion',
  'replication_lag', 'queue_consumer_lag', 'autoscaler_misconfig', 'cache_eviction_oom',
];

/** Faults whose loudest symptoms are on another service than their cause, or whose obvious fix does nothing. */
export const MISLEADING_KINDS: readonly FaultKind[] = [
  'slow_query', 'lock_contention', 'cache_stampede', 'noisy_neighbor', 'hot_key', 'retry_storm', 'credential_rotation_failure', 'packet_loss',
];

/** Faults that can happen with no change near onset (the generator draws them so on `organic_share`). */
export const ORGANIC_KINDS: readonly FaultKind[] = [
  'cpu_saturation', 'disk_full', 'certificate_expired', 'external_provider_outage', 'hot_key', 'network_partition', 'memory_leak', 'lock_contention', 'replication_lag',
];
