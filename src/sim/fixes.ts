import type { FixKind, FixParams } from '../contracts/index.js';
import { FIX_MINUTES } from './defaults.js';
import { CERT_NOT_AFTER_KEY, certNotAfter } from './baseline-config.js';
import { PROVIDER_ACTIVE_KEY, PROVIDER_STANDBY_KEY } from './faults/external-provider-outage.js';
import { FAULT_MODELS } from './faults/index.js';
import { pathCut, ZONE_WEIGHT_KEY } from './faults/network-partition.js';
import type { ConfigValue, FixOutcome, ServiceState, WorldState } from './state.js';
import { findService, recordConfigChange, recordDeploy } from './world-access.js';

export interface FixResult {
  ok: boolean;
  outcome: FixOutcome;
  /** What the operator sees (never which fault it addressed). */
  message: string;
  minutes: number;
  /** Set when the fix was rejected as malformed for this service. */
  error?: { code: 'INVALID_FIX' | 'UNKNOWN_SERVICE'; message: string };
}

/** Applies a remediation as an operation on world state. Time does not advance here. */
export function applyFix(world: WorldState, serviceName: string, fix: FixKind, params: FixParams = {}): FixResult {
  const svc = findService(world, serviceName);
  if (!svc) return reject('UNKNOWN_SERVICE', `No service is named '${serviceName}'.`);
  const m = world.minute;
  const presentBefore = world.faults.filter((f) => f.status === 'active' && FAULT_MODELS[f.kind].present(f, world)).map((f) => f.id);
  let message: string;
  let harmful = false;
  let changedSomething = true;
  /** A config_set that moved a real key to a value it did not have before the incident. */
  let configMovedAway = false;

  switch (fix) {
    case 'restart': {
      harmful = restart(world, svc);
      message = harmful
        ? `${svc.name} restarted but crash recovery failed; the service is down.`
        : `${svc.name}: rolling restart of ${svc.replicas} replicas started.`;
      break;
    }
    case 'rollback': {
      const version = params.version;
      if (version === undefined) return reject('INVALID_FIX', 'rollback needs params.version.');
      if (!svc.versions.includes(version)) return reject('INVALID_FIX', `${svc.name} has never run version '${version}'. Known versions: ${svc.versions.join(', ')}.`);
      if (version === svc.version) return reject('INVALID_FIX', `${svc.name} already runs ${version}.`);
      recordDeploy(world, svc, version, m, 'oncall', `rollback to ${version}`, 'rollback');
      freshProcesses(svc, m);
      svc.unavailable_until = m + 2;
      message = `${svc.name}: rolling back to ${version}.`;
      break;
    }
    case 'scale': {
      const replicas = params.replicas;
      if (replicas === undefined) return reject('INVALID_FIX', 'scale needs params.replicas.');
      if (replicas === 0) {
        world.invariants_broken.push(`${svc.name} scaled to zero replicas`);
        world.events.push({ minute: m, type: 'invariant_broken', service: svc.name, what: 'scaled to zero' });
        harmful = true;
      }
      message = `${svc.name}: scaled from ${svc.replicas} to ${replicas} replicas.`;
      changedSomething = replicas !== svc.replicas;
      svc.replicas = replicas;
      break;
    }
    case 'config_set': {
      const { key, value } = params;
      if (key === undefined || value === undefined) return reject('INVALID_FIX', 'config_set needs params.key and params.value.');
      if (!Object.hasOwn(svc.config, key)) return reject('INVALID_FIX', `${svc.name} has no config key '${key.slice(0, 64)}'; get_config lists its keys.`);
      changedSomething = String(svc.config[key]) !== String(value);
      configMovedAway = changedSomething && String(value) !== String(preIncidentValue(world, svc, key));
      recordConfigChange(world, svc, key, coerce(value, svc.config[key]), m, 'oncall');
      message = `${svc.name}: set ${key} = ${String(value)}.`;
      break;
    }
    case 'clear_disk': {
      if (svc.kind === 'database' || svc.kind === 'storage' || svc.kind === 'queue') {
        const freed = Math.max(0, svc.disk_used_gb - svc.disk_base_gb);
        changedSomething = freed > 1;
        svc.disk_used_gb = svc.disk_base_gb;
        message = `${svc.name}: removed archived WAL segments and expired backups, freed ${freed.toFixed(0)} GB.`;
      } else if (svc.disk_used_gb > svc.disk_base_gb * 1.3) {
        const freed = svc.disk_used_gb - svc.disk_base_gb;
        svc.disk_used_gb = svc.disk_base_gb;
        message = `${svc.name}: truncated and removed rotated log files, freed ${freed.toFixed(1)} GB.`;
      } else {
        changedSomething = false;
        message = `${svc.name}: nothing large to clear (${((100 * svc.disk_used_gb) / svc.disk_total_gb).toFixed(0)}% used).`;
      }
      break;
    }
    case 'renew_certificate': {
      changedSomething = svc.cert_expires_at < m + 30 * 1440;
      svc.cert_expires_at = m + 90 * 1440;
      svc.config[CERT_NOT_AFTER_KEY] = certNotAfter(world, svc.cert_expires_at);
      message = `${svc.name}: new certificate issued and loaded, valid for 90 days.`;
      break;
    }
    case 'kill_query': {
      if (svc.kind === 'database') {
        svc.statements_cancelled_until = m + 4;
        message = `${svc.name}: cancelled long-running statements.`;
      } else {
        changedSomething = false;
        message = `${svc.name} is not a database; no statements to cancel.`;
      }
      break;
    }
    case 'failover': {
      const standby = svc.config[PROVIDER_STANDBY_KEY];
      if (standby !== undefined) {
        const active = svc.config[PROVIDER_ACTIVE_KEY] ?? '';
        recordConfigChange(world, svc, PROVIDER_ACTIVE_KEY, standby, m, 'oncall');
        recordConfigChange(world, svc, PROVIDER_STANDBY_KEY, active, m, 'oncall');
        message = `${svc.name}: egress switched from ${String(active)} to ${String(standby)}.`;
      } else if (svc.config[ZONE_WEIGHT_KEY] !== undefined && pathCut(world, svc.name)) {
        // Every zonal service carries the weight; traffic moves only when a zone is actually cut off.
        recordConfigChange(world, svc, ZONE_WEIGHT_KEY, 0, m, 'oncall');
        message = `${svc.name}: traffic shifted away from zone b.`;
      } else if (svc.kind === 'database') {
        svc.down_until = m + 1;
        message = `${svc.name}: promoted the replica; writes paused during the switch.`;
      } else {
        changedSomething = false;
        message = `${svc.name}: no standby to fail over to.`;
      }
      break;
    }
    case 'flush_cache': {
      if (svc.kind === 'cache') {
        svc.memory_mb = svc.memory_base_mb * 0.3;
        message = `${svc.name}: FLUSHALL done; the cache is cold.`;
      } else {
        changedSomething = false;
        message = `${svc.name} is not a cache.`;
      }
      break;
    }
    case 'restore_network': {
      const cut = pathCut(world, svc.name);
      if (cut) {
        cut.params['path_cut'] = false;
        message = `${svc.name}: network path to zone b restored.`;
      } else {
        changedSomething = false;
        message = `${svc.name}: network paths check out; nothing to restore.`;
      }
      break;
    }
  }

  for (const f of world.faults) {
    if (f.trigger !== null && f.params['latched'] === true && FAULT_MODELS[f.kind].clears?.(f, world, svc.name, fix, params)) f.params['latched'] = false;
  }
  const presentAfter = new Set(world.faults.filter((f) => f.status === 'active' && FAULT_MODELS[f.kind].present(f, world)).map((f) => f.id));
  const triggerActive = (id: string) => {
    const f = world.faults.find((x) => x.id === id);
    return f?.trigger != null && world.faults.some((t) => t.id === f.trigger && t.status === 'active' && FAULT_MODELS[t.kind].present(t, world));
  };
  const resolvedNow = presentBefore.filter((id) => !presentAfter.has(id) && !triggerActive(id));
  const reliefOnly = presentBefore.some((id) => !presentAfter.has(id) && triggerActive(id));
  const touchesFault = world.faults.some((f) => f.status === 'active' && (f.service === svc.name || f.params['origin'] === svc.name));
  const settled = resolvedNow.length > 0 || reliefOnly;
  // Changing a setting to a value it never had, when that fixes nothing, is a production change with no reason.
  harmful ||= configMovedAway && !settled;
  const outcome: FixOutcome = harmful ? 'harmful' : resolvedNow.length > 0 ? 'resolved' : reliefOnly || (touchesFault && changedSomething) ? 'relieved' : 'no_effect';
  world.events.push({ minute: m, type: 'fix', service: svc.name, fix, params: { ...params } as Record<string, ConfigValue>, outcome, note: message });
  return { ok: true, outcome, message, minutes: FIX_MINUTES[fix] };
}

function restart(world: WorldState, svc: ServiceState): boolean {
  const m = world.minute;
  if ((svc.kind === 'database' || svc.kind === 'storage') && svc.write_reject > 0) {
    svc.down_until = m + 6;
    return true;
  }
  freshProcesses(svc, m);
  for (const e of world.edges) {
    if (e.from === svc.name && e.breaker_state !== 'closed') {
      e.breaker_state = 'closed';
      e.failing_minutes = 0;
      world.events.push({ minute: m, type: 'breaker', from: e.from, to: e.to, state: 'closed' });
    }
  }
  if (svc.kind === 'cache') svc.memory_mb = svc.memory_base_mb * 0.3;
  svc.unavailable_until = m + FIX_MINUTES.restart;
  return false;
}

function freshProcesses(svc: ServiceState, minute: number): void {
  svc.started_at = minute;
  if (svc.kind !== 'cache') svc.memory_mb = svc.memory_base_mb;
  svc.pool_leaked = 0;
  svc.backlog = 0;
}

/** The value a key had before anything in the change log touched it. */
function preIncidentValue(world: WorldState, svc: ServiceState, key: string): ConfigValue | undefined {
  const first = world.config_changes.find((c) => c.service === svc.name && c.key === key);
  return first ? first.from : svc.config[key];
}

function coerce(value: string | number | boolean, current: ConfigValue | undefined): ConfigValue {
  if (typeof current === 'number' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (typeof current === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function reject(code: 'INVALID_FIX' | 'UNKNOWN_SERVICE', message: string): FixResult {
  return { ok: false, outcome: 'rejected', message, minutes: 0, error: { code, message } };
}
