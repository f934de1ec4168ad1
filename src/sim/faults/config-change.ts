import type { ConfigValue, FaultState, WorldState } from '../state.js';
import { recordConfigChange, service, str } from '../world-access.js';
import type { Remedy } from './model.js';

/**
 * Shared by faults whose cause is a configuration value: `params.good` is the value before the change,
 * `params.bad` the value pushed `lead` minutes before onset by `params.author`.
 */
export function installConfigChange(fault: FaultState, world: WorldState, target: string, key: string, author: string, lead = 2): void {
  const svc = service(world, target);
  svc.config[key] = fault.params['good'] ?? '';
  recordConfigChange(world, svc, key, fault.params['bad'] ?? '', fault.onset - lead, str(fault.params['author'], author));
}

/** Whether `key` on `target` still differs from the good value. */
export function configChanged(fault: FaultState, world: WorldState, target: string, key: string): boolean {
  return String(service(world, target).config[key]) !== String(fault.params['good']);
}

export function restoreConfigRemedy(fault: FaultState, target: string, key: string): Remedy[] {
  return [{ service: target, fix: 'config_set', params: { key, value: fault.params['good'] as ConfigValue } }];
}
