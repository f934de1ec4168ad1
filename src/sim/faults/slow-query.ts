import { service, str } from '../world-access.js';
import type { FaultModel } from './model.js';
import { installBadRelease, rollbackRemedy, runsBadRelease } from './versioned.js';

/** A caller's release issues an unindexed query: the database burns CPU, connections are held long, pools saturate upstream. */
export const slowQuery: FaultModel = {
  kind: 'slow_query',
  accepted_labels: ['slow_query', 'bad_deploy'],
  description: "A caller's release issues an unindexed query: database CPU climbs, queries take seconds, caller pools saturate.",
  defaults: { deploy_lead: 18 },
  install(fault, world) {
    const origin = str(fault.params['origin']);
    if (!origin) throw new Error(`fault ${fault.id}: slow_query needs params.origin (the service whose release issues the query)`);
    installBadRelease(fault, world, origin);
    service(world, fault.service);
  },
  present: (fault, world) => runsBadRelease(fault, world, str(fault.params['origin'])),
  effects(fault, world, add) {
    if (world.minute < fault.onset || !runsBadRelease(fault, world, str(fault.params['origin']))) return;
    const db = service(world, fault.service);
    if (world.minute < db.statements_cancelled_until) return;
    add(fault.service, { cpu_extra: 55, latency_extra_ms: db.base_latency_ms * 150, conditions: [`long_statement:${str(fault.params['origin'])}`] });
  },
  remedy: (fault) => rollbackRemedy(fault, str(fault.params['origin'])),
  aliases: (fault) => [{ service: str(fault.params['origin']), fault: 'bad_deploy' }],
  fixes: [{ fix: 'rollback', params: 'on the service whose release added the query', effect: 'the query is gone; database CPU and latency recover' }],
  wrong_fixes: [
    { fix: 'kill_query', effect: 'temporary relief: running statements are cancelled, the application issues them again' },
    { fix: 'restart', effect: 'harmful on the database: a short outage, and the query returns' },
    { fix: 'scale', effect: 'no effect: the primary serves the query' },
  ],
};
