import { num, service, str } from '../world-access.js';
import { installConfigChange } from './config-change.js';
import type { FaultModel } from './model.js';

/** A configuration value was changed outside the release process and breaks a code path. */
export const configDrift: FaultModel = {
  kind: 'config_drift',
  accepted_labels: ['config_drift'],
  description: 'A configuration value changed outside the release process (wrong endpoint, flipped flag): requests fail.',
  defaults: { key: 'payments.endpoint', good: 'https://payments.internal:8443', bad: 'https://payments-staging.internal:8443', error_rate: 0.6 },
  install(fault, world) {
    installConfigChange(fault, world, fault.service, str(fault.params['key'], 'payments.endpoint'), 'config-sync', 1);
  },
  present(fault, world) {
    const svc = service(world, fault.service);
    return String(svc.config[str(fault.params['key'])]) !== String(fault.params['good']);
  },
  effects(fault, world, add) {
    if (world.minute < fault.onset || !this.present(fault, world)) return;
    add(fault.service, { error_rate: num(fault.params['error_rate'], 0.6), conditions: [`config_error:${str(fault.params['key'])}`] });
  },
  remedy: (fault) => [{ service: fault.service, fix: 'config_set', params: { key: str(fault.params['key']), value: fault.params['good'] ?? '' } }],
  fixes: [{ fix: 'config_set', params: 'key = the drifted key, value = its previous value', effect: 'the code path works again' }],
  wrong_fixes: [
    { fix: 'restart', effect: 'no effect: the process reloads the same configuration' },
    { fix: 'rollback', effect: 'no effect: configuration is not part of the release' },
  ],
};
