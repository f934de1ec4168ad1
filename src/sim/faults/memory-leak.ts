import { num, service } from '../world-access.js';
import type { FaultModel } from './model.js';
import { installBadRelease, rollbackRemedy, runsBadRelease } from './versioned.js';

/** A release leaks heap: memory climbs every minute until the OOM killer restarts the process, then again. */
export const memoryLeak: FaultModel = {
  kind: 'memory_leak',
  accepted_labels: ['memory_leak', 'bad_deploy'],
  description: 'A release leaks memory: heap grows each minute, GC pauses lengthen, the OOM killer restarts replicas in a loop.',
  defaults: { leak_fraction_per_min: 0.035, deploy_lead: 40 },
  install(fault, world) {
    installBadRelease(fault, world);
    const svc = service(world, fault.service);
    svc.memory_mb = svc.memory_limit_mb * 0.78;
  },
  present: (fault, world) => runsBadRelease(fault, world),
  effects(fault, world, add) {
    if (world.minute < fault.onset || !runsBadRelease(fault, world)) return;
    const svc = service(world, fault.service);
    add(fault.service, { memory_growth_mb: svc.memory_limit_mb * num(fault.params['leak_fraction_per_min'], 0.035) });
  },
  remedy: (fault) => rollbackRemedy(fault),
  fixes: [{ fix: 'rollback', params: 'version = the release before the leak', effect: 'the leak is gone; memory returns to baseline' }],
  wrong_fixes: [
    { fix: 'restart', effect: 'temporary relief: memory drops, then climbs back to the limit' },
    { fix: 'scale', effect: 'no effect: every new replica leaks too' },
  ],
};
