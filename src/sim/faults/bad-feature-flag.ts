import { num, str } from '../world-access.js';
import { configChanged, installConfigChange, restoreConfigRemedy } from './config-change.js';
import type { FaultModel } from './model.js';

/** A feature flag switched on for everyone enables a code path that fails on real traffic. */
export const badFeatureFlag: FaultModel = {
  kind: 'bad_feature_flag',
  accepted_labels: ['bad_feature_flag', 'config_drift'],
  description: 'A feature flag was switched on for all users and enables a code path that fails on real traffic; the code shipped releases ago, dark.',
  defaults: { flag: 'flags.pricing_engine_v2', good: false, bad: true, error_rate: 0.42 },
  install(fault, world) {
    installConfigChange(fault, world, fault.service, str(fault.params['flag'], 'flags.pricing_engine_v2'), 'flagd-ui', 1);
  },
  present: (fault, world) => configChanged(fault, world, fault.service, str(fault.params['flag'])),
  effects(fault, world, add) {
    if (world.minute < fault.onset || !this.present(fault, world)) return;
    add(fault.service, { error_rate: num(fault.params['error_rate'], 0.42), conditions: [`flagged_path:${str(fault.params['flag'])}`] });
  },
  remedy: (fault) => restoreConfigRemedy(fault, fault.service, str(fault.params['flag'])),
  fixes: [{ fix: 'config_set', params: 'the flag = false', effect: 'requests take the old code path again' }],
  wrong_fixes: [
    { fix: 'rollback', effect: 'no effect: the flagged code shipped several releases ago, so the previous release has it too' },
    { fix: 'restart', effect: 'no effect: the flag is read from the flag service on every request' },
  ],
};
