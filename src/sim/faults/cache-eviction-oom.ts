import { service } from '../world-access.js';
import { installConfigChange } from './config-change.js';
import type { FaultModel } from './model.js';

export const EVICTION_KEY = 'maxmemory-policy';

/** A cache at maxmemory with policy noeviction rejects every write ("OOM command not allowed"). */
export const cacheEvictionOom: FaultModel = {
  kind: 'cache_eviction_oom',
  accepted_labels: ['cache_eviction_oom', 'config_drift'],
  description: 'A cache reaches maxmemory with eviction disabled (noeviction): every write is rejected, callers fail and retry.',
  defaults: {},
  install(fault, world) {
    const svc = service(world, fault.service);
    fault.params['bad'] = 'noeviction';
    installConfigChange(fault, world, fault.service, EVICTION_KEY, 'ops-terraform', 4320);
    svc.memory_mb = svc.memory_limit_mb * 0.985;
  },
  present(fault, world) {
    return service(world, fault.service).config[EVICTION_KEY] === 'noeviction';
  },
  effects() {},
  remedy: (fault) => [{ service: fault.service, fix: 'config_set', params: { key: EVICTION_KEY, value: String(fault.params['good'] ?? 'allkeys-lru') } }],
  fixes: [{ fix: 'config_set', params: 'maxmemory-policy = allkeys-lru (or another evicting policy)', effect: 'old keys are evicted; writes succeed' }],
  wrong_fixes: [
    { fix: 'flush_cache', effect: 'temporary relief: memory fills up again and writes are rejected again' },
    { fix: 'restart', effect: 'temporary relief, plus a burst of cache misses' },
    { fix: 'scale', effect: 'no effect: the primary holds the keys' },
  ],
};
