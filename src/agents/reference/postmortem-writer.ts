import type { ActionOf, FaultKind, FixKind, FixParams } from '../../contracts/index.js';

/** What an agent knows about the incident it handled, in its own observations' terms. */
export interface IncidentAccount {
  /** `service` is where the fault shows; `origin` the culprit whose change caused it, when that is another service. */
  roots: { service: string; fault: FaultKind; origin?: string }[];
  /** Remediations that changed something, in order, with the minute each began. */
  fixes: { minute: number; service: string; fix: FixKind; params?: FixParams }[];
  /** Minute the last fix took effect, if the agent saw recovery. */
  mitigatedAt: number | null;
  firstAlertAt: number | null;
  pagedAt: number;
  verifiedAt: number | null;
  /** Services customers or callers saw fail. */
  impacted: string[];
}

const FAULT_PHRASES: Partial<Record<FaultKind, (service: string, origin?: string) => string>> = {
  cpu_saturation: (s) => `a traffic surge left ${s} under-provisioned (CPU saturation): requests queued and timed out`,
  memory_leak: (s) => `a release of ${s} has a memory leak; its replicas were OOMKilled in a loop`,
  disk_full: (s) => `the data volume of ${s} filled up (disk full, "No space left on device"), so writes failed`,
  connection_pool_exhaustion: (s) => `a release of ${s} leaked database connections (connections were not returned to the pool)`,
  slow_query: (s, origin) => `${origin ? `a release of ${origin} shipped an unindexed query; ` : ''}${s} ran slow queries with sequential scans and held connections for seconds`,
  bad_deploy: (s) => `a bad release of ${s} threw errors on a common code path`,
  config_drift: (s) => `config drift on ${s}: a value was changed outside the release process`,
  certificate_expired: (s) => `the TLS certificate of ${s} expired (x509), so every handshake failed`,
  cache_eviction_oom: (s) => `${s} reached maxmemory with the noeviction policy, so every write was rejected`,
  retry_storm: (s) => `a retry storm: ${s} retried without backoff and amplified the load`,
  dns_failure: (s) => `a wrong DNS record for ${s}: lookups returned no such host`,
  network_partition: (s) => `a network partition: callers got no route to host for the replicas of ${s} in one zone`,
  oom_crashloop: (s) => `the memory limit of ${s} was too low after a manifest change, so its pods were killed and crash-looped`,
  thread_pool_exhaustion: (s) => `${s} ran out of request threads (thread pool exhausted), so requests queued and were rejected`,
  gc_pressure: (s) => `${s} spent most of its time in garbage collection after its heap was shrunk`,
  file_descriptor_exhaustion: (s) => `a release of ${s} kept sockets open until it hit too many open files (its file descriptor limit)`,
  queue_consumer_lag: (s) => `a release of ${s} slowed its consumers below the publish rate, so the queue backlog grew`,
  replication_lag: (s) => `the read replica of ${s} fell behind (replication lag), so reads returned stale rows`,
  lock_contention: (s, origin) => `${origin ? `a batch job in ${origin} held row locks in long transactions; ` : ''}${s} suffered lock contention`,
  rate_limit_misconfig: (s) => `a rate limit on ${s} was set far below normal traffic, so legitimate requests got too many requests errors`,
  credential_rotation_failure: (s) => `${s} kept a stale credential after a password rotation, so its connections were refused`,
  clock_skew: (s) => `clock skew on ${s}: its time source was wrong, so token time checks failed`,
  noisy_neighbor: (s, origin) => `a noisy neighbour${origin ? ` (${origin})` : ''} saturated the nodes ${s} runs on`,
  cache_stampede: (s) => `a cache stampede at ${s}: with request coalescing off, every miss went to the database`,
  bad_feature_flag: (s) => `a feature flag switched on a broken code path in ${s}`,
  autoscaler_misconfig: (s) => `the autoscaler of ${s} was capped below the replicas the peak needed`,
  log_volume_disk_fill: (s) => `debug logging on ${s} filled its log volume, so writes failed and pods were evicted`,
  external_provider_outage: (s) => `a provider outage at ${s}: the third-party API failed until traffic moved to the standby`,
  packet_loss: (s) => `packet loss on the path to ${s} (an MTU mismatch), so connections stalled and retransmitted`,
  hot_key: (s, origin) => `a hot key on ${s}${origin ? ` read by ${origin}` : ''} saturated one shard`,
  regex_cpu_blowup: (s) => `a firewall rule with a backtracking regular expression pinned the CPU of ${s}`,
  ephemeral_port_exhaustion: (s) => `${s} ran out of ephemeral ports with keep-alive off (sockets stuck in TIME_WAIT)`,
};

export function fixPhrase(f: { service: string; fix: FixKind; params?: FixParams }): string {
  const p = f.params ?? {};
  switch (f.fix) {
    case 'restart':
      return `restarted ${f.service}`;
    case 'rollback':
      return `rolled back ${f.service} to ${p.version ?? 'the previous version'}`;
    case 'scale':
      return `scaled ${f.service} to ${p.replicas ?? 'more'} replicas`;
    case 'config_set':
      return `set ${p.key ?? 'the setting'} = ${String(p.value ?? '')} on ${f.service}`;
    case 'clear_disk':
      return `cleared old WAL segments and backups on ${f.service}`;
    case 'renew_certificate':
      return `renewed the certificate of ${f.service}`;
    case 'kill_query':
      return `killed the queries on ${f.service}`;
    case 'failover':
      return `failed over ${f.service}`;
    case 'flush_cache':
      return `flushed ${f.service}`;
    case 'restore_network':
      return `restored the network path to ${f.service}`;
  }
}

/** A postmortem that states only what the agent saw and did. */
export function writePostmortem(a: IncidentAccount): ActionOf<'write_postmortem'> {
  const timeline = ['T+0 incident onset.'];
  if (a.firstAlertAt !== null) timeline.push(`T+${a.firstAlertAt} first alerts fired.`);
  timeline.push(`T+${a.pagedAt} on-call paged; investigation started.`);
  for (const f of a.fixes) timeline.push(`T+${f.minute} ${fixPhrase(f)}.`);
  if (a.mitigatedAt !== null) timeline.push(`T+${a.mitigatedAt} the fix took effect and error rates began to fall.`);
  if (a.verifiedAt !== null) timeline.push(`T+${a.verifiedAt} every service verified healthy; incident resolved.`);
  const rootCause = a.roots.length === 0 ? 'The root cause was not identified.' : `Root cause: ${a.roots.map((r) => FAULT_PHRASES[r.fault]?.(r.service, r.origin) ?? `${r.service} failed with ${r.fault.replace(/_/g, ' ')}`).join('; ')}.`;
  const impacted = a.impacted.length > 0 ? a.impacted.join(', ') : 'the customer-facing path';
  const fixes = a.fixes.length > 0 ? a.fixes.map(fixPhrase).join('; ') : 'no remediation was applied';
  const rootNames = a.roots.map((r) => r.service).join(' and ') || 'the failing dependency';
  return {
    action_type: 'write_postmortem',
    ...(a.roots.length > 0 ? { root_causes: a.roots.map((r) => ({ service: r.origin ?? r.service, fault: r.fault })) } : {}),
    ...(a.fixes.length > 0 ? { remediations: a.fixes.map((f) => ({ service: f.service, fix: f.fix, minute: f.minute })) } : {}),
    onset_minute: 0,
    ...(a.mitigatedAt !== null ? { mitigated_minute: a.mitigatedAt } : {}),
    timeline: timeline.join('\n'),
    root_cause: rootCause,
    impact: `Requests through ${impacted} failed or timed out from the first alerts until the remediation took effect.`,
    action_items: `Remediation applied: ${fixes}. Follow up with the owners of ${rootNames} and keep the change in place.`,
    prevention: `Alert on the leading signal of ${rootNames} before callers fail, and add a runbook entry for this failure mode.`,
  };
}
