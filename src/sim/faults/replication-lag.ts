import { num, service } from '../world-access.js';
import { configChanged, installConfigChange, restoreConfigRemedy } from './config-change.js';
import type { FaultModel } from './model.js';

export const STANDBY_DELAY_KEY = 'hot_standby.max_standby_streaming_delay_s';

/**
 * A read replica stops replaying WAL while long reporting queries run on it (the standby was told to wait
 * for them forever): it falls further behind every minute, and reads routed to it return stale rows.
 */
export const replicationLag: FaultModel = {
  kind: 'replication_lag',
  accepted_labels: ['replication_lag', 'config_drift'],
  description: 'A read replica was set to wait indefinitely for conflicting queries, so long reporting queries pause WAL replay: the replica falls minutes behind and read-after-write requests fail on stale rows.',
  defaults: { good: 30, bad: -1, lag: 0, growth_s_per_min: 55, drain_s_per_min: 240 },
  install(fault, world) {
    installConfigChange(fault, world, fault.service, STANDBY_DELAY_KEY, 'dba-reporting', 20);
    fault.params['lag'] = num(fault.params['initial_lag_s'], 240);
  },
  present: (fault, world) => configChanged(fault, world, fault.service, STANDBY_DELAY_KEY),
  effects(fault, world, add) {
    const db = service(world, fault.service);
    const paused = this.present(fault, world) && world.minute >= db.statements_cancelled_until;
    const lag = Math.max(0, num(fault.params['lag'], 0) + (paused ? num(fault.params['growth_s_per_min'], 55) : -num(fault.params['drain_s_per_min'], 240)));
    fault.params['lag'] = lag;
    if (lag <= 0) return;
    add(fault.service, {
      replica_lag_s: lag,
      error_rate: lag > 20 ? Math.min(0.3, lag / 1500) : 0,
      conditions: paused ? ['replay_paused', 'stale_reads'] : lag > 20 ? ['stale_reads'] : [],
    });
  },
  remedy: (fault) => restoreConfigRemedy(fault, fault.service, STANDBY_DELAY_KEY),
  fixes: [{ fix: 'config_set', params: 'hot_standby.max_standby_streaming_delay_s = 30', effect: 'replay cancels conflicting reporting queries; the replica catches up within minutes' }],
  wrong_fixes: [
    { fix: 'kill_query', effect: 'temporary relief: replay resumes until the reporting job issues its next long query' },
    { fix: 'scale', effect: 'no effect: the new replica is cloned from the lagging one and serves the same stale rows' },
    { fix: 'restart', effect: 'no effect on the replica position; reads fail during the restart' },
  ],
};
