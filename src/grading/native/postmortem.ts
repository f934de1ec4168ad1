import type { FaultKind, FixKind } from '../../contracts/index.js';
import { FAULT_KINDS } from '../../contracts/index.js';
import type { WorldState } from '../../sim/index.js';
import type { Outlook } from './outlook.js';
import type { EpisodeRecord, GroundTruth } from './record.js';

/**
 * Phrases that assert a fault type's mechanism. Deliberately specific: a postmortem that explains the causal
 * chain ("the payment pool filled up while the database rejected writes") must not be read as asserting a
 * second root cause, and generic words ("config", "network", "query") assert nothing.
 */
export const FAULT_TERMS: Record<FaultKind, readonly string[]> = {
  cpu_saturation: ['cpu saturation', 'cpu saturated', 'cpu-bound', 'cpu exhaustion', 'under-provisioned', 'underprovisioned', 'traffic surge', 'load spike', 'not enough replicas', 'insufficient capacity'],
  memory_leak: ['memory leak', 'leaks memory', 'leaked memory', 'leaking memory', 'heap growth', 'heap exhaustion', 'oomkilled', 'oom killer', 'oom-killed'],
  disk_full: ['disk full', 'disk is full', 'disk filled', 'full disk', 'no space left', 'out of disk', 'disk space', 'volume full', 'volume filled', 'full volume', 'volume ran out', 'wal segments', 'filesystem full'],
  connection_pool_exhaustion: ['connection leak', 'leaked connection', 'leaking connection', 'leaks connection', 'leaks database connection', 'leaked database connection', 'connections not returned', 'connections were not returned', 'connections never returned'],
  slow_query: ['slow query', 'slow queries', 'unindexed', 'missing index', 'sequential scan', 'full table scan', 'expensive query', 'long-running quer'],
  bad_deploy: ['bad deploy', 'bad release', 'faulty release', 'broken release', 'buggy release', 'regression', 'bad version', 'release introduced', 'deploy introduced', 'release that introduced'],
  config_drift: ['config drift', 'configuration drift', 'drifted', 'wrong endpoint', 'misconfigured endpoint', 'config push', 'configuration push', 'changed outside the release'],
  certificate_expired: ['certificate expired', 'expired certificate', 'expired cert', 'cert expired', 'x509', 'tls certificate'],
  cache_eviction_oom: ['maxmemory', 'noeviction', 'eviction policy', 'eviction disabled', 'cache full', 'cache filled', 'cache memory'],
  retry_storm: ['retry storm', 'retry amplification', 'without backoff', 'retry workers', 'retries piled up', 'retry backlog', 'retry.max_attempts'],
  dns_failure: ['dns', 'nxdomain', 'no such host', 'name resolution', 'lookup failed'],
  network_partition: ['network partition', 'partitioned', 'no route to host', 'zone unreachable', 'unreachable zone', 'cut off from'],
  oom_crashloop: ['memory limit too low', 'memory limit was lowered', 'limit below the working set', 'crashloop', 'crash loop', 'crash-loop'],
  thread_pool_exhaustion: ['thread pool exhaust', 'thread pool was exhausted', 'request threads exhausted', 'thread starvation', 'max_threads', 'stuck threads', 'threads were stuck', 'wedged threads'],
  gc_pressure: ['garbage collection', 'gc pause', 'gc thrash', 'gc overhead', 'heap too small', 'heap was shrunk', 'xmx'],
  file_descriptor_exhaustion: ['file descriptor', 'too many open files', 'emfile', 'socket leak', 'leaked sockets', 'nofile'],
  queue_consumer_lag: ['consumer lag', 'consumer backlog', 'queue backlog', 'consumers fell behind', 'slow consumer', 'lagging consumer'],
  replication_lag: ['replication lag', 'replica lag', 'replica fell behind', 'replica behind', 'stale read', 'standby delay', 'replay paused'],
  lock_contention: ['lock contention', 'row lock', 'lock wait', 'deadlock', 'blocking transaction', 'held locks', 'long transaction'],
  rate_limit_misconfig: ['rate limit', 'ratelimit', 'rate-limit', 'http 429', 'too many requests', 'throttled legitimate'],
  credential_rotation_failure: ['credential rotation', 'password rotation', 'rotated password', 'stale credential', 'stale secret', 'old secret', 'old password'],
  clock_skew: ['clock skew', 'clock drift', 'skewed clock', 'ntp', 'time source', 'chrony', 'clock was ahead'],
  noisy_neighbor: ['noisy neighbo', 'co-located', 'colocated', 'cpu steal', 'neighbouring workload', 'neighboring workload', 'cpu limit removed'],
  cache_stampede: ['cache stampede', 'stampede', 'thundering herd', 'request coalescing', 'dogpile', 'mass expiry', 'cache miss storm'],
  bad_feature_flag: ['feature flag', 'flag flip', 'flag was enabled', 'flag enabled', 'feature toggle'],
  autoscaler_misconfig: ['autoscaler', 'autoscaling', 'hpa', 'max replicas', 'maxreplicas', 'max_replicas'],
  log_volume_disk_fill: ['debug logging', 'debug log', 'log volume', 'log level', 'ephemeral storage', 'verbose logging', 'logs filled'],
  external_provider_outage: ['provider outage', 'vendor outage', 'third-party outage', 'third party outage', 'payment provider', 'provider was down', 'upstream provider'],
  packet_loss: ['packet loss', 'dropped packets', 'mtu', 'retransmi', 'jumbo frame'],
  hot_key: ['hot key', 'hotkey', 'single key', 'hot shard', 'near cache', 'one shard'],
  regex_cpu_blowup: ['regular expression', 'regex', 'backtrack', 'waf rule'],
  ephemeral_port_exhaustion: ['ephemeral port', 'port exhaust', 'time_wait', 'keepalive', 'keep-alive', 'eaddrnotavail', 'local port range'],
};

/** Phrases that say a remediation was carried out. `config_set` is recognised by the key it changed instead. */
export const FIX_TERMS: Record<FixKind, readonly string[]> = {
  restart: ['restart', 'restarted', 'bounced'],
  rollback: ['rollback', 'roll back', 'rolled back', 'rolling back', 'reverted the release', 'reverted the deploy'],
  scale: ['scaled', 'scale up', 'scale out', 'added replicas', 'more replicas'],
  config_set: ['config_set', 'reconfigured', 'changed the config', 'set the config', 'reverted the config', 'config change to'],
  clear_disk: ['clear_disk', 'cleared', 'freed', 'purged', 'cleaned up', 'deleted old', 'removed old'],
  renew_certificate: ['renew', 'renewed', 'reissued', 'new certificate'],
  kill_query: ['kill_query', 'killed the quer', 'killed quer', 'cancelled the quer', 'canceled the quer', 'cancelled statements', 'terminated the quer'],
  failover: ['failover', 'fail over', 'failed over', 'promoted the replica', 'shifted traffic'],
  flush_cache: ['flush', 'flushed', 'flushall'],
  restore_network: ['restore_network', 'restored the network', 'network restored', 'restored connectivity', 'restored the network path'],
};

/** Weights of the consistency parts; the share of substantive sections multiplies their sum. */
export const POSTMORTEM_PARTS = { root_service: 0.3, fault: 0.3, timeline: 0.2, fix: 0.2 } as const;
/** Minimum length of a section with substance. */
export const SECTION_MIN_CHARS = 20;

export interface PostmortemPart {
  name: 'sections' | keyof typeof POSTMORTEM_PARTS;
  score: number;
  reason: string;
}

const phraseRegexes = new Map<string, RegExp>();

/** Whether `phrase` occurs in `text` starting at a word boundary (case-insensitive). */
export function mentions(text: string, phrase: string): boolean {
  let re = phraseRegexes.get(phrase);
  if (!re) {
    const escaped = phrase.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    re = new RegExp(`(^|[^a-z0-9])${escaped}`, 'i');
    // Service names of generated worlds are phrases too; bound the cache for long-running servers.
    if (phraseRegexes.size >= 10_000) phraseRegexes.clear();
    phraseRegexes.set(phrase, re);
  }
  return re.test(text);
}

const SECTION_NAMES = ['timeline', 'root_cause', 'impact', 'action_items', 'prevention'] as const;

/**
 * Grades the postmortem part by part: sections (how many of the five have distinct substance) and four
 * consistency checks against what happened. Each check pays only for true statements and loses for false ones,
 * so naming every service, fault, fix or minute scores low.
 */
export function postmortemParts(record: EpisodeRecord, truth: GroundTruth, outlook: Outlook | null): PostmortemPart[] {
  const pm = record.postmortem;
  if (!pm) {
    const none = (name: PostmortemPart['name']): PostmortemPart => ({ name, score: 0, reason: 'no postmortem was written' });
    return [none('sections'), none('root_service'), none('fault'), none('timeline'), none('fix')];
  }
  return [sectionsPart(pm), rootServicePart(pm.root_cause, record, truth), faultPart(pm.root_cause, truth), timelinePart(pm.timeline, record, truth, outlook), fixPart(pm, record, outlook)];
}

type Postmortem = NonNullable<EpisodeRecord['postmortem']>;

function sectionsPart(pm: Postmortem): PostmortemPart {
  const seen = new Set<string>();
  let filled = 0;
  for (const name of SECTION_NAMES) {
    const norm = pm[name].toLowerCase().replace(/\s+/g, ' ').trim();
    if (norm.length < SECTION_MIN_CHARS || seen.has(norm)) continue;
    seen.add(norm);
    filled += 1;
  }
  return { name: 'sections', score: filled / 5, reason: `${filled}/5 sections have distinct substance (≥ ${SECTION_MIN_CHARS} characters)` };
}

function rootServicePart(text: string, record: EpisodeRecord, truth: GroundTruth): PostmortemPart {
  const rootServices = (r: GroundTruth['roots'][number]) => [r.service, ...r.aliases.map((a) => a.service)];
  const relevant = new Set(truth.roots.flatMap(rootServices));
  // Services in the blast radius may appear in an explanation of the chain; they neither earn nor cost.
  const neutral = new Set([...truth.sustaining.map((s) => s.service), ...Object.values(truth.triage).filter((t) => t.role === 'symptom').map((t) => t.service)]);
  const named = record.world.services.map((s) => s.name).filter((n) => mentions(text, n));
  const right = named.filter((n) => relevant.has(n)).length;
  const wrong = named.filter((n) => !relevant.has(n) && !neutral.has(n)).length;
  const found = truth.roots.filter((r) => rootServices(r).some((s) => named.includes(s))).length;
  const recall = truth.roots.length === 0 ? 1 : found / truth.roots.length;
  const precision = right + wrong === 0 ? 0 : right / (right + wrong);
  return {
    name: 'root_service',
    score: recall * precision,
    reason: `root cause section names ${named.length ? named.join(', ') : 'no service'}: ${found}/${truth.roots.length} root services, ${wrong} unrelated`,
  };
}

function faultPart(text: string, truth: GroundTruth): PostmortemPart {
  const accepted = new Set<FaultKind>([...truth.roots.flatMap((r) => [r.fault, ...r.aliases.map((a) => a.fault)]), ...truth.sustaining.map((s) => s.fault)]);
  const described = describedFaults(text);
  const found = truth.roots.filter((r) => [r.fault, ...r.aliases.map((a) => a.fault)].some((k) => described.includes(k))).length;
  const others = described.filter((k) => !accepted.has(k));
  const recall = truth.roots.length === 0 ? 1 : found / truth.roots.length;
  return {
    name: 'fault',
    score: recall * Math.max(0, 1 - others.length / 3),
    reason: `describes ${found}/${truth.roots.length} root faults${others.length ? `; also asserts ${others.join(', ')}` : ''}`,
  };
}

/** Fault types whose mechanism a text asserts. */
export function describedFaults(text: string): FaultKind[] {
  return FAULT_KINDS.filter((k) => FAULT_TERMS[k].some((t) => mentions(text, t)));
}

/** Minutes within which a timeline entry counts as matching a real event. */
const STAMP_TOLERANCE = 2;
const MITIGATION_TOLERANCE = 3;
/** A timeline is a handful of key moments; beyond this many timestamps its score shrinks in proportion. */
export const TIMELINE_MAX_STAMPS = 15;

function timelinePart(text: string, record: EpisodeRecord, truth: GroundTruth, outlook: Outlook | null): PostmortemPart {
  const stamps = mentionedMinutes(text, record.world);
  if (stamps.length === 0) return { name: 'timeline', score: 0, reason: 'no timestamps (T+N or HH:MM)' };
  const real = realMinutes(record, truth);
  const mitigatedAt = outlook && outlook.relapsed.length === 0 ? lastResolution(record.world) : null;
  const near = (t: number, m: number, tol: number) => Math.abs(t - m) <= tol;
  const onsetOk = stamps.some((t) => near(t, truth.onset_minute, STAMP_TOLERANCE));
  const fixOk = mitigatedAt !== null && stamps.some((t) => near(t, mitigatedAt, MITIGATION_TOLERANCE));
  const grounded = stamps.filter((t) => real.some((m) => near(t, m, STAMP_TOLERANCE))).length;
  const precision = grounded / stamps.length;
  const brevity = Math.min(1, TIMELINE_MAX_STAMPS / stamps.length);
  return {
    name: 'timeline',
    score: ((onsetOk ? 0.5 : 0) + (fixOk ? 0.5 : 0)) * precision * brevity,
    reason: `onset ${onsetOk ? 'matches' : 'missing or wrong'}; mitigation ${fixOk ? 'matches' : mitigatedAt === null ? 'never happened' : 'missing or wrong'}; ${grounded}/${stamps.length} timestamps match an event${brevity < 1 ? `; more than ${TIMELINE_MAX_STAMPS} timestamps` : ''}`,
  };
}

/** Minutes since onset at which something observable happened: onset, alerts, world events and the agent's own steps. */
function realMinutes(record: EpisodeRecord, truth: GroundTruth): number[] {
  const w = record.world;
  const out = new Set<number>([truth.onset_minute, record.start_minute]);
  for (const a of w.alerts) {
    out.add(a.fired_at);
    if (a.resolved_at !== null) out.add(a.resolved_at);
  }
  for (const e of w.events) if (e.minute >= truth.onset_minute) out.add(e.minute);
  for (const list of [record.diagnoses, record.classifications, record.escalations, record.fixes]) for (const x of list) out.add(x.minute);
  for (const m of record.action_minutes) out.add(m);
  return [...out];
}

/** The fixes that resolved each fault for good: the fix behind each lasting fault's final resolution. */
function lastingFixes(record: EpisodeRecord, outlook: Outlook | null): { fix: FixKind; key: string | null }[] {
  const world = record.world;
  const out: { fix: FixKind; key: string | null }[] = [];
  for (const f of world.faults) {
    if (f.status !== 'resolved' || outlook === null || outlook.relapsed.includes(f.id)) continue;
    const resolved = world.events.findLast((e) => e.type === 'fault_resolved' && e.fault === f.id);
    if (resolved?.type !== 'fault_resolved') continue;
    const fixEvent = world.events.findLast((e) => e.type === 'fix' && e.minute <= resolved.minute && `${e.fix} ${e.service}` === resolved.by);
    if (fixEvent?.type !== 'fix') continue;
    const key = fixEvent.params['key'];
    out.push({ fix: fixEvent.fix, key: typeof key === 'string' ? key : null });
  }
  return out;
}

function fixPart(pm: Postmortem, record: EpisodeRecord, outlook: Outlook | null): PostmortemPart {
  const resolving = lastingFixes(record, outlook);
  if (resolving.length === 0) return { name: 'fix', score: 0, reason: 'no remediation resolved a fault for good' };
  const all = SECTION_NAMES.map((n) => pm[n]).join('\n');
  const named = resolving.filter((e) => FIX_TERMS[e.fix].some((t) => mentions(all, t)) || (e.key !== null && mentions(all, e.key))).length;
  const applied = new Set(record.fixes.map((f) => f.fix));
  const claimed = (Object.keys(FIX_TERMS) as FixKind[]).filter((k) => FIX_TERMS[k].some((t) => mentions(pm.timeline, t)));
  const invented = claimed.filter((k) => !applied.has(k));
  return {
    name: 'fix',
    score: (named / resolving.length) * Math.max(0, 1 - invented.length / 3),
    reason: `names ${named}/${resolving.length} remediations that worked${invented.length ? `; timeline claims ${invented.join(', ')}, never applied` : ''}`,
  };
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

/** The minute the last fault resolved, or null while any fault is unresolved. */
export function lastResolution(world: WorldState): number | null {
  let last: number | null = null;
  for (const e of world.events) if (e.type === 'fault_resolved') last = e.minute;
  return world.faults.every((f) => f.status === 'resolved') ? last : null;
}
