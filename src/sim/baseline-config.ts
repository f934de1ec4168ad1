import type { ServiceKind } from '../contracts/index.js';
import { fnv1a, type Rng } from '../lib/index.js';
import type { ConfigValue } from './state.js';
import { clockLabel } from './telemetry/clock.js';

/**
 * What a healthy service of each kind carries in its configuration, and how healthy services change it.
 *
 * Every key a fault can touch is here, present on every service of the kinds the fault can sit on, with values
 * drawn per service from its name. A fault only changes the value of a key that was there from the start, and
 * the generators draw harmless changes of the same keys, by the same authors, from the same release notes and
 * version steps: nothing an operator can read exists only because of a fault.
 */

export const FEATURE_FLAGS = [
  'flags.pricing_engine_v2', 'flags.new_checkout_flow', 'flags.async_inventory_reserve', 'flags.graphql_gateway', 'flags.smart_retries',
  'flags.feed_ranking_v3', 'flags.search_v2', 'flags.bulk_export', 'flags.one_click_reorder', 'flags.web_push',
] as const;

export const BATCH_JOBS = ['inventory_reconcile', 'report_export', 'search_reindex', 'orders_archive', 'ledger_rollup', 'cart_cleanup'] as const;

export const jobKey = (job: string): string => `jobs.${job}.enabled`;
export const endpointKey = (callee: string): string => `${callee}.endpoint`;

export interface BaselineInput {
  name: string;
  kind: ServiceKind;
  replicas: number;
  memory_limit_mb: number;
  callees: readonly { name: string; kind: ServiceKind; retries: number }[];
  /** Requests per second the service handles when healthy (sets its rate limit). */
  demand_rps: number;
}

const APP: readonly ServiceKind[] = ['api', 'worker', 'gateway'];
const DATASTORE: readonly ServiceKind[] = ['database', 'cache', 'queue', 'storage'];

/** A stable per-service draw in [0, n). */
function draw(name: string, what: string, n: number): number {
  return fnv1a(`${what}\u0000${name}`) % n;
}

function heap(mb: number): string {
  return mb >= 1024 && mb % 1024 === 0 ? `${mb / 1024}g` : `${mb}m`;
}

/** JVM options sized from a container memory limit (heap = half the limit). */
export function jvmOpts(memoryLimitMb: number, gc = 'G1GC'): string {
  const h = heap(Math.max(256, Math.round(memoryLimitMb / 2 / 128) * 128));
  return `-Xms${h} -Xmx${h} -XX:+Use${gc}`;
}

/** The secret version a datastore's clients and the datastore itself agree on when healthy. */
export function secretVersion(datastore: string): string {
  return `v${10 + draw(datastore, 'secret', 70)}`;
}

/** Provider names an external dependency can switch between. */
export function providerPair(name: string): [string, string] {
  const base = name.split('-')[0] ?? name;
  const pairs: [string, string][] = [['alpha', 'beta'], ['north', 'south'], ['one', 'two'], ['east', 'west']];
  const [a, b] = pairs[draw(name, 'provider', pairs.length)] as [string, string];
  return [`${base}-${a}`, `${base}-${b}`];
}

/** The flags an API service carries, each with its healthy value (at least one is off). */
export function serviceFlags(name: string): [string, boolean][] {
  const first = draw(name, 'flags', FEATURE_FLAGS.length);
  return [0, 3, 7].map((step, i) => [FEATURE_FLAGS[(first + step) % FEATURE_FLAGS.length] as string, i === 0 ? false : draw(name, `flag${i}`, 2) === 1]);
}

/** The batch jobs a service runs, each with its healthy switch (at least one is off). */
export function serviceJobs(name: string): [string, boolean][] {
  const first = draw(name, 'jobs', BATCH_JOBS.length);
  return [0, 2].map((step, i) => [jobKey(BATCH_JOBS[(first + step) % BATCH_JOBS.length] as string), i === 0 ? false : draw(name, 'job1', 3) > 0]);
}

export function dnsRecord(name: string): string {
  return `10.${20 + draw(name, 'dns-a', 30)}.${draw(name, 'dns-b', 250)}.${1 + draw(name, 'dns-c', 250)}`;
}

/** The attempts a client makes per call as the system was sized: one plus the most retries of any of its calls. */
export function retryAttempts(calls: readonly { retries: number }[]): number {
  return 1 + Math.max(0, ...calls.map((c) => c.retries));
}

/** The healthy rate limit: three times normal traffic, in hundreds. */
export function rateLimitFor(demandRps: number): number {
  return Math.max(100, Math.ceil((demandRps * 3) / 100) * 100);
}

/** The configuration every healthy service of this kind carries (keys faults can touch included). */
export function baselineConfig(s: BaselineInput): Record<string, ConfigValue> {
  const c: Record<string, ConfigValue> = {
    'dns.record': dnsRecord(s.name),
    'network.mtu': 1500,
    'network.policy_revision': `r${100 + draw(s.name, 'netpol', 400)}`,
    'ntp.servers': 'time.internal.corp',
  };
  if (APP.includes(s.kind)) {
    c['logging.level'] = 'INFO';
    c['resources.cpu_limit'] = s.kind === 'worker' ? '4' : '2';
    c['resources.memory_limit_mb'] = s.memory_limit_mb;
    c['ulimit.nofile'] = 65536;
    if (s.callees.length > 0) {
      c['retry.max_attempts'] = retryAttempts(s.callees);
      c['http.client.keepalive'] = true;
    }
    for (const callee of s.callees) c[endpointKey(callee.name)] = `https://${callee.name}.internal:8443`;
    const db = s.callees.find((x) => x.kind === 'database');
    if (db) c['auth.password_secret_version'] = secretVersion(db.name);
  }
  if (s.kind === 'api' || s.kind === 'worker') {
    c['jvm.opts'] = jvmOpts(s.memory_limit_mb);
    if (s.callees.some((x) => x.kind === 'database')) for (const [k, v] of serviceJobs(s.name)) c[k] = v;
  }
  if (s.kind === 'api') {
    for (const [k, v] of serviceFlags(s.name)) c[k] = v;
    if (s.callees.some((x) => x.kind === 'cache')) {
      c['cache.request_coalescing'] = true;
      c['cache.near_cache_enabled'] = false;
    }
  }
  if (s.kind === 'api' || s.kind === 'gateway') {
    c['server.max_threads'] = 200;
    c['ratelimit.requests_per_second'] = rateLimitFor(s.demand_rps);
    c['autoscaling.min_replicas'] = Math.max(1, Math.min(s.replicas, 2));
    c['autoscaling.max_replicas'] = Math.max(4, s.replicas * 2);
    c['autoscaling.target_cpu_pct'] = 60;
    c['traffic.zone_b_weight'] = 50;
  }
  if (s.kind === 'gateway') c['waf.ruleset_version'] = '2026.03.1';
  if (s.kind === 'database') {
    c['auth.password_secret_version'] = secretVersion(s.name);
    c['hot_standby.max_standby_streaming_delay_s'] = 30;
    c['max_connections'] = 400;
    c['work_mem'] = '4MB';
    c['statement_timeout_ms'] = 30000;
    c['checkpoint_timeout_s'] = 300;
  }
  if (s.kind === 'cache') {
    c['maxmemory-policy'] = 'allkeys-lru';
    c['maxmemory'] = `${Math.round(s.memory_limit_mb * 0.9)}mb`;
  }
  if (s.kind === 'external') {
    const [active, standby] = providerPair(s.name);
    c['provider.active'] = active;
    c['provider.standby'] = standby;
  }
  if (DATASTORE.includes(s.kind)) c['logging.level'] = 'notice';
  return c;
}

/**
 * Who changes each key, healthy or not: a fault's change and a harmless change of the same key are made by an
 * author drawn from the same list.
 */
export const CHANGE_AUTHORS: Record<string, readonly string[]> = {
  'dns.record': ['dns-automation', 'netops'],
  'network.mtu': ['netops', 'platform-terraform'],
  'network.policy_revision': ['netops', 'platform-terraform'],
  'ntp.servers': ['config-mgmt', 'platform-terraform'],
  'logging.level': ['dev-oncall', 'svc-owner'],
  'resources.cpu_limit': ['data-eng', 'platform-terraform', 'cost-rightsizing'],
  'resources.memory_limit_mb': ['platform-terraform', 'cost-rightsizing'],
  'ulimit.nofile': ['platform-terraform'],
  'retry.max_attempts': ['svc-owner', 'config-sync'],
  'http.client.keepalive': ['svc-owner', 'config-sync'],
  endpoint: ['config-sync', 'svc-owner'],
  'auth.password_secret_version': ['vault-rotator'],
  'jvm.opts': ['cost-rightsizing', 'perf-tuning'],
  jobs: ['ops-scheduler', 'data-eng'],
  flags: ['flagd-ui', 'svc-owner'],
  'cache.request_coalescing': ['svc-owner', 'perf-tuning'],
  'cache.near_cache_enabled': ['svc-owner', 'perf-tuning'],
  'server.max_threads': ['perf-tuning', 'svc-owner'],
  'ratelimit.requests_per_second': ['api-platform'],
  'autoscaling.max_replicas': ['platform-terraform', 'cost-rightsizing'],
  'autoscaling.min_replicas': ['platform-terraform', 'cost-rightsizing'],
  'traffic.zone_b_weight': ['netops', 'platform-terraform'],
  'waf.ruleset_version': ['waf-rules-ci'],
  'hot_standby.max_standby_streaming_delay_s': ['dba-reporting', 'dba-oncall'],
  max_connections: ['dba-oncall'],
  work_mem: ['dba-oncall'],
  statement_timeout_ms: ['dba-oncall'],
  checkpoint_timeout_s: ['dba-oncall'],
  'maxmemory-policy': ['ops-terraform', 'dba-oncall'],
  maxmemory: ['ops-terraform'],
  'provider.active': ['svc-owner'],
};

/** The author list of a key (endpoints, jobs and flags share one list per family). */
export function authorsOf(key: string): readonly string[] {
  if (key.endsWith('.endpoint')) return CHANGE_AUTHORS['endpoint'] as readonly string[];
  if (key.startsWith('jobs.')) return CHANGE_AUTHORS['jobs'] as readonly string[];
  if (key.startsWith('flags.')) return CHANGE_AUTHORS['flags'] as readonly string[];
  return CHANGE_AUTHORS[key] ?? ['config-sync'];
}

/** A harmless new value for a key (what healthy services' changes look like), or null when there is none. */
export function harmlessValue(key: string, current: ConfigValue, rng: Rng): ConfigValue | null {
  if (typeof current === 'boolean') return !current;
  if (key.endsWith('.endpoint')) return String(current).replace(':8443', rng.pick([':9443', ':443'])).replace('.internal', rng.pick(['.internal', '.svc.cluster.local']));
  switch (key) {
    case 'dns.record':
      return String(current).replace(/\.(\d+)$/, (_, d: string) => `.${(Number(d) % 250) + 1}`);
    case 'network.mtu':
      return rng.pick([1460, 1480, 1500, 9001].filter((v) => v !== current));
    case 'network.policy_revision':
      return `r${Number(String(current).slice(1)) + rng.int(1, 3)}`;
    case 'ntp.servers':
      return rng.pick(['time2.internal.corp', 'time.internal.corp,time2.internal.corp', 'pool.legacy-ntp.corp', 'ntp.dmz.corp']);
    case 'logging.level':
      return rng.pick(['WARN', 'DEBUG', 'INFO', 'notice', 'warning'].filter((v) => v !== current));
    case 'resources.cpu_limit':
      return String(Number(current) + rng.pick([1, 2]));
    case 'resources.memory_limit_mb':
      return Number(current) + rng.pick([512, 1024]);
    case 'ulimit.nofile':
      return 131072;
    case 'retry.max_attempts':
      // Retries change real load and real error rates in both directions: no change of them is harmless.
      return null;
    case 'auth.password_secret_version':
      return `v${Number(String(current).slice(1)) + 1}`;
    case 'jvm.opts':
      return rng.chance(0.5) ? String(current).replace('G1GC', 'ZGC') : String(current).replace('G1GC', 'G1GC -XX:MaxGCPauseMillis=100');
    case 'server.max_threads':
      return rng.pick([160, 256, 300]);
    case 'ratelimit.requests_per_second':
      return Math.round(Number(current) * rng.pick([1.5, 2, 0.8]) / 100) * 100;
    case 'autoscaling.max_replicas':
      return Number(current) + rng.int(1, 4);
    case 'autoscaling.min_replicas':
      return Math.max(1, Number(current) + rng.pick([-1, 1]));
    case 'traffic.zone_b_weight':
      return rng.pick([40, 45, 55]);
    case 'waf.ruleset_version':
      return '2026.03.2';
    case 'hot_standby.max_standby_streaming_delay_s':
      return rng.pick([60, 120, 15]);
    case 'max_connections':
      return rng.pick([300, 500]);
    case 'work_mem':
      return rng.pick(['8MB', '16MB']);
    case 'statement_timeout_ms':
      return rng.pick([20000, 60000]);
    case 'checkpoint_timeout_s':
      return rng.pick([600, 900]);
    case 'maxmemory-policy':
      return rng.pick(['volatile-lru', 'allkeys-lfu']);
    case 'maxmemory':
      return `${Math.round(parseInt(String(current), 10) * 1.1)}mb`;
    default:
      return null;
  }
}

/** Release notes of every deploy, harmless or not: a release's note never tells whether it broke something. */
export const DEPLOY_NOTES = [
  'Bump logging library', 'Copy changes on the settings page', 'Add metrics for cache hit ratio', 'Upgrade base image (security patches)',
  'Refactor request validation', 'Remove dead feature code', 'Tune connection keep-alive', 'Add tracing spans to handlers', 'Translate error messages',
  'Update dependency lockfile', 'Enable gzip for large responses', 'Add index on created_at (migration)', 'Rename internal metrics',
  'Migrate serializer to new schema', 'Add order history filter to account page', 'Refactor transaction handling', 'Add request-scoped response cache',
  'Stream large export responses', 'Enrich events with account tier', 'Move product grid to server components', 'Batch writes to the ledger',
  'Upgrade HTTP client', 'Paginate the admin listing', 'Retry idempotent calls once', 'Weekly release train',
] as const;

export const DEPLOY_AUTHORS = ['ci-deployer', 'release-bot', 'jenkins', 'argo-rollouts'] as const;

/** The next version after `v`: a patch or a minor step, drawn the same way for every release. */
export function nextVersion(v: string, rng: Rng): string {
  const m = /^(v?)(\d+)\.(\d+)\.(\d+)$/.exec(v);
  if (!m) return `${v}-1`;
  return rng.chance(0.55) ? `${m[1]}${m[2]}.${m[3]}.${Number(m[4]) + 1}` : `${m[1]}${m[2]}.${Number(m[3]) + 1}.0`;
}

/** Minutes before onset a change lands (harmless or not), drawn from one distribution. */
export function changeLead(rng: Rng): number {
  return rng.chance(0.7) ? rng.int(1, 30) : rng.int(31, 120);
}

/** Minutes before onset of an old release (days back): harmless ones and latent faulty ones alike. */
export function oldReleaseLead(rng: Rng): number {
  return rng.int(2, 5) * 1440 + rng.int(0, 1439);
}

export const CERT_NOT_AFTER_KEY = 'tls.cert_not_after';

/** Days until a healthy service's certificate expires (20–80, drawn per service and seed). */
export function defaultCertDays(name: string, seed: number): number {
  return 20 + (fnv1a(`cert\u0000${name}`, (seed >>> 0) ^ 0x9e3779b9) % 61);
}

/** A certificate's not-after time as a TLS check prints it. */
export function certNotAfter(world: { onset_date: string; onset_time: string }, minute: number): string {
  return clockLabel(world.onset_date, world.onset_time, minute);
}
