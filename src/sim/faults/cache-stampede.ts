import { num, service, str } from '../world-access.js';
import { configChanged, installConfigChange, restoreConfigRemedy } from './config-change.js';
import type { FaultModel } from './model.js';

export const COALESCING_KEY = 'cache.request_coalescing';

/**
 * Request coalescing was switched off in a service that fronts a database with a cache. A mass expiry then
 * sends every concurrent miss to the database; the database slows down, refills time out, the keys stay cold
 * and the herd sustains itself.
 */
export const cacheStampede: FaultModel = {
  kind: 'cache_stampede',
  accepted_labels: ['cache_stampede', 'config_drift'],
  description: 'With request coalescing switched off, a mass cache expiry sends every concurrent miss to the database: it overloads, refills time out, keys stay cold and the herd sustains itself.',
  defaults: { good: true, bad: false, amplification: 7 },
  install(fault, world) {
    if (!str(fault.params['db'])) throw new Error(`fault ${fault.id}: cache_stampede needs params.db (the datastore behind the cache)`);
    if (!str(fault.params['cache'])) throw new Error(`fault ${fault.id}: cache_stampede needs params.cache (the cache the service reads through)`);
    installConfigChange(fault, world, fault.service, COALESCING_KEY, 'svc-owner', 30);
    // Enough misses to push the database well past its capacity.
    const svc = service(world, fault.service);
    const db = service(world, str(fault.params['db']));
    const edge = world.edges.find((e) => e.from === svc.name && e.to === db.name);
    const sent = Math.max(1e-9, svc.demand_rps * (edge?.calls ?? 1));
    const needed = (1.8 * db.replicas * db.capacity_rps - (db.demand_rps - sent)) / sent;
    fault.params['amplification'] = Math.round(Math.max(num(fault.params['amplification'], 7), needed) * 10) / 10;
  },
  present: (fault, world) => configChanged(fault, world, fault.service, COALESCING_KEY),
  effects(fault, world, add) {
    if (world.minute < fault.onset || !this.present(fault, world)) return;
    const db = str(fault.params['db']);
    const cache = str(fault.params['cache']);
    add(fault.service, { amplification: num(fault.params['amplification'], 7), amplify_target: db, latency_extra_ms: 20, conditions: [`miss_storm:${cache}`] });
    add(cache, { conditions: ['cold_keys'] });
    add(db, { conditions: [`query_flood:${fault.service}`] });
  },
  remedy: (fault) => restoreConfigRemedy(fault, fault.service, COALESCING_KEY),
  fixes: [{ fix: 'config_set', params: 'cache.request_coalescing = true on the service', effect: 'one refill per key; the database load collapses and the cache warms' }],
  wrong_fixes: [
    { fix: 'restart', effect: 'no effect: the restarted service misses on the same cold keys' },
    { fix: 'flush_cache', effect: 'worse: every key is cold at once' },
    { fix: 'kill_query', effect: 'temporary relief at most: the same flood of identical queries arrives again' },
  ],
};
