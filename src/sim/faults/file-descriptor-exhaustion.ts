import type { FaultState, WorldState } from '../state.js';
import { num, service } from '../world-access.js';
import type { FaultModel } from './model.js';
import { installBadRelease, rollbackRemedy, runsBadRelease } from './versioned.js';

export const NOFILE_KEY = 'ulimit.nofile';

/** Share of the descriptor limit in use: it climbs from each process start while the leaking release runs. */
function descriptorsUsed(fault: FaultState, world: WorldState): number {
  const svc = service(world, fault.service);
  const deployedAt = Math.max(...world.deploys.filter((d) => d.service === svc.name && d.version === fault.params['bad_version']).map((d) => d.minute), -1e4);
  const since = world.minute - Math.max(svc.started_at, deployedAt);
  return 0.08 + since / num(fault.params['fill_minutes'], 14);
}

/** A release stops closing sockets on an error path: open descriptors climb to the ulimit, then accept() and connect() fail. */
export const fileDescriptorExhaustion: FaultModel = {
  kind: 'file_descriptor_exhaustion',
  accepted_labels: ['file_descriptor_exhaustion', 'bad_deploy'],
  description: 'A release leaks sockets (response bodies never closed): open file descriptors climb to the process limit, then accepting and opening connections fails.',
  defaults: { fill_minutes: 14, error_rate: 0.55 },
  install(fault, world) {
    fault.params['deploy_lead'] = num(fault.params['fill_minutes'], 14);
    installBadRelease(fault, world);
    service(world, fault.service).config[NOFILE_KEY] ??= 65536;
  },
  present: (fault, world) => runsBadRelease(fault, world),
  effects(fault, world, add) {
    if (world.minute < fault.onset || !runsBadRelease(fault, world)) return;
    const used = descriptorsUsed(fault, world);
    if (used >= 1) add(fault.service, { error_rate: num(fault.params['error_rate'], 0.55), latency_extra_ms: 40, conditions: [`fd_limit:${NOFILE_KEY}`] });
    else if (used >= 0.75) add(fault.service, { conditions: [`fd_high:${NOFILE_KEY}`] });
  },
  remedy: (fault) => rollbackRemedy(fault),
  fixes: [{ fix: 'rollback', params: 'version = the release before the leak', effect: 'sockets are closed again; descriptor use stays flat' }],
  wrong_fixes: [
    { fix: 'restart', effect: 'temporary relief: descriptors are freed, then the leak reaches the limit again' },
    { fix: 'config_set', params: 'ulimit.nofile higher', example: { key: NOFILE_KEY, value: 131072 }, effect: 'no effect on the running processes; a higher limit only delays the next failure' },
  ],
};
