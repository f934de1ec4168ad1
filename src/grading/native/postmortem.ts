import type { FaultKind, FixKind } from '../../contracts/index.js';
import { FAULT_KINDS } from '../../contracts/index.js';
import type { WorldState } from '../../sim/index.js';
import type { EpisodeRecord, GroundTruth } from './record.js';

/** Phrases an engineer would use for each fault type (symptoms and mechanism). */
export const FAULT_TERMS: Record<FaultKind, readonly string[]> = {
  cpu_saturation: ['cpu', 'capacity', 'under-provisioned', 'underprovisioned', 'traffic surge', 'load spike'],
  memory_leak: ['memory leak', 'leak', 'heap', 'oom', 'out of memory'],
  disk_full: ['disk', 'no space', 'volume full', 'wal', 'storage full', 'filesystem'],
  connection_pool_exhaustion: ['connection pool', 'pool exhaust', 'connection leak', 'connections not returned', 'pool'],
  slow_query: ['slow query', 'query', 'index', 'sequential scan', 'full table scan'],
  bad_deploy: ['deploy', 'release', 'regression', 'bad version'],
  config_drift: ['config', 'configuration', 'setting', 'endpoint'],
  certificate_expired: ['certificate', 'tls', 'x509', 'ssl'],
  cache_eviction_oom: ['maxmemory', 'eviction', 'noeviction', 'cache full', 'cache memory'],
  retry_storm: ['retry', 'retries', 'backoff', 'amplification'],
  dns_failure: ['dns', 'resolve', 'resolution', 'nxdomain', 'no such host'],
  network_partition: ['network', 'partition', 'unreachable', 'no route', 'zone'],
  oom_crashloop: ['memory limit', 'crashloop', 'crash loop', 'crash-loop'],
  thread_pool_exhaustion: ['request threads', 'thread pool', 'threads', 'thread starvation', 'max_threads'],
  gc_pressure: ['garbage collection', 'gc pause', 'gc', 'heap size', 'xmx'],
  file_descriptor_exhaustion: ['file descriptor', 'too many open files', 'emfile', 'ulimit', 'socket leak'],
  queue_consumer_lag: ['consumer lag', 'backlog', 'consumer', 'queue depth'],
  replication_lag: ['replica lag', 'replication', 'standby', 'stale read', 'replay'],
  lock_contention: ['lock', 'row lock', 'lock wait', 'deadlock', 'blocking transaction'],
  rate_limit_misconfig: ['rate limit', 'ratelimit', '429', 'throttl'],
  credential_rotation_failure: ['credential', 'password', 'secret', 'rotation', 'authentication failed'],
  clock_skew: ['clock', 'ntp', 'time sync', 'chrony', 'skew'],
  noisy_neighbor: ['noisy neighbo', 'neighbo', 'co-located', 'colocated', 'cpu steal'],
  cache_stampede: ['stampede', 'thundering herd', 'request coalescing', 'coalescing', 'cache miss'],
  bad_feature_flag: ['feature flag', 'flag', 'toggle'],
  autoscaler_misconfig: ['autoscal', 'hpa', 'max replicas', 'maxreplicas'],
  log_volume_disk_fill: ['debug logging', 'log volume', 'log level', 'ephemeral storage', 'verbose logging'],
  external_provider_outage: ['provider', 'third-party', 'third party', 'vendor outage'],
  packet_loss: ['packet', 'mtu', 'retransmi', 'jumbo'],
  hot_key: ['hot key', 'hotkey', 'single key', 'shard', 'near cache'],
  regex_cpu_blowup: ['regex', 'regular expression', 'backtrack', 'waf'],
  ephemeral_port_exhaustion: ['ephemeral port', 'port exhaust', 'time_wait', 'keepalive', 'keep-alive', 'eaddrnotavail'],
};

const FIX_TERMS: Record<FixKind, readonly string[]> = {
  restart: ['restart', 'bounce', 'restarted'],
  rollback: ['rollback', 'roll back', 'rolled back', 'revert'],
  scale: ['scale', 'scaled', 'replicas', 'capacity'],
  config_set: ['config', 'set', 'changed', 'reverted'],
  clear_disk: ['clear', 'cleared', 'freed', 'removed', 'deleted', 'cleanup', 'clean up'],
  renew_certificate: ['renew', 'renewed', 'rotated', 'new certificate', 'reissued'],
  kill_query: ['kill', 'cancel', 'terminated'],
  failover: ['failover', 'fail over', 'failed over', 'shifted traffic'],
  flush_cache: ['flush', 'flushed'],
  restore_network: ['restore', 'restored', 'network'],
};

export interface PostmortemScore {
  score: number;
  parts: { name: string; score: number; reason: string }[];
}

const phraseRegexes = new Map<string, RegExp>();

export function mentions(text: string, phrase: string): boolean {
  let re = phraseRegexes.get(phrase);
  if (!re) {
    const escaped = phrase.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    re = new RegExp(`(^|[^a-z0-9])${escaped}`, 'i');
    phraseRegexes.set(phrase, re);
  }
  return re.test(text);
}

/** Grades the postmortem on its sections and on its consistency with what happened. */
export function gradePostmortem(record: EpisodeRecord, truth: GroundTruth): PostmortemScore {
  const pm = record.postmortem;
  if (!pm) return { score: 0, parts: [{ name: 'written', score: 0, reason: 'no postmortem was written' }] };
  const world = record.world;
  const all = [pm.timeline, pm.root_cause, pm.impact, pm.action_items, pm.prevention].join('\n');
  const parts: PostmortemScore['parts'] = [];

  const filled = [pm.timeline, pm.root_cause, pm.impact, pm.action_items, pm.prevention].filter((s) => s.trim().length >= 20).length;
  parts.push({ name: 'sections', score: filled / 5, reason: `${filled}/5 sections have substance (≥ 20 characters)` });

  const rootServices = new Set(truth.roots.flatMap((r) => [r.service, ...r.aliases.map((a) => a.service)]));
  const named = world.services.map((s) => s.name).filter((n) => mentions(pm.root_cause, n));
  const namedRoots = truth.roots.filter((r) => [r.service, ...r.aliases.map((a) => a.service)].some((s) => named.includes(s))).length;
  const precision = named.length === 0 ? 0 : named.filter((n) => rootServices.has(n) || truth.sustaining.some((s) => s.service === n)).length / named.length;
  const recall = truth.roots.length === 0 ? 1 : namedRoots / truth.roots.length;
  parts.push({ name: 'root_service', score: precision * recall, reason: `root cause section names ${named.length ? named.join(', ') : 'no service'}; ${namedRoots}/${truth.roots.length} root services, precision ${precision.toFixed(2)}` });

  const trueKinds = new Set<FaultKind>(truth.roots.flatMap((r) => [r.fault, ...r.aliases.map((a) => a.fault)]));
  for (const s of truth.sustaining) trueKinds.add(s.fault);
  const described = FAULT_KINDS.filter((k) => FAULT_TERMS[k].some((t) => mentions(pm.root_cause, t)));
  const rightKinds = truth.roots.filter((r) => [r.fault, ...r.aliases.map((a) => a.fault)].some((k) => described.includes(k))).length;
  const otherKinds = described.filter((k) => !trueKinds.has(k)).length;
  const faultScore = truth.roots.length === 0 ? 1 : (rightKinds / truth.roots.length) * Math.max(0, 1 - 0.34 * otherKinds);
  parts.push({ name: 'fault', score: faultScore, reason: `describes ${rightKinds}/${truth.roots.length} root faults; ${otherKinds} other fault types asserted` });

  const times = mentionedMinutes(pm.timeline, world);
  const mitigatedAt = lastResolution(world);
  const onsetOk = times.some((t) => Math.abs(t - truth.onset_minute) <= 2);
  const fixOk = mitigatedAt !== null && times.some((t) => Math.abs(t - mitigatedAt) <= 3);
  const spread = times.length > 12 ? 0.3 : 1;
  const timelineScore = ((onsetOk ? 0.5 : 0) + (fixOk ? 0.5 : 0)) * spread;
  parts.push({ name: 'timeline', score: timelineScore, reason: `onset ${onsetOk ? 'matches' : 'missing or wrong'}; mitigation time ${fixOk ? 'matches' : 'missing or wrong'}${spread < 1 ? '; too many timestamps to be a timeline' : ''}` });

  const usedFixes = world.events.flatMap((e) => (e.type === 'fix' && e.outcome === 'resolved' ? [e.fix] : []));
  const fixNamed = usedFixes.length > 0 && usedFixes.some((f) => FIX_TERMS[f].some((t) => mentions(all, t)));
  parts.push({ name: 'fix', score: fixNamed ? 1 : 0, reason: fixNamed ? 'names the remediation that worked' : 'does not name the remediation that worked' });

  const weights: Record<string, number> = { sections: 0.2, root_service: 0.25, fault: 0.2, timeline: 0.2, fix: 0.15 };
  const score = parts.reduce((a, p) => a + (weights[p.name] ?? 0) * p.score, 0);
  return { score, parts };
}

/** Minutes since onset mentioned as "T+12", "T-3" or a wall-clock "02:22". */
export function mentionedMinutes(text: string, world: WorldState): number[] {
  const out = new Set<number>();
  for (const m of text.matchAll(/\bT\s*([+-])\s*(\d{1,3})\b/gi)) out.add((m[1] === '-' ? -1 : 1) * Number(m[2]));
  const [oh, om] = world.onset_time.split(':').map(Number) as [number, number];
  for (const m of text.matchAll(/\b(\d{1,2}):(\d{2})\b/g)) {
    let d = Number(m[1]) * 60 + Number(m[2]) - (oh * 60 + om);
    if (d < -720) d += 1440;
    if (d > 720) d -= 1440;
    out.add(d);
  }
  return [...out];
}

export function lastResolution(world: WorldState): number | null {
  let last: number | null = null;
  for (const e of world.events) if (e.type === 'fault_resolved') last = e.minute;
  return world.faults.every((f) => f.status === 'resolved') ? last : null;
}
