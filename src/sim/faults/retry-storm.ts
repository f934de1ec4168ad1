import { num, service, str } from '../world-access.js';
import { installConfigChange } from './config-change.js';
import type { FaultModel } from './model.js';

export const RETRY_KEY = 'retry.max_attempts';

/**
 * Aggressive retries without backoff multiply load on a struggling dependency.
 * As a root fault, a client's retry setting was raised. As a sustaining fault (with a trigger), the
 * client's retry workers pile up while the trigger fails and keep spinning until the client is restarted.
 */
export const retryStorm: FaultModel = {
  kind: 'retry_storm',
  accepted_labels: ['retry_storm', 'config_drift'],
  description: 'Retries without backoff multiply load on a struggling dependency; the client burns CPU and the dependency saturates.',
  defaults: { attempts: 8, good_attempts: 3, amplification: 3.2 },
  install(fault, world) {
    const svc = service(world, fault.service);
    if (fault.trigger) return;
    fault.params['good'] = num(svc.config[RETRY_KEY], num(fault.params['good_attempts'], 3));
    fault.params['good_attempts'] = fault.params['good'];
    fault.params['bad'] = num(fault.params['attempts'], 8);
    installConfigChange(fault, world, fault.service, RETRY_KEY, 'svc-owner', 3);
  },
  present(fault, world) {
    if (fault.trigger) return fault.params['latched'] === true;
    return num(service(world, fault.service).config[RETRY_KEY], 0) > num(fault.params['good_attempts'], 3);
  },
  effects(fault, world, add) {
    if (world.minute < fault.onset || !this.present(fault, world)) return;
    const callee = str(fault.params['callee']);
    if (fault.trigger) {
      add(fault.service, { cpu_extra: 60, latency_extra_ms: 900, error_rate: 0.08, conditions: [`retry_backlog:${callee}`] });
    } else {
      add(fault.service, { amplification: num(fault.params['amplification'], 3.2), amplify_target: callee, conditions: [`retrying:${callee}`] });
    }
  },
  remedy(fault) {
    if (fault.trigger) return [{ service: fault.service, fix: 'restart' }];
    return [{ service: fault.service, fix: 'config_set', params: { key: RETRY_KEY, value: num(fault.params['good_attempts'], 3) } }];
  },
  clears(fault, _world, service, fix, params) {
    if (service !== fault.service) return false;
    if (fix === 'restart') return true;
    return fix === 'config_set' && params.key === RETRY_KEY && Number(params.value) <= num(fault.params['good_attempts'], 3);
  },
  fixes: [
    { fix: 'config_set', params: 'retry.max_attempts ≤ 3 on the client', effect: 'load on the dependency returns to normal' },
    { fix: 'restart', params: 'on the client, after its trigger is fixed', effect: 'clears the piled-up retry workers' },
  ],
  wrong_fixes: [
    { fix: 'scale', params: 'the dependency', on: 'callee', effect: 'temporary relief on the dependency; the amplification remains' },
    { fix: 'restart', effect: 'before the trigger is fixed: the retries pile up again within minutes' },
  ],
};
