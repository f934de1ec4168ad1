import { num, service, str } from '../world-access.js';
import type { FaultModel } from './model.js';

export const PROVIDER_ACTIVE_KEY = 'provider.active';
export const PROVIDER_STANDBY_KEY = 'provider.standby';

/** A third-party provider has an outage: calls to it fail or hang until traffic moves to the standby provider. */
export const externalProviderOutage: FaultModel = {
  kind: 'external_provider_outage',
  accepted_labels: ['external_provider_outage'],
  description: 'A third-party provider (payments, SMS, maps…) has an outage: its API returns 5xx or hangs. Nothing on our side is broken; traffic must move to the standby provider.',
  defaults: { primary: 'provider-a', standby: 'provider-b', error_rate: 0.75 },
  install(fault, world) {
    const svc = service(world, fault.service);
    fault.params['primary'] = str(svc.config[PROVIDER_ACTIVE_KEY], str(fault.params['primary'], 'provider-a'));
    fault.params['standby'] = str(svc.config[PROVIDER_STANDBY_KEY], str(fault.params['standby'], 'provider-b'));
    svc.config[PROVIDER_ACTIVE_KEY] = fault.params['primary'];
    svc.config[PROVIDER_STANDBY_KEY] = fault.params['standby'];
  },
  present(fault, world) {
    return world.minute >= fault.onset && service(world, fault.service).config[PROVIDER_ACTIVE_KEY] === str(fault.params['primary'], 'provider-a');
  },
  effects(fault, world, add) {
    if (!this.present(fault, world)) return;
    add(fault.service, { error_rate: num(fault.params['error_rate'], 0.75), latency_extra_ms: 2500, conditions: [`provider_down:${PROVIDER_ACTIVE_KEY}`] });
  },
  remedy: (fault) => [{ service: fault.service, fix: 'failover' }],
  fixes: [
    { fix: 'failover', effect: 'egress switches to the standby provider' },
    { fix: 'config_set', params: 'provider.active = the standby provider', effect: 'the same, by hand' },
  ],
  wrong_fixes: [
    { fix: 'restart', effect: 'no effect: the provider is still down' },
    { fix: 'scale', effect: 'no effect: more connections to a provider that is down' },
  ],
};
