import { num, service, str } from '../world-access.js';
import type { FaultModel } from './model.js';

export const NEAR_CACHE_KEY = 'cache.near_cache_enabled';

/**
 * One key (a viral post, a flash-sale product) takes a large share of all cache reads. It lives on a single
 * shard whose one thread saturates, so every key on that shard slows down. Adding shards does not move it.
 */
export const hotKey: FaultModel = {
  kind: 'hot_key',
  accepted_labels: ['hot_key'],
  description: "A single key (a viral post, a flash-sale product) draws a large share of all reads: the one cache shard that owns it saturates and every key on it slows down; adding shards does not move it.",
  defaults: { key_name: 'post:8842913', share: 0.4 },
  install(fault, world) {
    const origin = str(fault.params['origin']);
    if (!origin) throw new Error(`fault ${fault.id}: hot_key needs params.origin (the service reading the key)`);
    service(world, origin).config[NEAR_CACHE_KEY] ??= false;
    const cache = service(world, fault.service);
    fault.params['shards'] = cache.replicas;
    // The shard owning the key serves its share on one thread: about 60% more than the whole cache handled before.
    fault.params['capacity_factor'] ??= Math.min(0.5, cache.demand_rps / Math.max(1e-9, cache.replicas * cache.capacity_rps) / 1.6);
  },
  present: (fault, world) => world.minute >= fault.onset && service(world, str(fault.params['origin'])).config[NEAR_CACHE_KEY] !== true,
  effects(fault, world, add) {
    if (!this.present(fault, world)) return;
    const cache = service(world, fault.service);
    // The key's shard caps the whole cache: more shards do not help it.
    const shards = num(fault.params['shards'], cache.replicas);
    add(fault.service, { capacity_factor: (num(fault.params['capacity_factor'], 0.2) * shards) / Math.max(1, cache.replicas), cpu_extra: 20, latency_extra_ms: 2, conditions: [`one_key:${str(fault.params['key_name'])}`] });
    add(str(fault.params['origin']), { conditions: [`slow_cache:${fault.service}`] });
  },
  remedy: (fault) => [{ service: str(fault.params['origin']), fix: 'config_set', params: { key: NEAR_CACHE_KEY, value: true } }],
  aliases: (fault) => [{ service: str(fault.params['origin']), fault: 'hot_key' }],
  fixes: [{ fix: 'config_set', params: 'cache.near_cache_enabled = true on the reading service', effect: 'the key is served from process memory; the shard cools down' }],
  wrong_fixes: [
    { fix: 'scale', effect: 'no effect: the key still lives on one shard' },
    { fix: 'flush_cache', effect: 'no effect: the key is written back at once and read as often' },
    { fix: 'restart', effect: 'no effect: the same reads arrive at the same shard' },
  ],
};
