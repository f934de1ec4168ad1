import type { Rng } from '../../lib/index.js';
import type { EdgeSpec, ServiceSpec } from '../../sim/spec.js';
import { sizeTopology } from './sizing.js';
import { randomVersion, type TopologyTemplate } from './topology.js';

/** A social network shaped like DeathStarBench's: compose-post fan-out, timelines on redis, per-domain memcached and mongodb, a fan-out queue. */
export const socialNetwork: TopologyTemplate = {
  id: 'social-network',
  description: 'Social network like DeathStarBench SocialNetwork: nginx front end, compose-post fan-out (text, media, url-shorten, user-mention, unique-id), home/user timelines on redis, post storage, per-domain memcached and mongodb, a rabbitmq fan-out to a timeline writer.',
  build(rng: Rng) {
    const api = (name: string): ServiceSpec => ({ name, kind: 'api', version: randomVersion(rng) });
    const cache = (name: string): ServiceSpec => ({ name, kind: 'cache', replicas: 1 });
    const db = (name: string): ServiceSpec => ({ name, kind: 'database', replicas: 1 });
    const services: ServiceSpec[] = [
      { name: 'nginx-web-server', kind: 'gateway', public: true, version: randomVersion(rng) },
      api('compose-post'),
      api('text'),
      api('user'),
      api('url-shorten'),
      api('media'),
      api('user-mention'),
      api('unique-id'),
      api('social-graph'),
      api('home-timeline'),
      api('user-timeline'),
      api('post-storage'),
      cache('post-storage-memcached'),
      cache('user-memcached'),
      cache('url-shorten-memcached'),
      cache('media-memcached'),
      cache('social-graph-redis'),
      cache('home-timeline-redis'),
      cache('user-timeline-redis'),
      db('post-storage-mongodb'),
      db('user-mongodb'),
      db('social-graph-mongodb'),
      db('user-timeline-mongodb'),
      db('url-shorten-mongodb'),
      db('media-mongodb'),
      { name: 'write-home-timeline-rabbitmq', kind: 'queue', replicas: 1 },
      { name: 'write-home-timeline', kind: 'worker', version: randomVersion(rng) },
    ];
    const retry = () => rng.int(1, 2);
    const e = (from: string, to: string, calls: number, extra: Partial<EdgeSpec> = {}): EdgeSpec => ({ from, to, calls, retries: retry(), ...extra });
    const readMiss = rng.float(0.15, 0.35);
    const edges: EdgeSpec[] = [
      e('nginx-web-server', 'compose-post', rng.float(0.05, 0.15), { retries: 0 }),
      e('nginx-web-server', 'home-timeline', rng.float(0.4, 0.7), { retries: 0 }),
      e('nginx-web-server', 'user-timeline', rng.float(0.15, 0.3), { retries: 0 }),
      e('nginx-web-server', 'user', 0.05, { retries: 0 }),
      e('nginx-web-server', 'social-graph', 0.05, { retries: 0 }),
      e('compose-post', 'text', 1),
      e('compose-post', 'media', 1),
      e('compose-post', 'unique-id', 1),
      e('compose-post', 'user', 1),
      e('compose-post', 'post-storage', 1, { write_fraction: 1 }),
      e('compose-post', 'user-timeline', 1, { write_fraction: 1 }),
      e('compose-post', 'write-home-timeline-rabbitmq', 1, { write_fraction: 1 }),
      e('text', 'url-shorten', 1),
      e('text', 'user-mention', 1),
      e('url-shorten', 'url-shorten-memcached', 1),
      e('url-shorten', 'url-shorten-mongodb', readMiss),
      e('user-mention', 'user-memcached', 1),
      e('user-mention', 'user-mongodb', readMiss),
      e('user', 'user-memcached', 1),
      e('user', 'user-mongodb', readMiss),
      e('media', 'media-memcached', 1),
      e('media', 'media-mongodb', readMiss),
      e('post-storage', 'post-storage-memcached', rng.float(2, 5)),
      e('post-storage', 'post-storage-mongodb', rng.float(0.3, 1)),
      e('home-timeline', 'home-timeline-redis', 1),
      e('home-timeline', 'post-storage', 1, { breaker: rng.chance(0.5) }),
      e('user-timeline', 'user-timeline-redis', 1),
      e('user-timeline', 'user-timeline-mongodb', readMiss),
      e('user-timeline', 'post-storage', 1),
      e('social-graph', 'social-graph-redis', 1),
      e('social-graph', 'social-graph-mongodb', readMiss),
      e('social-graph', 'user', 0.2),
      e('write-home-timeline', 'write-home-timeline-rabbitmq', 1, { write_fraction: 0 }),
      e('write-home-timeline', 'social-graph', 1),
      e('write-home-timeline', 'home-timeline-redis', rng.float(2, 4), { write_fraction: 1 }),
    ];
    return sizeTopology({ template: 'social-network', services, edges, load_rps: Math.round(rng.float(400, 900)) }, rng.float(0.33, 0.45));
  },
};
