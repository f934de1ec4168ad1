import { z } from 'zod';

/** The software a service runs. Each has a pack (log format, lines, config keys, metric names) in `src/sim/technology/packs/`. */
export const TECHNOLOGIES = ['postgres', 'mysql', 'mongodb', 'redis', 'memcached', 'kafka', 'rabbitmq', 'jvm', 'node', 'go', 'python', 'nginx', 'envoy', 'minio', 'provider'] as const;
export const TechnologySchema = z.enum(TECHNOLOGIES);
export type Technology = z.infer<typeof TechnologySchema>;
