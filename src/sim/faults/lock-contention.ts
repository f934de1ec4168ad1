import { service, str } from '../world-access.js';
import { configChanged, installConfigChange, restoreConfigRemedy } from './config-change.js';
import type { FaultModel } from './model.js';

export const RECONCILE_JOB_KEY = 'jobs.inventory_reconcile.enabled';

/**
 * A newly enabled batch job holds row locks on hot rows in long transactions: the database's queries wait on
 * locks (its CPU stays low), connections are held for seconds and pools saturate upstream.
 */
export const lockContention: FaultModel = {
  kind: 'lock_contention',
  accepted_labels: ['lock_contention', 'config_drift'],
  description: "A newly enabled batch job holds row locks in long transactions: the database's statements queue behind them with CPU low, connections are held for seconds and caller pools saturate.",
  defaults: { good: false, bad: true },
  install(fault, world) {
    const origin = str(fault.params['origin']);
    if (!origin) throw new Error(`fault ${fault.id}: lock_contention needs params.origin (the service running the batch job)`);
    installConfigChange(fault, world, origin, str(fault.params['key'], RECONCILE_JOB_KEY), 'ops-scheduler', 2);
    service(world, fault.service);
  },
  present: (fault, world) => configChanged(fault, world, str(fault.params['origin']), str(fault.params['key'], RECONCILE_JOB_KEY)),
  effects(fault, world, add) {
    if (world.minute < fault.onset || !this.present(fault, world)) return;
    const db = service(world, fault.service);
    const origin = str(fault.params['origin']);
    add(origin, { conditions: [`long_transaction:${fault.service}`] });
    if (world.minute < db.statements_cancelled_until) return;
    add(fault.service, { latency_extra_ms: db.base_latency_ms * 180, cpu_scale: 0.35, error_rate: 0.02, conditions: [`lock_wait:${origin}`] });
  },
  remedy: (fault) => restoreConfigRemedy(fault, str(fault.params['origin']), str(fault.params['key'], RECONCILE_JOB_KEY)),
  aliases: (fault) => [{ service: str(fault.params['origin']), fault: 'lock_contention' }],
  fixes: [{ fix: 'config_set', params: 'jobs.inventory_reconcile.enabled = false on the service running the job', effect: 'the long transactions stop; lock waits clear at once' }],
  wrong_fixes: [
    { fix: 'kill_query', effect: 'temporary relief: the blocking transactions are cancelled, and the job opens new ones minutes later' },
    { fix: 'scale', effect: 'no effect: every statement still waits for the same row locks on the primary' },
    { fix: 'restart', effect: 'no effect: a short database outage, then the job takes the locks again' },
  ],
};
