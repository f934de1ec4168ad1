import type { FaultState, WorldState } from '../state.js';
import { num, service } from '../world-access.js';
import { configChanged, installConfigChange } from './config-change.js';
import type { FaultModel } from './model.js';

export const ZONE_WEIGHT_KEY = 'traffic.zone_b_weight';
export const NETWORK_POLICY_KEY = 'network.policy_revision';

/** The active partition cutting callers off from `name`'s zone-b replicas, if any (sim state, never config). */
export function pathCut(world: WorldState, name: string): FaultState | undefined {
  return world.faults.find((f) => f.kind === 'network_partition' && f.service === name && f.params['path_cut'] === true);
}

/**
 * Callers can no longer reach the replicas in one zone. Either a network-policy revision dropped the rule that
 * lets them in (`params.via_policy`), or the link between the zones failed on its own, with no change at all.
 */
export const networkPartition: FaultModel = {
  kind: 'network_partition',
  accepted_labels: ['network_partition'],
  description: "A network partition cuts callers off from the replicas in one zone: a share of calls fail to connect.",
  defaults: { fraction: 0.5, via_policy: false },
  install(fault, world, rng) {
    fault.params['path_cut'] = true;
    const svc = service(world, fault.service);
    svc.config[ZONE_WEIGHT_KEY] ??= 50;
    if (fault.params['via_policy'] === true) {
      const current = String(svc.config[NETWORK_POLICY_KEY] ?? 'r100');
      fault.params['good'] = current;
      fault.params['bad'] ??= `r${Number(current.slice(1)) + rng.int(1, 3)}`;
      installConfigChange(fault, world, fault.service, NETWORK_POLICY_KEY, 'netops', 3);
    }
  },
  present(fault, world) {
    const svc = service(world, fault.service);
    const policy = fault.params['via_policy'] !== true || configChanged(fault, world, fault.service, NETWORK_POLICY_KEY);
    return world.minute >= fault.onset && fault.params['path_cut'] === true && policy && num(svc.config[ZONE_WEIGHT_KEY], 50) > 0;
  },
  effects(fault, world, add) {
    const svc = service(world, fault.service);
    if (this.present(fault, world)) add(fault.service, { unreachable: num(fault.params['fraction'], 0.5), unreachable_reason: 'network' });
    else if (num(svc.config[ZONE_WEIGHT_KEY], 50) === 0) add(fault.service, { capacity_factor: 0.5 });
  },
  remedy: (fault) => [{ service: fault.service, fix: 'restore_network' }],
  fixes: [
    { fix: 'restore_network', effect: 'the zone is reachable again' },
    { fix: 'failover', effect: 'traffic leaves the cut-off zone; half the capacity remains, so the service may need scaling' },
  ],
  wrong_fixes: [
    { fix: 'restart', effect: 'no effect: the replicas are healthy, the path to them is not' },
    { fix: 'rollback', effect: 'no effect' },
  ],
};
