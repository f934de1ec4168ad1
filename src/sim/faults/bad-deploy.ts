import { num } from '../world-access.js';
import type { FaultModel } from './model.js';
import { installBadRelease, rollbackRemedy, runsBadRelease } from './versioned.js';

/** A release throws on a common code path: a share of requests fail with 500s. */
export const badDeploy: FaultModel = {
  kind: 'bad_deploy',
  accepted_labels: ['bad_deploy'],
  description: 'A release throws on a common code path: a share of its requests fail with HTTP 500.',
  defaults: { error_rate: 0.35, deploy_lead: 6 },
  install: (fault, world) => installBadRelease(fault, world),
  present: (fault, world) => runsBadRelease(fault, world),
  effects(fault, world, add) {
    if (world.minute < fault.onset || !runsBadRelease(fault, world)) return;
    add(fault.service, { error_rate: num(fault.params['error_rate'], 0.35), conditions: ['exception'] });
  },
  remedy: (fault) => rollbackRemedy(fault),
  fixes: [{ fix: 'rollback', params: 'version = the previous release', effect: 'the failing code path is gone' }],
  wrong_fixes: [
    { fix: 'restart', effect: 'no effect: the same release starts again' },
    { fix: 'scale', effect: 'no effect: more replicas of the same release' },
  ],
};
