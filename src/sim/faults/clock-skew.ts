import { num } from '../world-access.js';
import { changeRng, configChanged, installConfigChange, restoreConfigRemedy } from './config-change.js';
import type { FaultModel } from './model.js';

export const NTP_KEY = 'ntp.servers';

/** A host's time source was changed to a server that is minutes ahead: tokens and signatures fail time checks. */
export const clockSkew: FaultModel = {
  kind: 'clock_skew',
  accepted_labels: ['clock_skew', 'config_drift'],
  description: "A node's time source was switched to a server minutes ahead: tokens it issues are 'not yet valid' elsewhere and the timestamps it checks fall outside their windows, so authenticated requests fail.",
  defaults: { good: 'time.internal.corp', bad: 'pool.legacy-ntp.corp', skew_s: 420, error_rate: 0.45 },
  install(fault, world) {
    if (fault.params['bad'] === 'pool.legacy-ntp.corp') fault.params['bad'] = changeRng(fault, world, 'ntp').pick(['pool.legacy-ntp.corp', 'ntp.dmz.corp']);
    installConfigChange(fault, world, fault.service, NTP_KEY, 'config-mgmt', 5);
  },
  present: (fault, world) => configChanged(fault, world, fault.service, NTP_KEY),
  effects(fault, world, add) {
    if (world.minute < fault.onset || !this.present(fault, world)) return;
    add(fault.service, { error_rate: num(fault.params['error_rate'], 0.45), conditions: ['clock_ahead'] });
  },
  remedy: (fault) => restoreConfigRemedy(fault, fault.service, NTP_KEY),
  fixes: [{ fix: 'config_set', params: 'ntp.servers = the internal time source', effect: 'chrony steps the clock back; time checks pass' }],
  wrong_fixes: [
    { fix: 'restart', effect: 'no effect: the pods come back on the same node clock' },
    { fix: 'renew_certificate', effect: 'no effect: the new certificate is also "not yet valid" against the skewed clock' },
  ],
};
