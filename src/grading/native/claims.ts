import type { FaultKind, FixKind } from '../../contracts/index.js';
import { FAULT_KINDS } from '../../contracts/index.js';

/**
 * A claim reader for postmortem prose. It reads a text as clauses and asks of each whether it asserts something:
 * a clause that denies, rules out or calls something unrelated or healthy asserts none of the things it names, and a
 * clause that credits something other than the responder ("scaled by the autoscaler", "recovered on its own")
 * claims no remediation. Service names are whole tokens: `frontend` is not named by `frontend-proxy`, and a config
 * key such as `profile-api.endpoint` does not name the service `profile-api`.
 */

export interface Clause {
  text: string;
  /** The clause denies what it names ("not", "ruled out", "was unrelated", "healthy throughout"). */
  negated: boolean;
  /** The clause credits a change to something other than the responder (an autoscaler, the system itself). */
  attributed: boolean;
}

/** Words and phrases that turn a clause into a denial. Matched as whole words. */
const NEGATION_CUES = [
  'not',
  'no',
  'never',
  'neither',
  'nor',
  "n't",
  'unrelated',
  'ruled out',
  'rule out',
  'excluded',
  'red herring',
  'healthy throughout',
  'was healthy',
  'were healthy',
  'stayed healthy',
  'remained healthy',
  'unaffected',
  'innocent',
  'false alarm',
  'nothing to do with',
  'rather than',
  'instead of',
  'checked out fine',
  'looked fine',
  'was fine',
  'were fine',
  'pre-existing',
  'preexisting',
  'background noise',
] as const;

/** Phrases that credit a change to something other than the responder. */
const ATTRIBUTION_CUES = ['autoscaler', 'automatically', 'on its own', 'by itself', 'without intervention', 'self-healed', 'self healed'] as const;

const cueRegexes = new Map<string, RegExp>();
function cue(phrase: string): RegExp {
  let re = cueRegexes.get(phrase);
  if (!re) {
    const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    re = phrase.startsWith("n'") ? new RegExp(escaped, 'i') : new RegExp(`(^|[^a-z0-9_-])${escaped}($|[^a-z0-9_-])`, 'i');
    cueRegexes.set(phrase, re);
  }
  return re;
}

/**
 * Splits a text into clauses: at sentence ends, semicolons, colons, line breaks, commas and dashes between words,
 * and before "but", "while", "whereas", "rather than" and "instead of", so a denial ("…, not an expired
 * certificate") stays with what it denies. Dots inside tokens (`profile-api.endpoint`, `v3.16.0`) do not split.
 */
export function clauses(text: string): Clause[] {
  const pieces = text
    .replace(/\s+(but|while|whereas|although|though|rather than|instead of)\s+/gi, '\n$1 ')
    .split(/(?:[.!?](?=\s|$)|[;:\n,()]|\s[-–—]\s)+/);
  return pieces
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => ({ text: p, negated: NEGATION_CUES.some((c) => cue(c).test(p)), attributed: ATTRIBUTION_CUES.some((c) => cue(c).test(p)) }));
}

const tokenRegexes = new Map<string, RegExp>();

/**
 * Whether `name` occurs in `text` as a whole token: not inside a longer hyphenated or dotted name, so
 * `frontend-proxy` does not name `frontend` and `profile-api.endpoint` does not name `profile-api`.
 */
export function namesToken(text: string, name: string): boolean {
  let re = tokenRegexes.get(name);
  if (!re) {
    const escaped = name.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    re = new RegExp(`(^|[^a-z0-9_.-])${escaped}(?![a-z0-9_-]|\\.[a-z0-9])`, 'i');
    // Service names of generated worlds are tokens too; bound the cache for long-running servers.
    if (tokenRegexes.size >= 10_000) tokenRegexes.clear();
    tokenRegexes.set(name, re);
  }
  return re.test(text);
}

const phraseRegexes = new Map<string, RegExp>();

/** Whether `phrase` occurs in `text` starting at a word boundary (case-insensitive); inflections extend the stem. */
export function mentions(text: string, phrase: string): boolean {
  let re = phraseRegexes.get(phrase);
  if (!re) {
    const escaped = phrase.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    re = new RegExp(`(^|[^a-z0-9])${escaped}`, 'i');
    if (phraseRegexes.size >= 10_000) phraseRegexes.clear();
    phraseRegexes.set(phrase, re);
  }
  return re.test(text);
}

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
  certificate_expired: ['certificate expired', 'expired certificate', 'expired cert', 'cert expired', 'certificate has expired'],
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
  credential_rotation_failure: ['credential rotation', 'password rotation', 'rotated password', 'password was rotated', 'stale credential', 'stale secret', 'old secret', 'old password'],
  clock_skew: ['clock skew', 'clock drift', 'skewed clock', 'ntp', 'time source', 'chrony', 'clock was ahead'],
  noisy_neighbor: ['noisy neighbo', 'co-located', 'colocated', 'cpu steal', 'neighbouring workload', 'neighboring workload', 'cpu limit removed'],
  cache_stampede: ['cache stampede', 'stampede', 'thundering herd', 'request coalescing', 'dogpile', 'mass expiry', 'cache miss storm'],
  bad_feature_flag: ['feature flag', 'flag flip', 'flag was enabled', 'flag enabled', 'feature toggle'],
  autoscaler_misconfig: ['autoscaler cap', 'autoscaler was capped', 'autoscaler limit', 'autoscaler maximum', 'autoscaler max', 'autoscaling cap', 'autoscaling limit', 'capped below', 'hpa max', 'max replicas', 'maxreplicas', 'max_replicas', 'autoscaling.max_replicas'],
  log_volume_disk_fill: ['debug logging', 'debug log', 'log volume', 'log level', 'ephemeral storage', 'verbose logging', 'logs filled'],
  external_provider_outage: ['provider outage', 'vendor outage', 'third-party outage', 'third party outage', 'payment provider', 'provider was down', 'upstream provider'],
  packet_loss: ['packet loss', 'dropped packets', 'mtu', 'retransmi', 'jumbo frame'],
  hot_key: ['hot key', 'hotkey', 'single key', 'hot shard', 'near cache', 'one shard'],
  regex_cpu_blowup: ['regular expression', 'regex', 'backtrack', 'waf rule'],
  ephemeral_port_exhaustion: ['ephemeral port', 'port exhaust', 'time_wait', 'keepalive', 'keep-alive', 'eaddrnotavail', 'local port range'],
};

/**
 * Mechanisms close enough that describing one in the words of the other is not a false claim (a log volume that
 * filled the disk; a leak that ended in a crash loop; a noisy neighbour that saturated the CPU).
 */
const FAULT_FAMILIES: readonly (readonly FaultKind[])[] = [
  ['disk_full', 'log_volume_disk_fill'],
  ['memory_leak', 'oom_crashloop', 'gc_pressure'],
  ['cpu_saturation', 'noisy_neighbor', 'autoscaler_misconfig', 'regex_cpu_blowup', 'hot_key'],
  ['connection_pool_exhaustion', 'thread_pool_exhaustion', 'file_descriptor_exhaustion', 'ephemeral_port_exhaustion'],
  ['slow_query', 'lock_contention'],
  ['cache_eviction_oom', 'cache_stampede', 'hot_key'],
  ['network_partition', 'packet_loss'],
  ['bad_deploy', 'config_drift', 'bad_feature_flag'],
];

/** Fault kinds a postmortem may assert without a false claim, given the true ones. */
export function compatibleFaults(truth: readonly FaultKind[]): Set<FaultKind> {
  const out = new Set<FaultKind>(truth);
  for (const family of FAULT_FAMILIES) if (family.some((k) => truth.includes(k))) for (const k of family) out.add(k);
  return out;
}

/**
 * Phrases that say a remediation was carried out, specific enough that "errors cleared" or "scaled by the
 * autoscaler" claim nothing. `config_set` is also recognised by the key it changed.
 */
export const FIX_TERMS: Record<FixKind, readonly string[]> = {
  restart: ['restart', 'bounced', 'rolling restart'],
  rollback: ['rollback', 'roll back', 'rolled back', 'rolling back', 'reverted the release', 'reverted the deploy', 'reverted to v', 'redeployed the previous'],
  scale: ['scaled up', 'scaled out', 'scaled to', 'scaled from', 'scale up', 'scale out', 'scaling up', 'scaling out', 'added replicas', 'more replicas'],
  config_set: ['config_set', 'reconfigured', 'changed the config', 'set the config', 'reverted the config', 'restored the config', 'config change to', 'restored the setting', 'reverted the setting'],
  clear_disk: ['clear_disk', 'cleared the disk', 'cleared disk', 'cleared old', 'cleared space', 'cleared the volume', 'freed space', 'freed disk', 'freed up', 'purged', 'deleted old', 'removed old', 'removed archived', 'cleaned up', 'truncated'],
  renew_certificate: ['renew', 'reissued', 'new certificate'],
  kill_query: ['kill_query', 'killed the quer', 'killed quer', 'killed the long', 'cancelled the quer', 'canceled the quer', 'cancelled statements', 'cancelled long', 'terminated the quer'],
  failover: ['failover', 'fail over', 'failed over', 'promoted the replica', 'shifted traffic'],
  flush_cache: ['flush_cache', 'flushed', 'flush the cache', 'flushing', 'flushall'],
  restore_network: ['restore_network', 'restored the network', 'network restored', 'restored connectivity', 'restored the network path'],
};

/** The parts of a text that assert things (clauses that neither deny nor, for fixes, credit someone else). */
function asserting(text: string, forFixes: boolean): string[] {
  return clauses(text)
    .filter((c) => !c.negated && !(forFixes && c.attributed))
    .map((c) => c.text);
}

/** Fault kinds whose mechanism the text asserts (denied mentions do not count). */
export function assertedFaults(text: string): FaultKind[] {
  const parts = asserting(text, false);
  return FAULT_KINDS.filter((k) => FAULT_TERMS[k].some((t) => parts.some((p) => mentions(p, t))));
}

/** Services of `names` the text names in asserting clauses, as whole tokens. */
export function assertedServices(text: string, names: readonly string[]): string[] {
  const parts = asserting(text, false);
  return names.filter((n) => parts.some((p) => namesToken(p, n)));
}

/** Remediation kinds the text says were carried out (by the responder), and config keys it names. */
export function claimedFixes(text: string): FixKind[] {
  const parts = asserting(text, true);
  return (Object.keys(FIX_TERMS) as FixKind[]).filter((k) => FIX_TERMS[k].some((t) => parts.some((p) => mentions(p, t))));
}

/** Whether the text names a config key in an asserting clause (as a whole token). */
export function namesKey(text: string, key: string): boolean {
  return asserting(text, true).some((p) => namesToken(p, key));
}
