import { fnv1a, mix, unit } from '../../lib/index.js';
import { type EdgeState, METRIC_INDEX, METRICS, type MetricName, type ServiceState, type WorldState } from '../state.js';
import { findService, serviceIndex } from '../world-access.js';
import { stampAt } from '../telemetry/clock.js';
import { PACKS, TECHNOLOGY_PORTS } from './index.js';
import { clientIp, podIp, podName, processStartAt, restartsAt } from './identity.js';
import type { Template } from './pack.js';

/** One rendered line: the raw text as the software writes it and the replica (pod) that wrote it. */
export interface RenderedLine {
  text: string;
  pod: string;
}

/**
 * A recorded metric of a service at a past minute. Before the recorded history the service ran at its healthy
 * baseline, except after a change to it (a deploy or a config change): from that change the value moves in a
 * straight line to the first recorded one, so a state that built up since the change (a filling volume, a leaking
 * heap) shows as the ramp it was rather than a jump at the start of the record.
 */
export function recordedMetric(world: WorldState, idx: number, metric: MetricName, minute: number): number {
  const column = idx * METRICS.length + METRIC_INDEX[metric];
  const svc = world.services[idx] as ServiceState;
  const row = world.history.rows[minute - world.history.start];
  const v = row?.[column];
  if (v !== undefined) return v;
  const baseline = svc.baseline[METRIC_INDEX[metric]] ?? 0;
  const first = world.history.rows[0]?.[column];
  if (minute >= world.history.start || first === undefined) return baseline;
  const change = lastChangeBefore(world, svc.name, world.history.start);
  if (change === null || minute < change) return baseline;
  return baseline + ((first - baseline) * (minute - change)) / Math.max(1, world.history.start - change);
}

/** The latest deploy or config change of a service before `minute` (null when none). */
function lastChangeBefore(world: WorldState, service: string, minute: number): number | null {
  let out: number | null = null;
  for (const d of world.deploys) if (d.service === service && d.minute < minute && (out === null || d.minute > out)) out = d.minute;
  for (const c of world.config_changes) if (c.service === service && c.minute < minute && (out === null || c.minute > out)) out = c.minute;
  return out;
}

/** Consecutive minutes up to `minute` in which a service had a condition starting with `code`. */
export function conditionAge(world: WorldState, idx: number, code: string, minute: number): number {
  let age = 0;
  for (let m = minute; m >= world.history.start; m--) {
    const row = world.history.conditions[m - world.history.start]?.[idx] ?? [];
    if (!row.some((c) => c === code || c.startsWith(`${code}:`))) break;
    age++;
  }
  return age;
}

/** Callers and callees of each service, per world object (edges never change after creation). */
const neighbourCache = new WeakMap<WorldState, Map<string, { callers: EdgeState[]; callees: EdgeState[] }>>();

function neighbours(world: WorldState, service: string): { callers: EdgeState[]; callees: EdgeState[] } {
  let byService = neighbourCache.get(world);
  if (!byService) {
    byService = new Map();
    neighbourCache.set(world, byService);
  }
  let n = byService.get(service);
  if (!n) {
    n = { callers: world.edges.filter((e) => e.to === service), callees: world.edges.filter((e) => e.from === service) };
    byService.set(service, n);
  }
  return n;
}

const TABLES = ['orders', 'order_items', 'customers', 'payments', 'sessions', 'inventory', 'shipments', 'accounts'];
const pct1 = (v: number) => Math.min(100, Math.max(0, v)).toFixed(1);

/**
 * Renders one template for a service at a minute: formats it the way the service's technology writes lines,
 * then fills every placeholder from world state. Each placeholder has one source, listed in `docs/telemetry.md`.
 */
export function renderLine(world: WorldState, svc: ServiceState, minute: number, second: number, t: Template, code: string, target: string, h: number): RenderedLine {
  const pack = PACKS[svc.technology];
  const idx = serviceIndex(world, svc.name);
  const r = svc.replicas > 0 ? h % svc.replicas : 0;
  const pod = podName(world, svc, r, minute);
  const stamp = stampAt(world.onset_date, world.onset_time, minute, second, mix(h, 0x35) % 1000, mix(h, 0x36) % 1000);
  const raw = pack.format({ stamp, level: t[0], message: t[1], origin: t[2] ?? pack.origin, pod, pid: pack.main_pid, thread: 1 + (mix(h, 0x7d) % 24), service: svc.name });
  const ctx = new Fill(world, svc, idx, minute, second, code, target, h, r, pod);
  const fill = (text: string) => text.replace(/\{(\w+)\}/g, (whole, name: string) => ctx.value(name) ?? whole);
  const once = fill(raw);
  return { text: /\{\w+\}/.test(once) ? fill(once) : once, pod };
}

class Fill {
  constructor(
    readonly world: WorldState,
    readonly svc: ServiceState,
    readonly idx: number,
    readonly minute: number,
    readonly second: number,
    readonly code: string,
    readonly target: string,
    readonly h: number,
    readonly r: number,
    readonly pod: string,
  ) {}

  private n(salt: number): number {
    return mix(this.h, salt);
  }

  private metric(m: MetricName): number {
    return recordedMetric(this.world, this.idx, m, this.minute);
  }

  private other(): ServiceState | undefined {
    const w = this.world;
    const t = this.target ? findService(w, this.target) : undefined;
    if (t) return t;
    const { callers, callees } = neighbours(w, this.svc.name);
    if (callers.length > 0) return findService(w, (callers[this.n(11) % callers.length] as (typeof callers)[number]).from);
    if (callees.length > 0) return findService(w, (callees[this.n(12) % callees.length] as (typeof callees)[number]).to);
    return undefined;
  }

  private peerIp(): string {
    const o = this.other();
    if (!o || (this.svc.public && !this.target)) return clientIp(this.n(13));
    return podIp(this.world, o, this.n(14) % Math.max(1, o.replicas), this.minute);
  }

  private ms(): number {
    return Math.max(1, Math.round(this.metric('latency_p99_ms') * (0.6 + 0.5 * unit(this.n(5)))));
  }

  private p50(): number {
    return Math.max(1, Math.round(this.metric('latency_p50_ms') * (0.7 + 0.6 * unit(this.n(6)))));
  }

  private timeoutMs(): number {
    const w = this.world;
    const edge = w.edges.find((e) => e.from === this.svc.name && e.to === this.target) ?? w.edges.find((e) => e.from === this.svc.name);
    return edge?.timeout_ms ?? 30_000;
  }

  private replicasUp(): number {
    return Math.max(1, this.svc.replicas);
  }

  private config(key: string): string | number | boolean | undefined {
    return configAt(this.world, this.svc.name, key, this.minute);
  }

  private rps(): number {
    return Math.max(0, this.metric('throughput_rps'));
  }

  private poolActive(): number {
    return Math.min(this.svc.pool_size, Math.round((this.metric('pool_pct') / 100) * this.svc.pool_size));
  }

  private waiters(): number {
    const perReplica = this.rps() / this.replicasUp();
    return Math.min(5000, Math.round(perReplica * (this.metric('error_rate_pct') / 100) * Math.min(30, this.timeoutMs() / 1000)));
  }

  private maxAttempts(): number {
    const configured = this.config('retry.max_attempts');
    if (typeof configured === 'number' && configured >= 1) return Math.round(configured);
    const edge = this.world.edges.find((e) => e.from === this.svc.name && e.to === this.target);
    return (edge?.retries ?? 2) + 1;
  }

  private threadsMax(): number {
    const v = this.config('server.max_threads') ?? this.config('worker_connections');
    return typeof v === 'number' && v > 0 ? Math.round(v) : 200;
  }

  private fdLimit(): number {
    const v = this.config('ulimit.nofile') ?? this.config('worker_rlimit_nofile');
    return typeof v === 'number' && v > 0 ? Math.round(v) : 65_536;
  }

  private fdOpen(): number {
    const limit = this.fdLimit();
    if (this.code === 'fd_limit') return limit;
    return Math.min(limit - 1, Math.round(limit * (0.76 + 0.18 * unit(this.n(21)))));
  }

  private memMb(): number {
    return Math.min(this.svc.memory_limit_mb, Math.round((this.metric('memory_pct') / 100) * this.svc.memory_limit_mb));
  }

  private backendPid(salt: number): number {
    return 40 + 7 * (salt % 400);
  }

  private age(): number {
    const minutes = conditionAge(this.world, this.idx, this.code, this.minute);
    return Math.max(1, (minutes - 1) * 60 + this.second);
  }

  private dbName(): string {
    return this.svc.name.replace(/-(db|postgres|mysql|mongo|mongodb|database)$/, '').replace(/-/g, '_');
  }

  private topic(): string {
    return this.svc.name.replace(/-(kafka|events|queue|rabbitmq|mq)$/, '');
  }

  private route(): string {
    const t = this.svc.kind === 'gateway' || this.svc.kind === 'external' ? this.other() : this.svc;
    const base = (t ?? this.svc).name.replace(/-(service|api|svc|worker)$/, '');
    return `/v1/${base}`;
  }

  value(name: string): string | undefined {
    const w = this.world;
    const svc = this.svc;
    switch (name) {
      case 'svc':
        return svc.name;
      case 'target':
        return this.target;
      case 'version':
        return versionAt(w, svc, this.minute);
      case 'pod':
        return this.pod;
      case 'ip':
        return podIp(w, svc, this.r, this.minute);
      case 'pid':
        return String(PACKS[svc.technology].main_pid);
      case 'peer_ip':
        return this.peerIp();
      case 'client_ip': {
        const callers = neighbours(w, svc.name).callers;
        const caller = callers.length > 0 && !svc.public ? findService(w, (callers[this.n(55) % callers.length] as (typeof callers)[number]).from) : undefined;
        return caller ? podIp(w, caller, this.n(56) % Math.max(1, caller.replicas), this.minute) : clientIp(this.n(57));
      }
      case 'target_ip': {
        const t = this.target ? findService(w, this.target) : w.edges.filter((e) => e.from === svc.name).map((e) => findService(w, e.to))[0];
        return t ? podIp(w, t, this.n(15) % Math.max(1, t.replicas), this.minute) : this.peerIp();
      }
      case 'target_pod': {
        const t = this.target ? findService(w, this.target) : undefined;
        return t ? podName(w, t, this.n(16) % Math.max(1, t.replicas), this.minute) : this.pod;
      }
      case 'port': {
        const t = this.target ? findService(w, this.target) : this.other();
        return String(t ? TECHNOLOGY_PORTS[t.technology] : 8080);
      }
      case 'client_port':
        return String(32_768 + (this.n(17) % 28_000));
      case 'trace':
        return (mix(this.h, 3).toString(16).padStart(8, '0') + mix(this.h, 4).toString(16).padStart(8, '0') + mix(this.h, 30).toString(16).padStart(8, '0') + mix(this.h, 31).toString(16).padStart(8, '0')).slice(0, 32);
      case 'reqid': {
        const x = (mix(this.h, 40).toString(16).padStart(8, '0') + mix(this.h, 41).toString(16).padStart(8, '0') + mix(this.h, 42).toString(16).padStart(8, '0') + mix(this.h, 43).toString(16).padStart(8, '0')).slice(0, 32);
        return `${x.slice(0, 8)}-${x.slice(8, 12)}-4${x.slice(13, 16)}-a${x.slice(17, 20)}-${x.slice(20, 32)}`;
      }
      case 's3_reqid':
        return (mix(this.h, 44).toString(16).toUpperCase() + mix(this.h, 45).toString(16).toUpperCase()).padStart(16, '0').slice(0, 16);
      case 'hex8':
        return mix(this.h, 46).toString(16).padStart(8, '0');
      case 'id':
        return String(1000 + (this.n(1) % 90_000));
      case 'conn':
      case 'conn_id':
        return String(Math.max(1, Math.round((this.minute - w.history.start + 600) * 60 * Math.max(1, this.rps() / this.replicasUp())) + (this.n(18) % 60)));
      case 'seq':
        return String(Math.max(1, (this.minute - processStartAt(w, svc, this.minute)) * 4 + (this.n(19) % 4)));
      case 'thread':
        return String(1 + (this.n(58) % this.threadsMax()));
      case 'line':
        return String(40 + (this.n(20) % 300));
      case 'col':
        return String(5 + (this.n(22) % 40));
      case 'ms':
        return String(this.ms());
      case 'ms_s':
        return (this.ms() / 1000).toFixed(3);
      case 'ms_frac':
        return String(this.n(23) % 1000).padStart(3, '0');
      case 'p50':
        return String(this.p50());
      case 'p50_s':
        return (this.p50() / 1000).toFixed(3);
      case 'timeout_ms':
        return String(this.timeoutMs());
      case 'timeout_s':
        return (this.timeoutMs() / 1000).toFixed(1);
      case 'qtime_ms':
        return String(this.ms());
      case 'qtime_s':
        return (this.ms() / 1000).toFixed(6);
      case 'lock_ms':
        return String(Math.max(1000, this.ms()));
      case 'lock_s':
        return (Math.max(1000, this.ms()) / 1000).toFixed(6);
      case 'gc_ms': {
        const over = Math.max(0, this.metric('memory_pct') - 70);
        return (8 + over * over * 0.9 + (this.n(24) % 20)).toFixed(3);
      }
      case 'cpu':
        return pct1(this.metric('cpu_pct'));
      case 'mem_pct':
        return pct1(this.metric('memory_pct'));
      case 'disk_pct':
        return pct1(this.metric('disk_pct'));
      case 'pool_pct':
        return pct1(this.metric('pool_pct'));
      case 'err_pct':
        return pct1(this.metric('error_rate_pct'));
      case 'mem_mb':
        return String(this.memMb());
      case 'mem_limit_mb':
        return String(Math.round(svc.memory_limit_mb));
      case 'heap_before':
        return String(Math.min(Math.round(svc.memory_limit_mb), Math.round(this.memMb() * 1.02) + 1));
      case 'heap_after':
        return String(Math.max(0, Math.round(this.memMb() * (0.96 + 0.02 * unit(this.n(25))))));
      case 'uptime_s':
        return String(Math.max(1, (this.minute - processStartAt(w, svc, this.minute)) * 60 + this.second));
      case 'uptime_ms':
        return String(Math.max(1, (this.minute - processStartAt(w, svc, this.minute)) * 60 + this.second) * 1000 + (this.n(26) % 1000));
      case 'disk_free_mb':
        return String(Math.max(0, Math.round((1 - Math.min(100, this.metric('disk_pct')) / 100) * svc.disk_total_gb * 1024)));
      case 'disk_free_bytes':
        return String(Math.max(0, Math.round((1 - Math.min(100, this.metric('disk_pct')) / 100) * svc.disk_total_gb * 1024 ** 3)));
      case 'pool_size':
        return String(svc.pool_size);
      case 'pool_active':
        return String(this.poolActive());
      case 'pool_idle':
        return String(svc.pool_size - this.poolActive());
      case 'pool_waiters':
      case 'waiters':
        return String(this.waiters());
      case 'attempt': {
        const max = this.maxAttempts();
        return String(max <= 1 ? 1 : 2 + (this.n(27) % (max - 1)));
      }
      case 'max_attempts':
        return String(this.maxAttempts());
      case 'lag':
        return String(Math.round(this.metric('replica_lag_s')));
      case 'depth':
        return String(Math.round(this.metric('queue_depth')));
      case 'rps':
        return String(Math.round(this.rps()));
      case 'replicas':
        return String(svc.replicas);
      case 'restarts':
        return String(restartsAt(w, svc, this.minute));
      case 'conns': {
        const configured = this.config('max_connections');
        const max = typeof configured === 'number' ? configured : 10_000;
        const callers = w.edges.filter((e) => e.to === svc.name).reduce((sum, e) => sum + (findService(w, e.from)?.pool_size ?? 10) * (findService(w, e.from)?.replicas ?? 1), 0);
        return String(Math.min(max, Math.max(1, Math.round(callers * 0.4 + (this.n(28) % 8)))));
      }
      case 'key':
        return this.target;
      case 'value': {
        const own = this.target ? configAt(w, svc.name, this.target, this.minute) : undefined;
        if (own !== undefined) return String(own);
        return String(configAt(w, this.target, 'dns.record', this.minute) ?? podIp(w, svc, 0, this.minute));
      }
      case 'threads_max':
        return String(this.threadsMax());
      case 'threads_busy':
        return String(Math.max(0, this.threadsMax() - (this.n(29) % 3)));
      case 'fd_limit':
        return String(this.fdLimit());
      case 'fd_open':
        return String(this.fdOpen());
      case 'close_wait':
        return String(Math.round(this.fdOpen() * 0.6));
      case 'blocker_pid':
        return String(this.backendPid(mix(w.seed, fnv1a(svc.name), fnv1a(this.target), 0xb10c)));
      case 'waiter_pid':
        return String(this.backendPid(mix(w.seed, fnv1a(svc.name), fnv1a(this.target), 0xb10c) + 1 + (this.n(32) % 300)));
      case 'backend_pid':
        return String(this.backendPid(this.n(33)));
      case 'xid':
        return String(4_000_000 + (this.minute - w.history.start + 600) * 1200 + (this.n(34) % 1000));
      case 'rows':
        return String(1_000_000 + (mix(w.seed, fnv1a(svc.name), 0x40) % 19_000_000));
      case 'age_s':
        return String(Math.min(this.age(), Math.max(1, Math.round(this.metric('queue_depth') / Math.max(1, this.rps())))));
      case 'txn_age_s':
        return String(this.age());
      case 'skew_s':
        return String(300 + (mix(w.seed, fnv1a(svc.name), 0x5c) % 240));
      case 'rejected':
        return String(Math.round(this.rps() * (this.metric('error_rate_pct') / 100) * 60));
      case 'new_conns':
        return String(Math.min(28_231, Math.round(this.rps() / this.replicasUp()) * 60));
      case 'miss_ratio':
        return (0.85 + 0.1 * unit(this.n(35))).toFixed(2);
      case 'excess':
        return `${this.n(36) % 20}.${String(this.n(37) % 1000).padStart(3, '0')}`;
      case 'worker_connections':
        return String(typeof this.config('worker_connections') === 'number' ? this.config('worker_connections') : 1024);
      case 'fd':
        return String(20 + (this.n(38) % 400));
      case 'keys':
        return String(Math.round((this.memMb() * 1024 * 1024) / 640));
      case 'expires':
        return String(Math.round((this.memMb() * 1024 * 1024) / 640 / 1.25));
      case 'buckets':
        return String(2 ** Math.ceil(Math.log2(Math.max(2, (this.memMb() * 1024 * 1024) / 640))));
      case 'child_pid':
        return String(20 + ((this.minute - w.history.start + 400) % 30_000));
      case 'topic':
        return this.topic();
      case 'group': {
        const consumer = w.edges.find((e) => e.to === svc.name && e.write_fraction === 0);
        return consumer ? consumer.from : `${this.topic()}-consumers`;
      }
      case 'partition':
        return String(this.n(39) % 12);
      case 'offset':
        return String(Math.round((this.minute - w.history.start + 10_000) * Math.max(1, this.rps()) * 60 / 12) + (this.n(47) % 1000));
      case 'broker':
        return String(this.r);
      case 'leader':
        return String((this.r + 1) % Math.max(1, svc.replicas));
      case 'path':
        return this.route();
      case 'host':
        return 'www.example.com';
      case 'bytes':
        return String(180 + (this.n(48) % 24_000));
      case 'user': {
        const o = this.other();
        return `${(this.target || o?.name || 'app').replace(/-/g, '_')}_app`;
      }
      case 'db':
        return this.dbName();
      case 'table':
        return TABLES[this.n(49) % TABLES.length] as string;
      case 'buffers':
        return String(100 + (this.n(50) % 4000));
      case 'buffers_pct':
        return (((100 + (this.n(50) % 4000)) / 524_288) * 100).toFixed(1);
      case 'write_s':
        return ((100 + (this.n(50) % 4000)) / 150).toFixed(3);
      case 'distance_kb':
        return String(8 * (100 + (this.n(50) % 4000)));
      case 'checkpoint_s':
        return String(8 + (this.n(51) % 20));
      case 'oid':
        return '16384';
      case 'relfile':
        return String(16_384 + (mix(w.seed, fnv1a(svc.name), 0x4f) % 50_000));
      case 'binlog':
        return String(100 + ((this.minute - w.history.start + 600) >> 4)).padStart(6, '0');
      case 'date_time': {
        const s = stampAt(w.onset_date, w.onset_time, processStartAt(w, svc, this.minute) - 1, 0, 0, 0);
        return `${s.date} ${s.time}`;
      }
      case 'throttled':
        return String(Math.min(600, Math.round(6 * Math.min(100, this.metric('cpu_pct')))));
      case 'node': {
        const n = mix(w.seed, fnv1a(svc.name), this.r, 0x1b);
        return `ip-10-${16 + (n % 32)}-${(n >>> 8) % 256}-${2 + ((n >>> 16) % 253)}.ec2.internal`;
      }
      case 'epoch_s':
        return String(Math.floor(stampAt(w.onset_date, w.onset_time, this.minute, this.second, 0, 0).epoch_ms / 1000));
      case 'us':
        return String(this.n(54) % 1_000_000);
      case 'gc_objects':
        return String(this.memMb() * 900);
      case 'worker_pid':
        return String(8 + (this.n(52) % 4));
      case 'bucket':
        return `${svc.name}-data`;
      case 'object':
        return `uploads/${this.n(53).toString(16)}`;
      case 'provider_host':
        return `${svc.name.replace(/-(vendor|gateway|relay|engine|processor)$/, '')}.example.net`;
      case 'api_path':
        return svc.name.replace(/-(vendor|gateway|relay|engine|processor)$/, '');
      case 'caller':
        return this.other()?.name ?? 'egress';
      case 'reason':
        return rejectReason(findService(w, this.target));
      case 'store_error':
        return storeError(findService(w, this.target));
      default:
        return undefined;
    }
  }
}

/** What a datastore answers a rejected write with, in its own words. */
function rejectReason(t: ServiceState | undefined): string {
  switch (t?.technology) {
    case 'redis':
      return "OOM command not allowed when used memory > 'maxmemory'.";
    case 'memcached':
      return 'SERVER_ERROR out of memory storing object';
    case 'postgres':
      return 'ERROR: could not extend file: No space left on device (SQLSTATE 53100)';
    case 'mysql':
      return "Error 1114 (HY000): The table is full";
    case 'mongodb':
      return 'WriteError: No space left on device';
    case 'kafka':
      return 'KafkaStorageException: Disk error when trying to access log file on the disk';
    case 'rabbitmq':
      return 'connection blocked by the broker (disk resource limit alarm)';
    case 'minio':
      return 'XMinioStorageFull: Storage resources are insufficient for the write operation';
    default:
      return 'write rejected: No space left on device';
  }
}

/** What a datastore's client library reports when the store fails requests, in the store's words. */
function storeError(t: ServiceState | undefined): string {
  switch (t?.technology) {
    case 'postgres':
      return 'FATAL: terminating connection due to administrator command (SQLSTATE 57P01)';
    case 'mysql':
      return 'Error 2013 (HY000): Lost connection to MySQL server during query';
    case 'mongodb':
      return 'MongoNetworkError: connection 4 to {target_ip}:27017 closed';
    case 'redis':
      return 'Connection reset by peer (redis://{target}:6379)';
    case 'memcached':
      return 'SERVER_ERROR temporary failure';
    case 'kafka':
      return 'KafkaError{code=REQUEST_TIMED_OUT,val=7,str="Broker: Request timed out"}';
    case 'rabbitmq':
      return 'CONNECTION_FORCED - broker forced connection closure with reason \'shutdown\'';
    case 'minio':
      return 'We encountered an internal error, please try again. (InternalError)';
    default:
      return 'connection reset by peer';
  }
}

/** The value a config key had at a past minute (the history of changes is kept, the initial values are not). */
export function configAt(world: WorldState, service: string, key: string, minute: number): string | number | boolean | undefined {
  for (const c of world.config_changes) if (c.service === service && c.key === key && c.minute > minute) return c.from;
  return findService(world, service)?.config[key];
}

/** The version a service ran at a past minute. */
export function versionAt(world: WorldState, svc: ServiceState, minute: number): string {
  for (const d of world.deploys) if (d.service === svc.name && d.minute > minute) return d.previous;
  return svc.version;
}
