import type { FaultKind } from '../../contracts/index.js';
import type { Rng } from '../../lib/index.js';
import { authorsOf, baselineConfig, changeLead, oldReleaseLead, DEPLOY_AUTHORS, DEPLOY_NOTES, harmlessValue, nextVersion } from '../../sim/baseline-config.js';
import { KIND_DEFAULTS } from '../../sim/defaults.js';
import type { ConfigChangeSpec, DeploySpec, FaultSpec, ServiceSpec } from '../../sim/spec.js';
import type { Topology } from '../topologies/index.js';

export interface HistoryExtras {
  deploys: DeploySpec[];
  config_changes: ConfigChangeSpec[];
}

/** Faults whose cause is a release of the service they name (or of their origin). */
export const VERSIONED_KINDS: readonly FaultKind[] = ['bad_deploy', 'memory_leak', 'connection_pool_exhaustion', 'file_descriptor_exhaustion', 'queue_consumer_lag', 'slow_query'];

/** The (service, key) pairs a placed fault changes, so harmless history never rewrites them. */
export function faultKeys(f: Pick<FaultSpec, 'kind' | 'service' | 'params'>): [string, string][] {
  const p = f.params ?? {};
  const origin = typeof p['origin'] === 'string' ? p['origin'] : f.service;
  const callee = typeof p['callee'] === 'string' ? p['callee'] : f.service;
  const on = (key: string, s = f.service): [string, string] => [s, key];
  switch (f.kind) {
    case 'config_drift': return [on(String(p['key'] ?? ''))];
    case 'cache_eviction_oom': return [on('maxmemory-policy')];
    case 'retry_storm': return [on('retry.max_attempts')];
    case 'dns_failure': return [on('dns.record')];
    case 'network_partition': return [on('network.policy_revision'), on('traffic.zone_b_weight')];
    case 'oom_crashloop': return [on('resources.memory_limit_mb')];
    case 'thread_pool_exhaustion': return [on('server.max_threads')];
    case 'gc_pressure': return [on('jvm.opts')];
    case 'file_descriptor_exhaustion': return [on('ulimit.nofile')];
    case 'replication_lag': return [on('hot_standby.max_standby_streaming_delay_s')];
    case 'lock_contention': return [on(String(p['key'] ?? 'jobs.inventory_reconcile.enabled'), origin)];
    case 'rate_limit_misconfig': return [on('ratelimit.requests_per_second')];
    case 'credential_rotation_failure': return [on('auth.password_secret_version'), on('auth.password_secret_version', callee)];
    case 'clock_skew': return [on('ntp.servers')];
    case 'noisy_neighbor': return [on('resources.cpu_limit', origin)];
    case 'cache_stampede': return [on('cache.request_coalescing')];
    case 'bad_feature_flag': return [on(String(p['flag'] ?? 'flags.pricing_engine_v2'))];
    case 'autoscaler_misconfig': return [on('autoscaling.max_replicas'), on('autoscaling.min_replicas'), on('autoscaling.target_cpu_pct')];
    case 'log_volume_disk_fill': return [on('logging.level')];
    case 'external_provider_outage': return [on('provider.active'), on('provider.standby')];
    case 'packet_loss': return [on('network.mtu')];
    case 'hot_key': return [on('cache.near_cache_enabled', origin)];
    case 'regex_cpu_blowup': return [on('waf.ruleset_version')];
    case 'ephemeral_port_exhaustion': return [on('http.client.keepalive')];
    default: return [];
  }
}

/**
 * A topology's history under construction: harmless releases and configuration changes drawn from the same
 * keys, values, authors, notes and version steps as the faults' own changes.
 */
export class History {
  readonly extras: HistoryExtras = { deploys: [], config_changes: [] };
  private readonly reserved = new Set<string>();
  private readonly noRelease = new Set<string>();

  constructor(private readonly t: Topology) {
    // Every service carries its baseline in the spec, so what the history says it changed from is what it had.
    for (const s of t.services) s.config = { ...baselineOf(t, s), ...(s.config ?? {}) };
  }

  /** Keeps harmless changes off what the faults change. */
  reserve(f: FaultSpec): void {
    for (const [s, k] of faultKeys(f)) this.reserved.add(`${s}\u0000${k}`);
    if (VERSIONED_KINDS.includes(f.kind)) this.noRelease.add(typeof f.params?.['origin'] === 'string' ? f.params['origin'] : f.service);
  }

  /** Keeps further harmless releases off a service whose release history is already staged. */
  reserveRelease(service: string): void {
    this.noRelease.add(service);
  }

  /** A harmless release on an application service, `minutesAgo` before onset (false when it cannot take one). */
  release(s: ServiceSpec, rng: Rng, minutesAgo: number): boolean {
    if (!['api', 'worker', 'gateway'].includes(s.kind) || this.noRelease.has(s.name) || this.extras.deploys.some((d) => d.service === s.name)) return false;
    const previous = s.version ?? 'v1.0.0';
    const version = nextVersion(previous, rng);
    s.version = version;
    this.extras.deploys.push({ service: s.name, version, previous, minute: -minutesAgo, author: rng.pick(DEPLOY_AUTHORS), note: rng.pick(DEPLOY_NOTES) });
    return true;
  }

  /**
   * The change a fault of `kind` placed like this would record, with a harmless value instead: decoys drawn
   * from the same distribution as causes (false when the fault records no change or the key is taken).
   */
  mimic(kind: FaultKind, placed: Pick<FaultSpec, 'service' | 'params'>, rng: Rng, minutesAgo = changeLead(rng)): boolean {
    const byName = (n: string) => this.t.services.find((s) => s.name === n);
    if (VERSIONED_KINDS.includes(kind)) {
      const target = byName(typeof placed.params?.['origin'] === 'string' ? placed.params['origin'] : placed.service);
      return target ? this.release(target, rng, minutesAgo) : false;
    }
    const keys = faultKeys({ kind, ...placed });
    const first = keys[0];
    const target = first ? byName(first[0]) : undefined;
    return target && first ? this.change(target, rng, minutesAgo, [first[1]]) : false;
  }

  /** A harmless change of one of the service's own keys (or of `only`), applied to its config and recorded (false when none is free). */
  change(s: ServiceSpec, rng: Rng, minutesAgo: number, only?: readonly string[]): boolean {
    const config = s.config ?? {};
    const keys = (only ?? Object.keys(config)).filter((k) => k in config && !this.reserved.has(`${s.name}\u0000${k}`) && !this.extras.config_changes.some((c) => c.service === s.name && c.key === k));
    for (let attempt = 0; attempt < 4 && keys.length > 0; attempt++) {
      const key = rng.pick(keys);
      const from = config[key] as string | number | boolean;
      const to = harmlessValue(key, from, rng);
      if (to === null || String(to) === String(from)) continue;
      s.config = { ...config, [key]: to };
      this.extras.config_changes.push({ service: s.name, key, from, to, minute: -minutesAgo, author: rng.pick(authorsOf(key)) });
      return true;
    }
    return false;
  }

  /** A harmless release or configuration change, whichever the service can take, drawn like a fault's. */
  any(s: ServiceSpec, rng: Rng, minutesAgo = changeLead(rng)): boolean {
    if (rng.chance(0.35) && this.release(s, rng, minutesAgo)) return true;
    // Old releases (days back) run everywhere, so a release days old never sets a root apart.
    if (rng.chance(0.3) && this.release(s, rng, oldReleaseLead(rng))) return true;
    return this.change(s, rng, minutesAgo);
  }
}

/** The baseline configuration of a topology's service (what the world gives it when the spec says nothing). */
export function baselineOf(t: Topology, s: ServiceSpec): Record<string, string | number | boolean> {
  const callees = t.edges.filter((e) => e.from === s.name).map((e) => ({ name: e.to, kind: t.services.find((x) => x.name === e.to)?.kind ?? 'api', retries: e.retries ?? 2 }));
  return baselineConfig({ name: s.name, kind: s.kind, replicas: s.replicas ?? 2, memory_limit_mb: s.memory_limit_mb ?? KIND_DEFAULTS[s.kind].memory_limit_mb, callees, demand_rps: t.loads?.[s.name] ?? 0 });
}

/**
 * A pre-existing condition that raises its own warning but has nothing to do with the incident: a volume
 * filling slowly, a batch worker running hot, a certificate that expires in a few days.
 */
export function standingWarning(s: ServiceSpec, rng: Rng, startMinute: number, load: number, hasCallers: boolean): boolean {
  const choice = rng.int(0, 2);
  if (choice === 0 && (s.kind === 'api' || s.kind === 'worker')) {
    const total = s.disk_total_gb ?? 20;
    s.disk_total_gb = total;
    s.disk_used_gb = Math.round(total * rng.float(0.86, 0.93) * 10) / 10;
    return true;
  }
  if (choice === 1 && s.kind === 'worker' && !hasCallers && load > 0) {
    s.capacity_rps = Math.round((load / ((s.replicas ?? 1) * rng.float(0.955, 0.975))) * 10) / 10;
    return true;
  }
  if (['api', 'gateway', 'database', 'cache'].includes(s.kind)) {
    s.cert_expires_in_minutes = startMinute + rng.int(2, 6) * 1440 + rng.int(0, 600);
    return true;
  }
  return false;
}
