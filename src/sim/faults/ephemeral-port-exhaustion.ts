import { num, service, str } from '../world-access.js';
import { configChanged, installConfigChange, restoreConfigRemedy } from './config-change.js';
import type { FaultModel } from './model.js';

export const KEEPALIVE_KEY = 'http.client.keepalive';

/**
 * Keep-alive was disabled on a service's HTTP client: every outbound call opens a new connection, closed
 * sockets linger in TIME_WAIT, and within minutes of a process start the local port range is used up.
 */
export const ephemeralPortExhaustion: FaultModel = {
  kind: 'ephemeral_port_exhaustion',
  accepted_labels: ['ephemeral_port_exhaustion', 'config_drift'],
  description: "Keep-alive was turned off on a service's HTTP client: each call opens a new connection, closed sockets linger in TIME_WAIT, and the local port range runs out minutes after every start.",
  defaults: { good: true, bad: false, fill_minutes: 3, error_rate: 0.45 },
  install(fault, world) {
    if (!str(fault.params['callee'])) throw new Error(`fault ${fault.id}: ephemeral_port_exhaustion needs params.callee (the service it calls)`);
    installConfigChange(fault, world, fault.service, KEEPALIVE_KEY, 'svc-owner', 8);
  },
  present: (fault, world) => configChanged(fault, world, fault.service, KEEPALIVE_KEY),
  effects(fault, world, add) {
    if (world.minute < fault.onset || !this.present(fault, world)) return;
    const svc = service(world, fault.service);
    const since = world.minute - Math.max(svc.started_at, fault.onset - 8);
    const used = since / num(fault.params['fill_minutes'], 3);
    const callee = str(fault.params['callee']);
    if (used >= 1) add(fault.service, { error_rate: num(fault.params['error_rate'], 0.45), latency_extra_ms: 30, conditions: [`ports_exhausted:${callee}`] });
    else add(fault.service, { conditions: [`new_connections:${callee}`] });
  },
  remedy: (fault) => restoreConfigRemedy(fault, fault.service, KEEPALIVE_KEY),
  fixes: [{ fix: 'config_set', params: 'http.client.keepalive = true', effect: 'connections are reused; TIME_WAIT drains' }],
  wrong_fixes: [
    { fix: 'restart', effect: 'temporary relief: the new pods exhaust their port range again within minutes' },
    { fix: 'scale', params: 'the callee', on: 'callee', effect: 'no effect: the ports run out on the caller' },
  ],
};
