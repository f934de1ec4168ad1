import type { Rng } from '../../lib/index.js';
import type { EdgeSpec, ServiceSpec } from '../../sim/spec.js';
import { sizeTopology } from './sizing.js';
import { randomVersion, type TopologyTemplate } from './topology.js';

/** An event pipeline: ingest, a raw queue, stream processing with enrichment, an enriched queue, a warehouse loader, the warehouse and dashboards. */
export const dataPipeline: TopologyTemplate = {
  id: 'data-pipeline',
  description: 'Data pipeline: ingest API and collector, raw events queue, stream processor enriching from an accounts database and a geo-IP provider, enriched queue, warehouse loader, warehouse, object store, and a dashboard API with a query cache.',
  build(rng: Rng) {
    const services: ServiceSpec[] = [
      { name: 'ingest-api', kind: 'gateway', public: true, version: randomVersion(rng) },
      { name: 'event-collector', kind: 'api', version: randomVersion(rng) },
      { name: 'schema-registry', kind: 'api', version: randomVersion(rng) },
      { name: 'raw-events', kind: 'queue', replicas: 3 },
      { name: 'stream-processor', kind: 'worker', version: randomVersion(rng) },
      { name: 'accounts-db', kind: 'database', replicas: 1 },
      { name: 'geoip-vendor', kind: 'external', replicas: 1 },
      { name: 'enriched-events', kind: 'queue', replicas: 3 },
      { name: 'warehouse-loader', kind: 'worker', version: randomVersion(rng) },
      { name: 'warehouse', kind: 'database', replicas: 1, disk_total_gb: 4000, disk_used_gb: Math.round(rng.float(1800, 2600)) },
      { name: 'object-store', kind: 'storage', replicas: 1 },
      { name: 'dashboard-api', kind: 'api', public: true, version: randomVersion(rng) },
      { name: 'dashboard-cache', kind: 'cache', replicas: 1 },
    ];
    const edges: EdgeSpec[] = [
      { from: 'ingest-api', to: 'event-collector', calls: 1, retries: 0 },
      { from: 'event-collector', to: 'schema-registry', calls: rng.float(0.05, 0.3), retries: 1 },
      { from: 'event-collector', to: 'raw-events', calls: 1, retries: 2, write_fraction: 1 },
      { from: 'stream-processor', to: 'raw-events', calls: 1, retries: 1, write_fraction: 0 },
      { from: 'stream-processor', to: 'accounts-db', calls: rng.float(0.2, 0.6), retries: 1, write_fraction: 0 },
      { from: 'stream-processor', to: 'geoip-vendor', calls: rng.float(0.1, 0.4), retries: 0, fallback: true },
      { from: 'stream-processor', to: 'enriched-events', calls: 1, retries: 2, write_fraction: 1 },
      { from: 'stream-processor', to: 'object-store', calls: 0.05, retries: 1, write_fraction: 1, fallback: true },
      { from: 'warehouse-loader', to: 'enriched-events', calls: 1, retries: 1, write_fraction: 0 },
      { from: 'warehouse-loader', to: 'warehouse', calls: 0.2, retries: 1, write_fraction: 1 },
      { from: 'warehouse-loader', to: 'object-store', calls: 0.1, retries: 1, write_fraction: 1 },
      { from: 'dashboard-api', to: 'dashboard-cache', calls: 1, retries: 1 },
      { from: 'dashboard-api', to: 'warehouse', calls: rng.float(0.2, 0.5), retries: 0 },
    ];
    return sizeTopology({ template: 'data-pipeline', services, edges, load_rps: Math.round(rng.float(500, 1500)) }, rng.float(0.33, 0.45));
  },
};
