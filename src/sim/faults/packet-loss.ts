import { num, service } from '../world-access.js';
import { configChanged, installConfigChange, restoreConfigRemedy } from './config-change.js';
import type { FaultModel } from './model.js';
import { METRIC_INDEX } from '../state.js';

export const MTU_KEY = 'network.mtu';

/** Jumbo frames were enabled on a service's nodes but not on the path: large packets vanish, connections stall and retransmit. */
export const packetLoss: FaultModel = {
  kind: 'packet_loss',
  accepted_labels: ['packet_loss', 'config_drift'],
  description: "A network change (jumbo-frame MTU on a path that does not carry it) makes a service's larger packets vanish: connections stall, retransmit and time out intermittently.",
  defaults: { good: 1500, bad: 9001, drop: 0.14 },
  install(fault, world) {
    installConfigChange(fault, world, fault.service, MTU_KEY, 'netops', 3);
  },
  present: (fault, world) => configChanged(fault, world, fault.service, MTU_KEY),
  effects(fault, world, add) {
    if (world.minute < fault.onset || !this.present(fault, world)) return;
    const svc = service(world, fault.service);
    // Stalled transfers wait for retransmission timeouts; some responses never complete.
    const usual = svc.baseline[METRIC_INDEX.latency_p50_ms] ?? svc.base_latency_ms;
    add(fault.service, { unreachable: num(fault.params['drop'], 0.14), unreachable_reason: 'network', error_rate: 0.06, latency_extra_ms: 220 + 2.5 * usual, conditions: [`retransmits:${MTU_KEY}`] });
  },
  remedy: (fault) => restoreConfigRemedy(fault, fault.service, MTU_KEY),
  fixes: [{ fix: 'config_set', params: 'network.mtu = 1500', effect: 'packets fit the path again; retransmits stop' }],
  wrong_fixes: [
    { fix: 'restart', effect: 'no effect: the pods come back with the same interface MTU' },
    { fix: 'restore_network', effect: 'no effect: every route is up; the packets are dropped on the way' },
  ],
};
