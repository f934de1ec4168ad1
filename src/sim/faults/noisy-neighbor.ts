import { str } from '../world-access.js';
import { configChanged, installConfigChange, restoreConfigRemedy } from './config-change.js';
import type { FaultModel } from './model.js';

export const CPU_LIMIT_KEY = 'resources.cpu_limit';

/** A batch workload lost its CPU limit and now starves a latency-sensitive service on the same nodes. */
export const noisyNeighbor: FaultModel = {
  kind: 'noisy_neighbor',
  accepted_labels: ['noisy_neighbor', 'config_drift'],
  description: "A co-located batch workload lost its CPU limit and saturates the shared nodes: a latency-sensitive service on them is throttled and slows down although its own load is normal.",
  defaults: { good: '2', bad: 'none', steal_pct: 72 },
  install(fault, world) {
    const origin = str(fault.params['origin']);
    if (!origin) throw new Error(`fault ${fault.id}: noisy_neighbor needs params.origin (the co-located batch service)`);
    installConfigChange(fault, world, origin, CPU_LIMIT_KEY, 'data-eng', 4);
  },
  present: (fault, world) => configChanged(fault, world, str(fault.params['origin']), CPU_LIMIT_KEY),
  effects(fault, world, add) {
    if (world.minute < fault.onset || !this.present(fault, world)) return;
    const origin = str(fault.params['origin']);
    add(origin, { cpu_scale: 2.4, conditions: ['unbounded_batch'] });
    add(fault.service, { cpu_extra: Number(fault.params['steal_pct'] ?? 72), latency_extra_ms: 35, conditions: [`cpu_contended:${origin}`] });
  },
  remedy: (fault) => restoreConfigRemedy(fault, str(fault.params['origin']), CPU_LIMIT_KEY),
  aliases: (fault) => [{ service: str(fault.params['origin']), fault: 'noisy_neighbor' }],
  fixes: [{ fix: 'config_set', params: 'resources.cpu_limit = its previous value on the batch service', effect: 'the batch work is capped; the shared nodes have headroom again' }],
  wrong_fixes: [
    { fix: 'restart', effect: 'no effect: the pods come back on the same crowded nodes' },
    { fix: 'rollback', effect: 'no effect: the service itself did not change' },
  ],
};
