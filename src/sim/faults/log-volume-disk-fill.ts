import { num, service } from '../world-access.js';
import { configChanged, installConfigChange } from './config-change.js';
import type { FaultModel } from './model.js';

export const LOG_LEVEL_KEY = 'logging.level';

/**
 * Debug logging was left on: request and response bodies go to the node-local log volume, which fills; writes
 * fail and the kubelet evicts pods. Freeing space only helps once the log level is back to normal.
 */
export const logVolumeDiskFill: FaultModel = {
  kind: 'log_volume_disk_fill',
  accepted_labels: ['log_volume_disk_fill', 'config_drift'],
  description: 'Debug logging was left on and fills the node-local log volume: writes fail with "No space left on device" and pods are evicted. Lowering the level stops the growth; the space must also be freed.',
  defaults: { good: 'INFO', bad: 'DEBUG', growth_gb_per_min: 1.3, error_rate: 0.5 },
  install(fault, world) {
    installConfigChange(fault, world, fault.service, LOG_LEVEL_KEY, 'dev-oncall', 45);
    const svc = service(world, fault.service);
    svc.disk_used_gb = svc.disk_total_gb * 0.965;
  },
  present(fault, world) {
    const svc = service(world, fault.service);
    return configChanged(fault, world, fault.service, LOG_LEVEL_KEY) || svc.disk_used_gb / svc.disk_total_gb >= 0.95;
  },
  effects(fault, world, add) {
    if (world.minute < fault.onset) return;
    const svc = service(world, fault.service);
    const debug = configChanged(fault, world, fault.service, LOG_LEVEL_KEY);
    if (debug) add(fault.service, { disk_growth_gb: num(fault.params['growth_gb_per_min'], 1.3), conditions: [`verbose_logging:${LOG_LEVEL_KEY}`] });
    if (svc.disk_used_gb / svc.disk_total_gb >= 0.99) {
      add(fault.service, { error_rate: num(fault.params['error_rate'], 0.5), capacity_factor: 0.6, conditions: ['log_volume_full'] });
    }
  },
  remedy: (fault) => [
    { service: fault.service, fix: 'config_set', params: { key: LOG_LEVEL_KEY, value: String(fault.params['good'] ?? 'INFO') } },
    { service: fault.service, fix: 'clear_disk' },
  ],
  fixes: [
    { fix: 'config_set', params: 'logging.level = INFO', effect: 'stops the growth' },
    { fix: 'clear_disk', params: 'after the level is lowered', effect: 'rotated logs removed; writes succeed and evictions stop' },
  ],
  wrong_fixes: [
    { fix: 'clear_disk', params: 'alone', effect: 'temporary relief: the volume fills again within minutes' },
    { fix: 'restart', effect: 'no effect: the logs live on the node volume, not in the container' },
    { fix: 'scale', effect: 'no effect: new pods land on the same full nodes' },
  ],
};
