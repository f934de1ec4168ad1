import type { FaultKind, ServiceKind, Technology } from '../../contracts/index.js';
import { fnv1a, mix } from '../../lib/index.js';
import type { ConfigValue } from '../state.js';
import type { TechnologyPack } from './pack.js';
import { envoy } from './packs/envoy.js';
import { go } from './packs/go.js';
import { jvm } from './packs/jvm.js';
import { kafka } from './packs/kafka.js';
import { memcached } from './packs/memcached.js';
import { minio } from './packs/minio.js';
import { mongodb } from './packs/mongodb.js';
import { mysql } from './packs/mysql.js';
import { nginx } from './packs/nginx.js';
import { node } from './packs/node.js';
import { postgres } from './packs/postgres.js';
import { provider } from './packs/provider.js';
import { python } from './packs/python.js';
import { rabbitmq } from './packs/rabbitmq.js';
import { redis } from './packs/redis.js';

export type { FormatInput, LogLevel, Stamp, TechnologyPack, Template } from './pack.js';

export const PACKS: Record<Technology, TechnologyPack> = { postgres, mysql, mongodb, redis, memcached, kafka, rabbitmq, jvm, node, go, python, nginx, envoy, minio, provider };

/** Technologies a service of each kind may run when neither its spec nor its name says which (weights by repetition). */
const CANDIDATES: Record<ServiceKind, readonly Technology[]> = {
  api: ['jvm', 'jvm', 'go', 'node', 'python'],
  worker: ['jvm', 'go', 'python', 'node'],
  gateway: ['nginx', 'envoy'],
  database: ['postgres', 'postgres', 'mysql', 'mongodb'],
  cache: ['redis', 'redis', 'memcached'],
  queue: ['kafka', 'kafka', 'rabbitmq'],
  storage: ['minio'],
  external: ['provider'],
};

/** Name fragments that say what a service runs (`orders-mysql`, `valkey-cart`, `orders-kafka`). */
const NAME_HINTS: readonly [RegExp, Technology][] = [
  [/postgres|(^|-)pg(-|$)/, 'postgres'],
  [/mysql|maria/, 'mysql'],
  [/mongo/, 'mongodb'],
  [/redis|valkey/, 'redis'],
  [/memcache/, 'memcached'],
  [/kafka/, 'kafka'],
  [/rabbit|amqp/, 'rabbitmq'],
  [/envoy|mesh/, 'envoy'],
  [/nginx/, 'nginx'],
];

/**
 * The technology of a service: the spec's explicit choice, else what its name says, else a seeded pick among the
 * kind's candidates that have the mechanisms of the faults placed on it (a Go service has no `jvm.opts`).
 */
export function chooseTechnology(service: { name: string; kind: ServiceKind; technology?: Technology | undefined }, faultKinds: readonly FaultKind[], seed: number): Technology {
  if (service.technology) return service.technology;
  for (const [pattern, tech] of NAME_HINTS) if (pattern.test(service.name) && PACKS[tech].kinds.includes(service.kind)) return tech;
  const all = CANDIDATES[service.kind];
  const able = all.filter((t) => !faultKinds.some((f) => PACKS[t].excludes?.includes(f)));
  const pool = able.length > 0 ? able : all;
  return pool[mix(seed, fnv1a(service.name), 0x7ec4) % pool.length] as Technology;
}

/** The configuration a fresh service of this technology starts with, bound to its resources where the software has a key for them. */
export function technologyConfig(tech: Technology, s: { memory_limit_mb: number; pool_size: number }): Record<string, ConfigValue> {
  const config: Record<string, ConfigValue> = { ...PACKS[tech].config };
  if (tech === 'redis') config['maxmemory'] = `${Math.round(s.memory_limit_mb)}mb`;
  if (tech === 'memcached') config['memory-limit'] = Math.round(s.memory_limit_mb);
  if (tech === 'jvm') config['spring.datasource.hikari.maximum-pool-size'] = s.pool_size;
  if (tech === 'python') config['sqlalchemy.pool_size'] = s.pool_size;
  if (tech === 'node') config['db.pool.max'] = s.pool_size;
  if (tech === 'go') config['db.max_open_conns'] = s.pool_size;
  return config;
}

export const TECHNOLOGY_PORTS: Record<Technology, number> = { postgres: 5432, mysql: 3306, mongodb: 27017, redis: 6379, memcached: 11211, kafka: 9092, rabbitmq: 5672, jvm: 8080, node: 8080, go: 8080, python: 8080, nginx: 8080, envoy: 10000, minio: 9000, provider: 443 };
