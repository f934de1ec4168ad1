import { service } from '../world-access.js';
import { installConfigChange } from './config-change.js';
import type { FaultModel } from './model.js';

export const DNS_KEY = 'dns.record';

/** A service's DNS record was changed to an address nothing answers at: callers cannot resolve or reach it. */
export const dnsFailure: FaultModel = {
  kind: 'dns_failure',
  accepted_labels: ['dns_failure', 'config_drift'],
  description: "A service's DNS record was pushed with a wrong target: callers' lookups fail (NXDOMAIN/SERVFAIL), every call errors.",
  defaults: { good: '10.20.4.17', bad: '10.20.44.17' },
  install(fault, world) {
    const current = service(world, fault.service).config[DNS_KEY];
    // The record points one octet away: an address nothing answers at.
    if (typeof current === 'string') fault.params['bad'] = current.replace(/^(\d+\.\d+)\.(\d+)/, (_, ab: string, c: string) => `${ab}.${(Number(c) + 40) % 250}`);
    installConfigChange(fault, world, fault.service, DNS_KEY, 'dns-automation', 1);
  },
  present(fault, world) {
    return String(service(world, fault.service).config[DNS_KEY]) !== String(fault.params['good']);
  },
  effects(fault, world, add) {
    if (this.present(fault, world)) add(fault.service, { unreachable: 1, unreachable_reason: 'dns' });
  },
  remedy: (fault) => [{ service: fault.service, fix: 'config_set', params: { key: DNS_KEY, value: String(fault.params['good']) } }],
  fixes: [{ fix: 'config_set', params: 'dns.record = its previous value', effect: 'lookups resolve to the live address again' }],
  wrong_fixes: [
    { fix: 'restart', effect: 'no effect on the service; callers still resolve the wrong address' },
    { fix: 'scale', effect: 'no effect: nothing reaches the new replicas either' },
  ],
};
