import { fnv1a, mix, Rng } from '../../lib/index.js';
import { authorsOf } from '../baseline-config.js';
import type { ConfigValue, FaultState, WorldState } from '../state.js';
import { num, recordConfigChange, service, str } from '../world-access.js';
import type { Remedy } from './model.js';

/** A deterministic draw for one fault's change (independent of the order faults are installed in). */
export function changeRng(fault: FaultState, world: WorldState, what: string): Rng {
  return Rng.fromSeed(mix(world.seed, fnv1a(`${fault.id}\u0000${what}`)), 0xc4a9);
}

/**
 * Shared by faults whose cause is a configuration value. The key was on the service from the start (its
 * healthy value is `params.good`, taken from the service when it carries the key); the fault pushes
 * `params.bad` `params.lead` (default `lead`) minutes before onset, by an author drawn from the key's usual
 * authors unless `params.author` names one. With `params.unrecorded`, the value was set long before the change
 * history begins (a scheduled job switched on months ago): nothing in the history points at it.
 */
export function installConfigChange(fault: FaultState, world: WorldState, target: string, key: string, _author: string, lead = 2): void {
  const svc = service(world, target);
  const current = svc.config[key];
  if (current !== undefined && String(current) !== String(fault.params['bad'])) fault.params['good'] = current;
  if (fault.params['unrecorded'] === true) {
    svc.config[key] = fault.params['bad'] ?? '';
    return;
  }
  svc.config[key] = fault.params['good'] ?? '';
  const author = str(fault.params['author']) || changeRng(fault, world, 'author').pick(authorsOf(key));
  recordConfigChange(world, svc, key, fault.params['bad'] ?? '', fault.onset - num(fault.params['lead'], lead), author);
}

/** Whether `key` on `target` still differs from the good value. */
export function configChanged(fault: FaultState, world: WorldState, target: string, key: string): boolean {
  return String(service(world, target).config[key]) !== String(fault.params['good']);
}

export function restoreConfigRemedy(fault: FaultState, target: string, key: string): Remedy[] {
  return [{ service: target, fix: 'config_set', params: { key, value: fault.params['good'] as ConfigValue } }];
}
