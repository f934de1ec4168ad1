import { jvmOpts } from '../baseline-config.js';
import { service } from '../world-access.js';
import { configChanged, installConfigChange, restoreConfigRemedy } from './config-change.js';
import type { FaultModel } from './model.js';

export const JVM_OPTS_KEY = 'jvm.opts';

/** A "right-sizing" change shrinks a JVM heap: the collector runs back to back, pauses stall requests and burn CPU. */
export const gcPressure: FaultModel = {
  kind: 'gc_pressure',
  accepted_labels: ['gc_pressure', 'config_drift'],
  description: 'A JVM heap was shrunk below the live set: the collector runs back to back, stop-the-world pauses stall requests and GC threads burn the CPU.',
  defaults: { good: '-Xms2g -Xmx2g -XX:+UseG1GC', bad: '-Xms512m -Xmx512m -XX:+UseG1GC' },
  install(fault, world) {
    const svc = service(world, fault.service);
    // A quarter of the heap the service was sized with: below its live set.
    fault.params['bad'] = jvmOpts(svc.memory_limit_mb / 4);
    installConfigChange(fault, world, fault.service, JVM_OPTS_KEY, 'cost-rightsizing', 9);
  },
  present: (fault, world) => configChanged(fault, world, fault.service, JVM_OPTS_KEY),
  effects(fault, world, add) {
    if (world.minute < fault.onset || !this.present(fault, world)) return;
    const svc = service(world, fault.service);
    add(fault.service, { cpu_extra: 45, latency_extra_ms: svc.base_latency_ms * 22 + 150, error_rate: 0.03, conditions: [`gc_thrash:${JVM_OPTS_KEY}`] });
  },
  remedy: (fault) => restoreConfigRemedy(fault, fault.service, JVM_OPTS_KEY),
  fixes: [{ fix: 'config_set', params: 'jvm.opts = the previous heap settings', effect: 'the live set fits; collections become rare and short' }],
  wrong_fixes: [
    { fix: 'restart', effect: 'no effect: the JVM starts with the same heap and fills it within a minute' },
    { fix: 'rollback', effect: 'no effect: the heap flags are configuration, not the release' },
  ],
};
