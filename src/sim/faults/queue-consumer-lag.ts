import type { ServiceState } from '../state.js';
import { num, service, str } from '../world-access.js';
import type { FaultModel } from './model.js';
import { installBadRelease, rollbackRemedy, runsBadRelease } from './versioned.js';

/** Messages per second a consumer service drains at full speed (partitions cap how many replicas consume). */
function drainRate(svc: ServiceState, partitions: number): number {
  return Math.min(svc.replicas_up, partitions) * svc.capacity_rps * 0.9;
}

/**
 * A consumer release makes per-message work slower (a call per message that used to be batched): consumers
 * drain below the publish rate, the backlog grows, and downstream data goes stale until the backlog drains.
 */
export const queueConsumerLag: FaultModel = {
  kind: 'queue_consumer_lag',
  accepted_labels: ['queue_consumer_lag', 'bad_deploy'],
  description: 'A consumer release slows per-message work below the publish rate: the queue backlog grows and downstream data goes stale; after the fix the backlog has to drain.',
  defaults: { rate_factor: 0.4, deploy_lead: 4, lag: 0, stale_after_s: 60 },
  install(fault, world) {
    if (!str(fault.params['queue'])) throw new Error(`fault ${fault.id}: queue_consumer_lag needs params.queue (the queue the service consumes)`);
    installBadRelease(fault, world);
    const svc = service(world, fault.service);
    fault.params['partitions'] ??= svc.replicas;
  },
  present: (fault, world) => runsBadRelease(fault, world),
  effects(fault, world, add) {
    const svc = service(world, fault.service);
    const queue = str(fault.params['queue']);
    const incoming = Math.max(1, svc.demand_rps);
    const bad = runsBadRelease(fault, world);
    const rate = bad ? incoming * num(fault.params['rate_factor'], 0.4) : drainRate(svc, num(fault.params['partitions'], svc.replicas));
    const lag = Math.max(0, num(fault.params['lag'], 0) + (incoming - rate) * 60);
    fault.params['lag'] = Math.round(lag);
    const ageSeconds = lag / incoming;
    const stale = ageSeconds > num(fault.params['stale_after_s'], 60);
    if (bad) add(fault.service, { cpu_extra: 15, latency_extra_ms: svc.base_latency_ms * 6, conditions: [`consumer_slow:${queue}`] });
    if (lag > 0) add(queue, { queue_depth: lag, conditions: [`backlog:${fault.service}`] });
    if (stale) add(fault.service, { latency_extra_ms: Math.min(60_000, ageSeconds * 250), conditions: [`stale_messages:${queue}`] });
  },
  remedy: (fault) => rollbackRemedy(fault),
  fixes: [{ fix: 'rollback', params: 'version = the consumer release before the slowdown', effect: 'consumers outpace publishers; the backlog drains in minutes' }],
  wrong_fixes: [
    { fix: 'scale', effect: 'no effect: the consumer group already has one member per partition; extra consumers sit idle' },
    { fix: 'restart', effect: 'no effect: the same release resumes, and the rebalance pauses consumption' },
  ],
};
