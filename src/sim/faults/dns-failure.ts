import { recordConfigChange, service, str } from '../world-access.js';
import type { FaultModel } from './model.js';

export const DNS_KEY = 'dns.record';

/** A service's DNS record was changed to an address nothing answers at: callers cannot resolve or reach it. */
export const dnsFailure: FaultModel = {
  kind: 'dns_failure',
  accepted_labels: ['dns_failure', 'config_drift'],
  description: "A service's DNS record was pushed with a wrong target: callers' lookups fail (NXDOMAIN/SERVFAIL), every call errors.",
  defaults: { good: '10.20.4.17', bad: '10.20.44.17', author: 'dns-automation' },
  install(fault, world) {
    const svc = service(world, fault.service);
    svc.config[DNS_KEY] = fault.params['good'] ?? '10.20.4.17';
    recordConfigChange(world, svc, DNS_KEY, fault.params['bad'] ?? '10.20.44.17', fault.onset - 1, str(fault.params['author'], 'dns-automation'));
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
