import { num, service } from '../world-access.js';
import type { FaultModel } from './model.js';

/** A datastore volume fills (WAL, old backups): writes fail with "No space left on device". */
export const diskFull: FaultModel = {
  kind: 'disk_full',
  accepted_labels: ['disk_full'],
  description: 'A datastore volume fills up (write-ahead log, old backups): writes fail, callers hold connections and error.',
  defaults: { growth_gb_per_min: 0.4 },
  install(fault, world) {
    const svc = service(world, fault.service);
    svc.disk_used_gb = svc.disk_total_gb * 0.992;
  },
  present(fault, world) {
    const svc = service(world, fault.service);
    return svc.disk_used_gb / svc.disk_total_gb >= 0.985;
  },
  effects(fault, world, add) {
    if (world.minute < fault.onset) return;
    const svc = service(world, fault.service);
    const cleared = svc.disk_used_gb < svc.disk_base_gb * 1.5;
    add(fault.service, { disk_growth_gb: num(fault.params['growth_gb_per_min'], 0.4) * (cleared ? 0.02 : 1) });
  },
  remedy: (fault) => [{ service: fault.service, fix: 'clear_disk' }],
  fixes: [{ fix: 'clear_disk', effect: 'old WAL segments and backups removed; writes succeed again' }],
  wrong_fixes: [
    { fix: 'restart', effect: 'harmful: crash recovery cannot write either, so the database stays down for minutes' },
    { fix: 'scale', effect: 'no effect: replicas share the full primary volume' },
  ],
};
