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

/** Lines that place the fault in the named dependency itself (each runtime words it its own way). */
const TARGET_FAULTS: readonly { re: RegExp; fault: FaultKind }[] = [
  { re: new RegExp(`TLS handshake with ${NAME}:443 failed`), fault: 'certificate_expired' },
  { re: new RegExp(`validity check failed \\(calling ${NAME}\\)`), fault: 'certificate_expired' },
  { re: new RegExp(`https://${NAME}:443[^ ]* failed, reason: certificate has expired`), fault: 'certificate_expired' },
  { re: new RegExp(`https://${NAME}:443/.*tls: failed to verify certificate`), fault: 'certificate_expired' },
  { re: new RegExp(`certificate verify failed: certificate has expired .*calling ${NAME}`), fault: 'certificate_expired' },
  { re: new RegExp(`(?:lookup |ENOTFOUND |UnknownHostException: |DNS resolution for |\\*\\d+ )${NAME}\\.prod\\.svc`), fault: 'dns_failure' },
  { re: new RegExp(`Failed to resolve '${NAME}'`), fault: 'dns_failure' },
  { re: new RegExp(`no route to host \\(${NAME}\\)`), fault: 'network_partition' },
  { re: new RegExp(`connect to ${NAME} \\([\\d.:]+\\) failed: no route to host`), fault: 'network_partition' },
  { re: new RegExp(`read from ${NAME} \\([\\d.:]+\\) failed: connection reset by peer`), fault: 'network_partition' },
  { re: new RegExp(`endpoint ${NAME}-[a-z0-9]+-[a-z0-9]+ \\([\\d.]+\\) unreachable`), fault: 'network_partition' },
  { re: new RegExp(`EHOSTUNREACH [\\d.:]+ \\(${NAME}\\)`), fault: 'network_partition' },
  { re: new RegExp(`ECONNRESET \\(${NAME} `), fault: 'network_partition' },
  { re: new RegExp(`host='${NAME}', port=\\d+\\): \\[Errno 113\\] No route to host`), fault: 'network_partition' },
  { re: new RegExp(`Connection reset by peer \\(${NAME}\\)`), fault: 'network_partition' },
  { re: new RegExp(`in group ${NAME} has failed`), fault: 'queue_consumer_lag' },
  { re: /\b([a-z][a-z0-9_]*)_app@\S+ (?:FATAL: {2}remaining connection slots are reserved|LOG: {2}duration: [\d.]+ ms {2}statement: SELECT \* FROM products WHERE id = \$1)/, fault: 'cache_stampede' },
  { re: new RegExp(`appName: "${NAME}" command: find \\{ find: "products"`), fault: 'cache_stampede' },
];

/** Lines that blame a dependency without saying what is wrong with it. */
const POINTERS: readonly { re: RegExp; why: Extract<Finding, { kind: 'points_to' }>['why'] }[] = [
  { re: new RegExp(`write to ${NAME} failed`), why: 'writes' },
  { re: new RegExp(`call to ${NAME} timed out`), why: 'timeout' },
  { re: new RegExp(`slow response from ${NAME}:`), why: 'timeout' },
  { re: new RegExp(`request to ${NAME} (?:timed out|took)`), why: 'timeout' },
  { re: new RegExp(`"https?://${NAME}:\\d+[^"]*"?:? .*(?:[Tt]imed out|deadline exceeded|aborted due to timeout)`), why: 'timeout' },
  { re: new RegExp(`ReadTimeout: HTTPConnectionPool\\(host='${NAME}'`), why: 'timeout' },
  { re: new RegExp(`(?:^|[\\s"])${NAME} responded 503`), why: 'errors' },
  { re: new RegExp(`call to ${NAME} failed: HTTP 500`), why: 'errors' },
  { re: new RegExp(`request to ${NAME} failed:`), why: 'errors' },
  { re: new RegExp(`connection to ${NAME} \\([\\d.:]+\\) lost`), why: 'errors' },
  { re: new RegExp(`[Cc]ircuit ?[Bb]reaker '${NAME}' is OPEN`), why: 'breaker' },
  { re: new RegExp(`short-circuited call to ${NAME}:`), why: 'breaker' },
  { re: new RegExp(`Breaker is open \\(EOPENBREAKER\\) for ${NAME}`), why: 'breaker' },
  { re: new RegExp(`call to ${NAME} rejected: circuit breaker is open`), why: 'breaker' },
  { re: new RegExp(`retrying request to ${NAME} \\(attempt`), why: 'retries' },
  { re: new RegExp(`retry budget for ${NAME} exhausted`), why: 'retries' },
  { re: new RegExp(`giving up on ${NAME} after`), why: 'retries' },
  { re: new RegExp(`retry queue for ${NAME} writes`), why: 'retries' },
  { re: new RegExp(`still retrying write to ${NAME}`), why: 'retries' },
  { re: new RegExp(`serving degraded response: ${NAME} unavailable`), why: 'fallback' },
];

/** Lines that describe the service's own trouble. The specific rules come first: later, broader ones share words with them. */
const OWN_FAULTS: readonly { re: RegExp; fault: FaultKind; hint?: RegExp }[] = [
  { re: /container memory limit \d+ MiB, working set/, fault: 'oom_crashloop' },
  { re: /RejectedExecutionException|are currently busy, waiting|request threads busy|worker threads busy|no worker thread available|request threads BLOCKED|request threads waiting on a response|worker threads waiting on a response|WORKER TIMEOUT|downstream_connections at/, fault: 'thread_pool_exhaustion' },
  { re: /To-space exhausted|Evacuation Failure|JVM arguments:|application threads stopped for GC/, fault: 'gc_pressure' },
  { re: /[Tt]oo many open files|EMFILE|sockets in CLOSE_WAIT/, fault: 'file_descriptor_exhaustion' },
  { re: /below producer rate|end-to-end delay above|freshness check failed|batch of 500 records from .* took/, fault: 'queue_consumer_lag' },
  { re: /recovery conflict on snapshot|recovery still waiting|Seconds_Behind_Source|seconds behind the primary|read-your-writes check failed|stale read detected/, fault: 'replication_lag' },
  { re: /ShareLock on transaction|Process holding the lock|due to lock timeout|Lock wait timeout exceeded|Transactions deadlock detected|WriteConflict|timeAcquiringMicros|updating$/, fault: 'lock_contention', hint: /\b([a-z][a-z0-9_]*)_app(?:@| updating)|appName: "([a-z][a-z0-9-]*)" command: update/ },
  { re: /429 Too Many Requests|limiting requests, excess|" 429 RL |rejected \d+ requests in the last minute with 429/, fault: 'rate_limit_misconfig' },
  { re: /could not obtain a connection to [a-z0-9-]+: password authentication failed|credentials rejected/, fault: 'credential_rotation_failure' },
  { re: /iat is \d+s in the future|timestamp outside the \d+s window/, fault: 'clock_skew' },
  { re: /while the request rate is flat|while waiting for CPU|busiest neighbour on node/, fault: 'noisy_neighbor', hint: /busiest neighbour on node \S+: ([a-z][a-z0-9-]*)/ },
  { re: /no request coalescing|concurrent loads in flight|cache miss ratio on|load-through from the database/, fault: 'cache_stampede' },
  { re: /legacy fallback disabled by|evaluated ON \(targeting: 100% rollout\)/, fault: 'bad_feature_flag', hint: /(?:disabled by|flag) (flags\.[a-z0-9_.]+)/ },
  { re: /at peak traffic \(\d+ req\/s on \d+ replicas\)|replica set scaled to/, fault: 'autoscaler_misconfig' },
  { re: /failed to write \/var\/log\/app|write '\/var\/log\/app|No space left on device: '\/var\/log\/app|FileOutputStream\.writeBytes|request body for POST/, fault: 'log_volume_disk_fill' },
  { re: /Elevated error rates on the API|egress "POST [^"]*" 50[23] /, fault: 'external_provider_outage' },
  { re: /TCP retransmission timeout|timed out after partial response|read tcp [\d.:]+->[\d.:]+: i\/o timeout/, fault: 'packet_loss' },
  { re: /overcoming of output buffer limits|sending key [a-z]+:\d+/, fault: 'hot_key' },
  { re: /waf\.lua|waf: rule \d+|WAF phase|waf ruleset/, fault: 'regex_cpu_blowup' },
  { re: /[Cc]annot assign requested address|EADDRNOTAVAIL|new connections to [a-z0-9-]+ in the last minute \(reused 0\)/, fault: 'ephemeral_port_exhaustion' },
  { re: /No space left on device|Disk is full writing|Storage resources are insufficient|disk resource limit alarm/, fault: 'disk_full' },
  { re: /OOM command not allowed|SERVER_ERROR out of memory storing object|Can't save in background: fork: Cannot allocate memory/, fault: 'cache_eviction_oom' },
  { re: /duration: \d+\.\d+ ms {2}(?:statement|execute <unnamed>): SELECT o\.\*, i\.\*|SELECT count\(\*\) FROM orders WHERE customer_ref|# Query_time: .* Rows_examined: \d{6,}|planSummary: COLLSCAN .*docsExamined:\d{6,}/, fault: 'slow_query' },
  { re: /Pause Young|Mark-Compact|MB goal|gc: collecting generation 2|memory \d+ MiB of \d+ MiB limit|OutOfMemoryError|\(restart \d+\)|Starting Application .* restart/, fault: 'memory_leak' },
  { re: /Connection leak detection|without being returned|without release \(pool/, fault: 'connection_pool_exhaustion' },
  { re: /NullPointerException|TypeError: Cannot read properties|KeyError: 'currency'|nil pointer dereference|schema conversion/, fault: 'bad_deploy' },
  { re: /request rate \d+ req\/s on this replica set|admission queue full/, fault: 'cpu_saturation' },
  { re: /403 Forbidden \(endpoint from |rejected request: 401 Unauthorized/, fault: 'config_drift' },
];

const CONFIG_KEY = /\(endpoint from ([^)\s]+)\)/;

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
      if (m?.[1]) addFault(m[1].replace(/_/g, '-'), targeted.fault);
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
    if (own) {
      const m = own.hint?.exec(message);
      const hint = own.fault === 'config_drift' ? CONFIG_KEY.exec(message)?.[1] : (m?.[1] ?? m?.[2]);
      addFault(service, own.fault, own.fault === 'lock_contention' && hint ? hint.replace(/_/g, '-') : hint);
    }
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
    const backlog = /retry queue for ([a-z][a-z0-9-]*) writes|still retrying write to ([a-z][a-z0-9-]*)|timed out waiting for a free worker|request threads BLOCKED|request threads waiting on a response|worker threads waiting on a response/.exec(l.message);
    if (backlog) return true;
    const breaker = /[Cc]ircuit ?[Bb]reaker '([a-z][a-z0-9-]*)' is OPEN|short-circuited call to ([a-z][a-z0-9-]*):|EOPENBREAKER\) for ([a-z][a-z0-9-]*)|call to ([a-z][a-z0-9-]*) rejected: circuit breaker is open/.exec(l.message);
    const target = breaker?.[1] ?? breaker?.[2] ?? breaker?.[3] ?? breaker?.[4];
    return target !== undefined && healthy(target);
  });
}
