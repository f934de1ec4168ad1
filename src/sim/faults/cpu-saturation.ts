import { num } from '../world-access.js';
import { service } from '../world-access.js';
import type { FaultModel } from './model.js';

/** Work per request outgrows the replicas (a heavier request mix from a new client): CPU pegged, requests queue. */
export const cpuSaturation: FaultModel = {
  kind: 'cpu_saturation',
  accepted_labels: ['cpu_saturation'],
  description: 'Work per request outgrows the replicas (a heavier request mix): CPU pegged at 100%, requests queue and time out upstream.',
  defaults: { demand_factor: 2.4 },
  install(fault, world) {
    const svc = service(world, fault.service);
    const factor = num(fault.params['demand_factor'], 2.4);
    fault.params['demand_factor'] = factor;
    fault.params['required_replicas'] = Math.ceil(svc.replicas * factor * 1.25);
  },
  present(fault, world) {
    return service(world, fault.service).replicas < num(fault.params['required_replicas'], 1);
  },
  effects(fault, world, add) {
    if (world.minute >= fault.onset) add(fault.service, { capacity_factor: 1 / num(fault.params['demand_factor'], 2.4), conditions: ['surge'] });
  },
  remedy(fault) {
    return [{ service: fault.service, fix: 'scale', params: { replicas: num(fault.params['required_replicas'], 4) } }];
  },
  fixes: [{ fix: 'scale', params: 'replicas ≥ demand / per-replica capacity', effect: 'enough capacity: CPU and latency return to normal' }],
  wrong_fixes: [
    { fix: 'restart', effect: 'replicas restart one at a time, so capacity drops further for a minute' },
    { fix: 'rollback', effect: 'no effect: the code is not the problem' },
  ],
};
