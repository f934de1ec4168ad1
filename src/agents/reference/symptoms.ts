import type { FaultKind } from '../../contracts/index.js';
import type { LogLineView, MetricView } from './view.js';

/**
 * What an engineer concludes from one service's log lines, the way a runbook would: lines that blame a
 * dependency point further down the graph; lines that describe the service's own trouble suggest a fault.
 * Rules read only rendered text, never labels.
 */
export type Finding =
  | { kind: 'fault'; service: string; fault: FaultKind; lines: number; hint?: string }
  | { kind: 'points_to'; target: string; lines: number; why: 'timeout' | 'errors' | 'breaker' | 'writes' | 'retries' | 'fallback' };

const NAME = '([a-z][a-z0-9-]*)';

/** Lines that place the fault in the named dependency itself. */
const TARGET_FAULTS: readonly { re: RegExp; fault: FaultKind }[] = [
  { re: new RegExp(`NotAfter for ${NAME}`), fault: 'certificate_expired' },
  { re: new RegExp(`TLS handshake with ${NAME}:443 failed`), fault: 'certificate_expired' },
  { re: new RegExp(`PKIX path validation failed for ${NAME}`), fault: 'certificate_expired' },
  { re: new RegExp(`lookup ${NAME}\\.prod\\.svc`), fault: 'dns_failure' },
  { re: new RegExp(`ENOTFOUND ${NAME}\\.prod`), fault: 'dns_failure' },
  { re: new RegExp(`i/o timeout calling ${NAME}`), fault: 'dns_failure' },
  { re: new RegExp(`no route to host \\(${NAME}\\)`), fault: 'network_partition' },
  { re: new RegExp(`connection reset by peer \\(${NAME}\\)`), fault: 'network_partition' },
  { re: new RegExp(`endpoint ${NAME}-[0-9a-f]{5} unreachable`), fault: 'network_partition' },
  { re: new RegExp(`consumer group ${NAME} lag \\d+ messages`), fault: 'queue_consumer_lag' },
  { re: new RegExp(`identical statements in flight: .* \\(application "${NAME}"\\)`), fault: 'cache_stampede' },
];

/** Lines that blame a dependency without saying what is wrong with it. */
const POINTERS: readonly { re: RegExp; why: Extract<Finding, { kind: 'points_to' }>['why'] }[] = [
  { re: new RegExp(`failed to write to ${NAME}:`), why: 'writes' },
  { re: new RegExp(`write to ${NAME} failed`), why: 'writes' },
  { re: new RegExp(`context deadline exceeded calling ${NAME}`), why: 'timeout' },
  { re: new RegExp(`upstream request timeout: ${NAME}`), why: 'timeout' },
  { re: new RegExp(`slow response from ${NAME}:`), why: 'timeout' },
  { re: new RegExp(`^${NAME} responded 503`), why: 'errors' },
  { re: new RegExp(`call to ${NAME} failed: HTTP 500`), why: 'errors' },
  { re: new RegExp(`CircuitBreaker '${NAME}' is OPEN`), why: 'breaker' },
  { re: new RegExp(`short-circuited call to ${NAME}:`), why: 'breaker' },
  { re: new RegExp(`retrying request to ${NAME} \\(attempt`), why: 'retries' },
  { re: new RegExp(`retry budget for ${NAME} exhausted`), why: 'retries' },
  { re: new RegExp(`retry queue for ${NAME} writes`), why: 'retries' },
  { re: new RegExp(`still retrying write to ${NAME}`), why: 'retries' },
  { re: new RegExp(`serving degraded response: ${NAME} unavailable`), why: 'fallback' },
];

/** Lines that describe the service's own trouble. The specific rules come first: later, broader ones share words with them. */
const OWN_FAULTS: readonly { re: RegExp; fault: FaultKind; hint?: RegExp }[] = [
  { re: /CrashLoopBackOff|reason OOMKilled, exit code 137, started|heap sized from container limit|memory working set at [\d.]+% of its/, fault: 'oom_crashloop' },
  { re: /RejectedExecutionException|request threads busy|no worker thread available|waited \d+ms for a handler thread|request threads BLOCKED|has not made progress for/, fault: 'thread_pool_exhaustion' },
  { re: /\[gc\] GC\(\d+\)|of the last 60s in garbage collection|application threads were stopped|To-space exhausted|stalled in safepoint/, fault: 'gc_pressure' },
  { re: /[Tt]oo many open files|EMFILE|sockets in CLOSE_WAIT/, fault: 'file_descriptor_exhaustion' },
  { re: /max\.poll\.interval\.ms|below producer rate|end-to-end delay above|routed to dead-letter topic/, fault: 'queue_consumer_lag' },
  { re: /replay of WAL paused|recovery is waiting for conflicting query|behind the primary|read-your-writes check failed|stale read detected|older than the session write/, fault: 'replication_lag' },
  { re: /deadlock detected|ungranted lock requests|wait_event_type=Lock|due to lock timeout|acquired RowExclusiveLock/, fault: 'lock_contention', hint: /oldest blocker application "([a-z][a-z0-9-]*)"/ },
  { re: /429 Too Many Requests|OVER_LIMIT|token bucket "global" empty|received 429/, fault: 'rate_limit_misconfig' },
  { re: /password authentication failed for user "[a-z0-9-]+_app" \(connecting|invalid_password|credentials rejected|pool initialization: authentication failed/, fault: 'credential_rotation_failure' },
  { re: /token used before issued|System clock wrong by|No suitable source for synchronisation|nbf in the future|timestamp outside the \d+s window/, fault: 'clock_skew' },
  { re: /nr_throttled|steal \d|node pressure on .*: top consumers|scheduler latency|while waiting for CPU/, fault: 'noisy_neighbor', hint: /top consumers ([a-z][a-z0-9-]*) \(/ },
  { re: /no single-flight|concurrent loads in flight|cache miss ratio on|while filling cache|cache refill for .* timed out/, fault: 'cache_stampede' },
  { re: /QuoteBuilderV2|resolvePromotionsV2|legacy fallback disabled by/, fault: 'bad_feature_flag', hint: /disabled by (flags\.[a-z0-9_.]+)/ },
  { re: /HorizontalPodAutoscaler|ScalingLimited|maxReplicas/, fault: 'autoscaler_misconfig' },
  { re: /ephemeral-storage|logback: failed to write|failed to create temp file for upload|FileOutputStream\.writeBytes/, fault: 'log_volume_disk_fill' },
  { re: /status\.[a-z0-9-]+\.com reports|no healthy upstream for cluster|cf-ray/, fault: 'external_provider_outage' },
  { re: /TCP retransmission timeout|fragmentation needed, DF set|segments retransmitted|keepalive ping not acknowledged|timeout after partial response/, fault: 'packet_loss' },
  { re: /slowlog: GET|on the main thread, other shards|instantaneous_ops_per_sec \d+ on shard|most frequent key|output buffer for \d+ connections/, fault: 'hot_key' },
  { re: /PCRE match limit|waf: rule \d+|waf\.lua|WAF phase/, fault: 'regex_cpu_blowup' },
  { re: /[Cc]annot assign requested address|EADDRNOTAVAIL|sockets in TIME_WAIT/, fault: 'ephemeral_port_exhaustion' },
  { re: /No space left on device|could not write to file "pg_wal/, fault: 'disk_full' },
  { re: /OOM command not allowed|cmd=SET rejected: -OOM|evicted_keys=0 rejected_writes/, fault: 'cache_eviction_oom' },
  { re: /sequential scan on table|LOG: {2}duration: \d+\.\d+ ms {2}statement:|active backends \d+\/\d+, \d+ waiting on I\/O|still waiting for ShareLock/, fault: 'slow_query' },
  { re: /OOMKilled|OutOfMemoryError|memory cgroup out of memory|GC pause|heap usage \d/, fault: 'memory_leak' },
  { re: /Connection leak detection|without being returned/, fault: 'connection_pool_exhaustion' },
  { re: /Unhandled exception|NullPointerException|schema conversion|500 Internal Server Error: POST/, fault: 'bad_deploy' },
  { re: /above the autoscaling target|admission queue full|worker pool saturated/, fault: 'cpu_saturation' },
  { re: /403 Forbidden \(check |rejected request: 401 Unauthorized/, fault: 'config_drift' },
];

const CONFIG_KEY = /\(check ([^)\s]+)\)/;

/** Findings from one service's lines, strongest (most lines) first. */
export function readLines(service: string, lines: readonly LogLineView[]): Finding[] {
  const faults = new Map<string, Extract<Finding, { kind: 'fault' }>>();
  const pointers = new Map<string, Extract<Finding, { kind: 'points_to' }>>();
  const addFault = (svc: string, fault: FaultKind, hint?: string) => {
    const key = `${svc}/${fault}`;
    const f = faults.get(key) ?? { kind: 'fault' as const, service: svc, fault, lines: 0 };
    f.lines += 1;
    if (hint !== undefined) f.hint = hint;
    faults.set(key, f);
  };
  for (const { message } of lines) {
    const targeted = TARGET_FAULTS.find((t) => t.re.test(message));
    if (targeted) {
      const m = targeted.re.exec(message);
      if (m?.[1]) addFault(m[1], targeted.fault);
      continue;
    }
    const pointer = POINTERS.find((p) => p.re.test(message));
    if (pointer) {
      const target = pointer.re.exec(message)?.[1];
      if (target && target !== service) {
        const p = pointers.get(target) ?? { kind: 'points_to' as const, target, lines: 0, why: pointer.why };
        p.lines += 1;
        pointers.set(target, p);
      }
      continue;
    }
    const own = OWN_FAULTS.find((o) => o.re.test(message));
    if (own) addFault(service, own.fault, own.fault === 'config_drift' ? CONFIG_KEY.exec(message)?.[1] : own.hint?.exec(message)?.[1]);
  }
  return [...faults.values(), ...pointers.values()].sort((a, b) => b.lines - a.lines);
}

/** A fault suggested by resource metrics alone, when the logs said nothing specific. */
export function readMetrics(service: string, metrics: readonly MetricView[]): Extract<Finding, { kind: 'fault' }> | null {
  const get = (name: string) => metrics.find((m) => m.metric === name);
  const disk = get('disk_pct');
  if (disk && disk.now >= 98) return { kind: 'fault', service, fault: 'disk_full', lines: 0 };
  const memory = get('memory_pct');
  if (memory && memory.max >= 90 && memory.baseline < 70) return { kind: 'fault', service, fault: 'memory_leak', lines: 0 };
  const cpu = get('cpu_pct');
  if (cpu && cpu.now >= 95 && cpu.baseline < 70) return { kind: 'fault', service, fault: 'cpu_saturation', lines: 0 };
  return null;
}

/** Log lines that say a service is stuck in a state a restart clears (piled-up retry workers, an open breaker). */
export function needsRestart(lines: readonly LogLineView[], healthy: (service: string) => boolean): boolean {
  return lines.some((l) => {
    const backlog = /retry queue for ([a-z][a-z0-9-]*) writes|still retrying write to ([a-z][a-z0-9-]*)|timed out waiting for a free worker|request threads BLOCKED|has not made progress for|stuck for \d+ms waiting on a response/.exec(l.message);
    if (backlog) return true;
    const breaker = /CircuitBreaker '([a-z][a-z0-9-]*)' is OPEN|short-circuited call to ([a-z][a-z0-9-]*):/.exec(l.message);
    const target = breaker?.[1] ?? breaker?.[2];
    return target !== undefined && healthy(target);
  });
}
