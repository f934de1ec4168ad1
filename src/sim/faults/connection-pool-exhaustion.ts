import { num, service } from '../world-access.js';
import type { FaultModel } from './model.js';
import { installBadRelease, rollbackRemedy, runsBadRelease } from './versioned.js';

/** A release stops returning connections on an error path: the pool drains until every request waits. */
export const connectionPoolExhaustion: FaultModel = {
  kind: 'connection_pool_exhaustion',
  accepted_labels: ['connection_pool_exhaustion', 'bad_deploy'],
  description: 'A release leaks database connections: the pool drains, requests wait for a slot and time out.',
  defaults: { leak_fraction_per_min: 0.09, deploy_lead: 25 },
  install(fault, world) {
    installBadRelease(fault, world);
    const svc = service(world, fault.service);
    svc.pool_leaked = svc.pool_size * svc.replicas * 0.55;
  },
  present: (fault, world) => runsBadRelease(fault, world),
  effects(fault, world, add) {
    if (world.minute < fault.onset || !runsBadRelease(fault, world)) return;
    const svc = service(world, fault.service);
    add(fault.service, { pool_leak: svc.pool_size * svc.replicas * num(fault.params['leak_fraction_per_min'], 0.09) });
  },
  remedy: (fault) => rollbackRemedy(fault),
  fixes: [{ fix: 'rollback', params: 'version = the release before the leak', effect: 'connections are returned; the pool recovers' }],
  wrong_fixes: [
    { fix: 'restart', effect: 'temporary relief: the pool is rebuilt, then leaks dry again' },
    { fix: 'scale', effect: 'temporary relief: new replicas bring fresh pools that leak too' },
  ],
};
