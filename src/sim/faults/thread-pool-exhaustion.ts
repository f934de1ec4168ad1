import { num, service } from '../world-access.js';
import { configChanged, installConfigChange, restoreConfigRemedy } from './config-change.js';
import type { FaultModel } from './model.js';

export const MAX_THREADS_KEY = 'server.max_threads';

/**
 * Request threads run out while the CPU idles. As a root fault, a tuning change cut the server's thread
 * pool. As a sustaining fault (with a trigger), threads wedge on a failing dependency and stay stuck until
 * the process restarts.
 */
export const threadPoolExhaustion: FaultModel = {
  kind: 'thread_pool_exhaustion',
  accepted_labels: ['thread_pool_exhaustion', 'config_drift'],
  description: 'Every request thread is busy or stuck while the CPU idles: requests queue, time out and are rejected. Caused by a shrunken pool, or (sustaining) by threads wedged on a dependency that failed.',
  defaults: { good: 200, bad: 16, capacity_factor: 0.12 },
  install(fault, world) {
    if (fault.trigger) return;
    installConfigChange(fault, world, fault.service, MAX_THREADS_KEY, 'perf-tuning', 3);
  },
  present(fault, world) {
    if (fault.trigger) return fault.params['latched'] === true;
    return configChanged(fault, world, fault.service, MAX_THREADS_KEY);
  },
  effects(fault, world, add) {
    if (world.minute < fault.onset || !this.present(fault, world)) return;
    const svc = service(world, fault.service);
    add(fault.service, {
      capacity_factor: num(fault.params['capacity_factor'], 0.12),
      cpu_scale: 0.25,
      latency_extra_ms: svc.base_latency_ms * 30,
      conditions: [fault.trigger ? `threads_stuck:${String(fault.params['callee'] ?? '')}` : `threads_busy:${MAX_THREADS_KEY}`],
    });
  },
  remedy(fault) {
    if (fault.trigger) return [{ service: fault.service, fix: 'restart' }];
    return restoreConfigRemedy(fault, fault.service, MAX_THREADS_KEY);
  },
  clears: (fault, _world, target, fix) => target === fault.service && fix === 'restart',
  fixes: [
    { fix: 'config_set', params: 'server.max_threads = its previous value', effect: 'enough request threads again' },
    { fix: 'restart', params: 'after the dependency that wedged the threads is fixed', effect: 'stuck threads are gone' },
  ],
  wrong_fixes: [
    { fix: 'restart', effect: 'while the pool is still undersized or the dependency still fails: threads fill up again within minutes' },
    { fix: 'rollback', effect: 'no effect: the pool size is configuration, not code' },
  ],
};
