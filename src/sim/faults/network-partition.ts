import { num, service } from '../world-access.js';
import type { FaultModel } from './model.js';

export const ZONE_REACHABLE_KEY = 'network.zone_b_reachable';
export const ZONE_WEIGHT_KEY = 'traffic.zone_b_weight';

/** Half of a service's replicas sit in a zone that callers can no longer reach. */
export const networkPartition: FaultModel = {
  kind: 'network_partition',
  accepted_labels: ['network_partition'],
  description: "A network partition cuts callers off from the replicas in one zone: a share of calls fail to connect.",
  defaults: { fraction: 0.5 },
  install(fault, world) {
    const svc = service(world, fault.service);
    svc.config[ZONE_WEIGHT_KEY] = 50;
    svc.config[ZONE_REACHABLE_KEY] = false;
  },
  present(fault, world) {
    const svc = service(world, fault.service);
    return world.minute >= fault.onset && svc.config[ZONE_REACHABLE_KEY] !== true && num(svc.config[ZONE_WEIGHT_KEY], 50) > 0;
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
