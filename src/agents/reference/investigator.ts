import type { Alert, AlertRole, FaultKind, FixKind, FixParams, NativeAction, Severity, StepResult } from '../../contracts/index.js';
import type { Agent } from '../agent.js';
import { type IncidentAccount, writePostmortem } from './postmortem-writer.js';
import { ScriptedAgent } from './scripted.js';
import { type Finding, needsRestart, readLines, readMetrics } from './symptoms.js';
import {
  ancestorsOf,
  descendantsOf,
  type ConfigView,
  type DeployView,
  firingAlerts,
  type HealthView,
  type LogLineView,
  type MetricView,
  minuteOf,
  observation,
  resultOf,
  type ServiceView,
  stepsLeft,
} from './view.js';

/** Minutes every service must look healthy before the investigator resolves (longer than any settle window). */
const HEALTHY_BEFORE_RESOLVE = 10;
/** Services investigated before giving up on finding more causes. */
const MAX_INVESTIGATIONS = 5;
/** Steps kept for the postmortem and the resolve. */
const RESERVE = 2;

interface Hypothesis {
  service: string;
  fault: FaultKind;
  /** For a slow query: the caller whose release issues it. */
  origin?: string;
  hint?: string;
}

interface Remedy {
  service: string;
  fix: FixKind;
  params?: FixParams;
}

type Gen<T> = Generator<NativeAction, T, StepResult>;

/**
 * The investigating baseline: walks the dependency graph from the alerts to the deepest unhealthy services, reads
 * their logs (then metrics, config and deploys when the logs are not specific), infers the fault from symptoms with
 * rules, applies the matching fix, then restarts whatever stays stuck, verifies, writes the postmortem and resolves.
 * It sees only observations.
 */
export function investigatorAgent(): Agent {
  return new ScriptedAgent('investigator', function* (_ctx, first): Gen<void> {
    let last = first;
    const pagedAt = minuteOf(first);
    const alerts = firingAlerts(first);
    last = yield { action_type: 'list_services' };
    const services = resultOf<{ services: ServiceView[] }>(last)?.services ?? [];
    const byName = new Map(services.map((s) => [s.name, s]));
    const unhealthy = (s: ServiceView) => s.health === 'degraded' || s.health === 'down';
    const isDeepest = (s: ServiceView) => unhealthy(s) && s.depends_on.every((d) => !byName.get(d) || !unhealthy(byName.get(d) as ServiceView));
    const alerted = new Set(alerts.map((a) => a.service));
    const queue = services.filter(isDeepest).sort((a, b) => Number(alerted.has(b.name)) - Number(alerted.has(a.name)));
    // When nothing looks unhealthy right now (a crash loop between crashes), start from the alerted services instead.
    const fallback = services.filter((s) => alerted.has(s.name) && !unhealthy(s)).reverse();

    // 1. Walk down to causes.
    const hypotheses: Hypothesis[] = [];
    const visited = new Set<string>();
    const explained = (name: string) => hypotheses.some((h) => h.service === name || ancestorsOf(services, h.service).has(name));
    while (visited.size < MAX_INVESTIGATIONS && stepsLeft(last) > 12) {
      if (queue.length === 0 && hypotheses.length === 0 && fallback.length > 0) queue.push(...fallback.splice(0));
      const svc = queue.shift();
      if (!svc) break;
      if (visited.has(svc.name) || explained(svc.name)) continue;
      visited.add(svc.name);
      last = yield { action_type: 'read_logs', service: svc.name, level: 'WARN', limit: 60 };
      let findings = readLines(svc.name, resultOf<{ lines: LogLineView[] }>(last)?.lines ?? []);
      if (findings.length === 0) {
        // A silent service may be failing its callers in ways only they log (TLS, DNS, network).
        const caller = services.find((c) => c.depends_on.includes(svc.name) && unhealthy(c));
        if (caller) {
          last = yield { action_type: 'read_logs', service: caller.name, level: 'ERROR', limit: 60 };
          findings = readLines(caller.name, resultOf<{ lines: LogLineView[] }>(last)?.lines ?? []).filter((f) => f.kind === 'fault' && f.service === svc.name);
        }
      }
      const fault = findings.find((f): f is Extract<Finding, { kind: 'fault' }> => f.kind === 'fault');
      if (fault) {
        hypotheses.push({ service: fault.service, fault: fault.fault, ...(fault.hint ? { hint: fault.hint } : {}) });
        continue;
      }
      const pointer = findings.find((f): f is Extract<Finding, { kind: 'points_to' }> => f.kind === 'points_to' && !visited.has(f.target));
      const next = pointer ? byName.get(pointer.target) : undefined;
      if (next) {
        queue.unshift(next);
        continue;
      }
      last = yield { action_type: 'query_metrics', service: svc.name };
      const fromMetrics = readMetrics(svc.name, resultOf<{ metrics: MetricView[] }>(last)?.metrics ?? []);
      if (fromMetrics) {
        hypotheses.push({ service: svc.name, fault: fromMetrics.fault });
        continue;
      }
      if (!unhealthy(svc)) continue;
      const fromChanges = yield* recentChange(svc.name, minuteOf(last));
      if (fromChanges) hypotheses.push(fromChanges);
    }

    // 2. Work out each fix from config and deploy history.
    const remedies: { hypothesis: Hypothesis; remedy: Remedy }[] = [];
    for (const h of hypotheses) {
      const r = yield* remedyFor(h, services);
      for (const remedy of r === null ? [] : Array.isArray(r) ? r : [r]) remedies.push({ hypothesis: h, remedy });
    }

    // 3. Claims, then remediation.
    // The claim names where the cause lives: the culprit when the symptoms point at a victim.
    for (const h of hypotheses) last = yield { action_type: 'diagnose', service: h.origin ?? h.service, fault: h.fault, evidence: `symptoms in ${h.service}` };
    const fixes: IncidentAccount['fixes'] = [];
    for (const { remedy } of remedies) {
      const minute = minuteOf(last);
      last = yield { action_type: 'apply_fix', service: remedy.service, fix: remedy.fix, ...(remedy.params ? { params: remedy.params } : {}) };
      if (resultOf(last)) fixes.push({ minute, ...remedy });
    }

    // 4. Triage while the fix takes hold (classifying takes no simulated time).
    const roots = new Set(hypotheses.map((h) => h.origin ?? h.service));
    const victims = hypotheses.flatMap((h) => (h.origin ? [h.service] : []));
    // Callers of a cause fail with it; callees suffer only when it overloads or backs them up, so count those only if
    // unhealthy or alerting.
    const blast = new Set([...victims, ...[...roots, ...victims].flatMap((r) => [...ancestorsOf(services, r), ...[...descendantsOf(services, r)].filter((d) => unhealthy(byName.get(d) as ServiceView) || alerted.has(d))])]);
    // Triage covers every alert of the first observation, the ones that cleared just before the page included.
    const shown = observation(first).alerts;
    if (shown.length > 0 && stepsLeft(last) > RESERVE + 4) {
      last = yield { action_type: 'classify_alerts', alerts: shown.map((a) => ({ alert_id: a.id, ...triage(a, roots, blast, byName) })) };
    }

    // 5. Stabilise: restart what stays stuck once the causes are gone, until everything has been healthy a while.
    const checked = new Set<string>();
    let verifiedAt: number | null = null;
    let sinceFix = 0;
    while (stepsLeft(last) > RESERVE + 1) {
      last = yield { action_type: 'verify_health' };
      const health = resultOf<HealthView>(last);
      if (!health) break;
      const status = new Map(health.services.map((s) => [s.name, s.health]));
      const sick = services.filter((s) => status.get(s.name) === 'degraded' || status.get(s.name) === 'down');
      if (sick.length === 0 && health.minutes_healthy >= HEALTHY_BEFORE_RESOLVE) {
        verifiedAt = minuteOf(last) - 1;
        break;
      }
      const stuck = sick.find((s) => s.depends_on.every((d) => status.get(d) !== 'degraded' && status.get(d) !== 'down') && !checked.has(s.name));
      if (stuck && sinceFix >= 1 && stepsLeft(last) > RESERVE + 3) {
        checked.add(stuck.name);
        last = yield { action_type: 'read_logs', service: stuck.name, level: 'WARN', limit: 30 };
        const lines = (resultOf<{ lines: LogLineView[] }>(last)?.lines ?? []).slice(-12);
        if (needsRestart(lines, (name) => status.get(name) === 'healthy')) {
          const minute = minuteOf(last);
          last = yield { action_type: 'apply_fix', service: stuck.name, fix: 'restart' };
          if (resultOf(last)) fixes.push({ minute, service: stuck.name, fix: 'restart' });
          sinceFix = 0;
          continue;
        }
      }
      sinceFix += 1;
      const wait = sick.length === 0 ? HEALTHY_BEFORE_RESOLVE - health.minutes_healthy : 3;
      last = yield { action_type: 'wait', minutes: Math.max(1, Math.min(60, wait)) };
    }

    const lastFix = fixes.at(-1);
    yield writePostmortem({
      roots: hypotheses.map((h) => ({ service: h.service, fault: h.fault, ...(h.origin ? { origin: h.origin } : {}) })),
      fixes,
      mitigatedAt: lastFix ? lastFix.minute + 1 : null,
      firstAlertAt: alerts.reduce<number | null>((m, a) => (m === null ? a.fired_at : Math.min(m, a.fired_at)), null),
      pagedAt,
      verifiedAt,
      impacted: [...blast].filter((s) => byName.get(s)?.health !== 'healthy'),
    });
    yield { action_type: 'resolve', summary: hypotheses.length > 0 ? `Mitigated ${hypotheses.map((h) => h.service).join(', ')}.` : 'No cause found.' };
  });
}

/** A configuration change or deploy on the service shortly before the incident, when nothing else explains it. */
function* recentChange(service: string, now: number): Gen<Hypothesis | null> {
  const config = resultOf<ConfigView>(yield { action_type: 'get_config', service });
  const expiry = Object.entries(config?.config ?? {}).find(([k, v]) => /cert.*expires/.test(k) && typeof v === 'number' && v <= now);
  if (expiry) return { service, fault: 'certificate_expired' };
  const change = config?.recent_changes.filter((c) => c.author !== 'oncall').at(-1);
  if (change && change.minutes_ago <= 180) return { service, fault: 'config_drift', hint: change.key };
  const deploys = resultOf<{ deploys: DeployView[] }>(yield { action_type: 'list_deploys', service })?.deploys ?? [];
  const deploy = deploys.filter((d) => d.kind === 'deploy').at(-1);
  if (deploy && deploy.minutes_ago <= 180) return { service, fault: 'bad_deploy' };
  return null;
}

function* remedyFor(h: Hypothesis, services: readonly ServiceView[]): Gen<Remedy | Remedy[] | null> {
  const svc = services.find((s) => s.name === h.service);
  const callers = services.filter((s) => s.depends_on.includes(h.service)).map((s) => s.name);
  switch (h.fault) {
    case 'oom_crashloop':
      return (yield* revertRecent(h.service, /memory_limit/)) ?? { service: h.service, fix: 'restart' };
    case 'thread_pool_exhaustion':
      // A shrunken pool is reverted; threads wedged on a dependency that has recovered are restarted.
      return (yield* revertRecent(h.service, /max_threads/)) ?? { service: h.service, fix: 'restart' };
    case 'gc_pressure':
      return yield* revertRecent(h.service, /jvm|heap|xmx/i);
    case 'replication_lag':
      return yield* revertRecent(h.service, /standby|replication/);
    case 'rate_limit_misconfig':
      return yield* revertRecent(h.service, /rate_?limit/);
    case 'clock_skew':
      return yield* revertRecent(h.service, /ntp|time/);
    case 'cache_stampede':
      return yield* revertRecent(h.service, /coalesc/);
    case 'bad_feature_flag':
      return yield* revertRecent(h.service, h.hint !== undefined ? new RegExp(`^${h.hint.replace(/\./g, '\\.')}$`) : /^flags\./);
    case 'autoscaler_misconfig':
      return yield* revertRecent(h.service, /autoscaling/);
    case 'packet_loss':
      return yield* revertRecent(h.service, /mtu/);
    case 'regex_cpu_blowup':
      return yield* revertRecent(h.service, /waf|ruleset/);
    case 'ephemeral_port_exhaustion':
      return yield* revertRecent(h.service, /keepalive/);
    case 'log_volume_disk_fill': {
      // Stop the growth first, then free the space; freeing it alone fills up again.
      const level = yield* revertRecent(h.service, /log/);
      return level ? [level, { service: h.service, fix: 'clear_disk' }] : { service: h.service, fix: 'clear_disk' };
    }
    case 'credential_rotation_failure':
      return { service: h.service, fix: 'restart' };
    case 'external_provider_outage':
      return { service: h.service, fix: 'failover' };
    case 'lock_contention':
    case 'noisy_neighbor': {
      // The cause is a change on another service: the one the logs name, else a caller that changed recently.
      const candidates = h.hint !== undefined ? [h.hint] : h.fault === 'lock_contention' ? callers : [];
      for (const origin of candidates.slice(0, 3)) {
        const revert = yield* revertRecent(origin, h.fault === 'noisy_neighbor' ? /cpu/ : /./);
        if (revert) {
          h.origin = origin;
          return revert;
        }
      }
      return null;
    }
    case 'hot_key': {
      // A key too hot for one shard is served from the readers' own memory.
      for (const reader of callers.slice(0, 4)) {
        const config = resultOf<ConfigView>(yield { action_type: 'get_config', service: reader });
        const key = Object.entries(config?.config ?? {}).find(([k, v]) => /near_cache/.test(k) && v === false)?.[0];
        if (key) {
          h.origin = reader;
          return { service: reader, fix: 'config_set', params: { key, value: true } };
        }
      }
      return null;
    }
    case 'disk_full':
      return { service: h.service, fix: 'clear_disk' };
    case 'certificate_expired':
      return { service: h.service, fix: 'renew_certificate' };
    case 'network_partition':
      return { service: h.service, fix: 'restore_network' };
    case 'cpu_saturation': {
      // A caller whose retry setting was just raised multiplies the load: fix the amplifier, not the capacity.
      for (const caller of services.filter((s) => s.depends_on.includes(h.service)).slice(0, 3)) {
        const config = resultOf<ConfigView>(yield { action_type: 'get_config', service: caller.name });
        const raised = config?.recent_changes.filter((c) => c.key === 'retry.max_attempts' && c.author !== 'oncall' && Number(c.to) > Number(c.from)).at(-1);
        if (raised) {
          h.service = caller.name;
          h.fault = 'retry_storm';
          return { service: caller.name, fix: 'config_set', params: { key: 'retry.max_attempts', value: raised.from } };
        }
      }
      return { service: h.service, fix: 'scale', params: { replicas: Math.min(100, 4 * (svc?.replicas ?? 2)) } };
    }
    case 'cache_eviction_oom': {
      const before = yield* previousValue(h.service, 'maxmemory-policy');
      return { service: h.service, fix: 'config_set', params: { key: 'maxmemory-policy', value: before !== undefined && before !== 'noeviction' ? before : 'allkeys-lru' } };
    }
    case 'dns_failure': {
      const before = yield* previousValue(h.service, 'dns.record');
      return before === undefined ? null : { service: h.service, fix: 'config_set', params: { key: 'dns.record', value: before } };
    }
    case 'config_drift': {
      const config = resultOf<ConfigView>(yield { action_type: 'get_config', service: h.service });
      const change = config?.recent_changes.filter((c) => c.author !== 'oncall' && (h.hint === undefined || c.key === h.hint)).at(-1);
      return change ? { service: h.service, fix: 'config_set', params: { key: change.key, value: change.from } } : null;
    }
    case 'retry_storm': {
      const before = yield* previousValue(h.service, 'retry.max_attempts');
      return before === undefined ? null : { service: h.service, fix: 'config_set', params: { key: 'retry.max_attempts', value: before } };
    }
    case 'slow_query': {
      // The query comes from a caller's release: the caller deployed most recently.
      const callers = services.filter((s) => s.depends_on.includes(h.service)).map((s) => s.name);
      const deploys = resultOf<{ deploys: DeployView[] }>(yield { action_type: 'list_deploys' })?.deploys ?? [];
      const suspect = deploys.filter((d) => d.kind === 'deploy' && callers.includes(d.service)).sort((a, b) => a.minutes_ago - b.minutes_ago)[0];
      if (!suspect) return null;
      h.origin = suspect.service;
      return { service: suspect.service, fix: 'rollback', params: { version: suspect.previous } };
    }
    case 'memory_leak': {
      // Replicas killed right after starting, with the memory limit just lowered: the limit, not a leak.
      const limit = yield* revertRecent(h.service, /memory_limit/);
      if (limit) {
        h.fault = 'oom_crashloop';
        return limit;
      }
      const deploys = resultOf<{ deploys: DeployView[] }>(yield { action_type: 'list_deploys', service: h.service })?.deploys ?? [];
      const deploy = deploys.filter((d) => d.kind === 'deploy').at(-1);
      return deploy ? { service: h.service, fix: 'rollback', params: { version: deploy.previous } } : { service: h.service, fix: 'restart' };
    }
    case 'file_descriptor_exhaustion':
    case 'queue_consumer_lag':
    case 'connection_pool_exhaustion':
    case 'bad_deploy': {
      const deploys = resultOf<{ deploys: DeployView[] }>(yield { action_type: 'list_deploys', service: h.service })?.deploys ?? [];
      const deploy = deploys.filter((d) => d.kind === 'deploy').at(-1);
      return deploy ? { service: h.service, fix: 'rollback', params: { version: deploy.previous } } : { service: h.service, fix: 'restart' };
    }
    default:
      return null;
  }
}

/** Reverts the most recent change (not made by on-call) of a key matching `key` on `service`, if there is one. */
function* revertRecent(service: string, key: RegExp): Gen<Remedy | null> {
  const config = resultOf<ConfigView>(yield { action_type: 'get_config', service });
  const change = config?.recent_changes.filter((c) => c.author !== 'oncall' && key.test(c.key)).at(-1);
  return change ? { service, fix: 'config_set', params: { key: change.key, value: change.from } } : null;
}

function* previousValue(service: string, key: string): Gen<string | number | boolean | undefined> {
  const config = resultOf<ConfigView>(yield { action_type: 'get_config', service });
  return config?.recent_changes.filter((c) => c.key === key && c.author !== 'oncall').at(-1)?.from;
}

/** Root-cause alerts sit on a cause; symptoms upstream of one; the rest is noise. Customer-facing ones are P1. */
/** The published triage rules, from the roles it inferred and the health list_services showed at the page. */
function triage(a: Alert, roots: ReadonlySet<string>, blast: ReadonlySet<string>, byName: ReadonlyMap<string, ServiceView>): { role: AlertRole; severity: Severity } {
  const role: AlertRole = roots.has(a.service) ? 'root_cause' : blast.has(a.service) ? 'symptom' : 'unrelated';
  if (role === 'unrelated') return { role, severity: 'P3' };
  const s = byName.get(a.service);
  const severity: Severity = !s || s.health === 'healthy' || s.health === 'unknown' ? 'P3' : s.health === 'down' || s.customer_facing ? 'P1' : 'P2';
  return { role, severity };
}
