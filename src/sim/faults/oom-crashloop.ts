import { num, service } from '../world-access.js';
import { configChanged, installConfigChange, restoreConfigRemedy } from './config-change.js';
import type { FaultModel } from './model.js';

export const MEMORY_LIMIT_KEY = 'resources.memory_limit_mb';

/**
 * A manifest change lowers a container's memory limit below the working set it reaches under load: every
 * replica is OOM-killed within minutes of starting, and the pods sit in crash-loop back-off.
 */
export const oomCrashloop: FaultModel = {
  kind: 'oom_crashloop',
  accepted_labels: ['oom_crashloop', 'config_drift'],
  description: "A manifest change lowered a container's memory limit below its working set under load: replicas are OOM-killed minutes after each start and sit in crash-loop back-off.",
  defaults: { error_rate: 0.12 },
  install(fault, world) {
    const svc = service(world, fault.service);
    fault.params['good'] ??= svc.memory_limit_mb;
    fault.params['bad'] ??= Math.ceil((svc.memory_base_mb * 1.15) / 64) * 64;
    installConfigChange(fault, world, fault.service, MEMORY_LIMIT_KEY, 'platform-terraform', 6);
  },
  present: (fault, world) => configChanged(fault, world, fault.service, MEMORY_LIMIT_KEY),
  effects(fault, world, add) {
    const svc = service(world, fault.service);
    // The kubelet applies the pod spec: the container limit follows the configured value.
    svc.memory_limit_mb = num(svc.config[MEMORY_LIMIT_KEY], svc.memory_limit_mb);
    if (!this.present(fault, world)) return;
    add(fault.service, {
      memory_growth_mb: Math.max(1, svc.memory_limit_mb - svc.memory_base_mb) * 0.6,
      capacity_factor: 0.6,
      error_rate: num(fault.params['error_rate'], 0.12),
      conditions: [`limit_kill:${MEMORY_LIMIT_KEY}`],
    });
  },
  remedy: (fault) => restoreConfigRemedy(fault, fault.service, MEMORY_LIMIT_KEY),
  fixes: [{ fix: 'config_set', params: 'resources.memory_limit_mb = its previous value', effect: 'the working set fits again; pods stay up' }],
  wrong_fixes: [
    { fix: 'restart', effect: 'no effect: fresh pods reach the same limit within two minutes' },
    { fix: 'scale', effect: 'no effect: every new replica is killed the same way' },
    { fix: 'rollback', effect: 'no effect: the limit is in the manifest, not the release' },
  ],
};
