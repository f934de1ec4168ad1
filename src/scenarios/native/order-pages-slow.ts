import type { WorldSpec } from '../../sim/spec.js';
import type { ScenarioDefinition } from '../scenario.js';

/** A release of the orders service adds an unindexed query → orders-db CPU and latency climb → pools saturate upstream. */
export const badDeploySlowQuery: ScenarioDefinition = {
  id: 'order-pages-slow-v1',
  name: 'Order pages time out',
  difficulty: 'medium',
  source: 'native',
  description: 'Account and order pages slow to a crawl minutes after a routine release.',
  title: 'Order API p99 latency above 5 s',
  goal: 'Restore the order pages: find the change that caused it, mitigate it, verify, resolve and write the postmortem.',
  max_steps: 40,
  card: {
    modelled_on: 'A release that ships a slow query: a routine deploy of the orders service adds a query the orders database cannot serve from an index, so the database saturates and the account and order pages time out. Two other recent deploys are red herrings.',
    what_you_see: 'Latency alerts on the order API and the pages above it, database load alerts, and several deploys in the hours before the page.',
    scoring_notes: 'Scaling the database only buys time; the change that caused it has to be undone.',
    versions: [{ version: 1, date: '2026-03-14', change: 'First version.' }],
  },
  build(_seed, rng): WorldSpec {
    const good = `v3.${rng.int(6, 9)}.${rng.int(0, 4)}`;
    const [maj, min] = good.slice(1).split('.').map(Number) as [number, number];
    const bad = `v${maj}.${min + 1}.0`;
    return {
      load_rps: Math.round(rng.float(300, 380)),
      start_minute: rng.int(7, 10),
      services: [
        { name: 'api-gateway', kind: 'gateway', public: true, replicas: 3 },
        { name: 'account-service', kind: 'api', replicas: 3, version: 'v5.2.1' },
        { name: 'orders-service', kind: 'api', replicas: 3, version: good, pool_size: 25 },
        { name: 'inventory-service', kind: 'api', replicas: 2, version: 'v2.2.0', pool_size: 20 },
        { name: 'orders-db', kind: 'database', replicas: 1 },
        { name: 'search-service', kind: 'api', replicas: 2, version: 'v8.0.4' },
        { name: 'notification-worker', kind: 'worker', replicas: 2, load_rps: 20, version: 'v1.4.0' },
      ],
      edges: [
        { from: 'api-gateway', to: 'account-service', calls: 0.5, timeout_ms: 5000, retries: 0 },
        { from: 'api-gateway', to: 'search-service', calls: 0.5, timeout_ms: 2000, retries: 0 },
        { from: 'account-service', to: 'orders-service', calls: 1, timeout_ms: 2500, retries: 1 },
        { from: 'orders-service', to: 'orders-db', calls: 2, timeout_ms: 5000, retries: 0 },
        { from: 'orders-service', to: 'inventory-service', calls: 0.5, timeout_ms: 800, retries: 1 },
        { from: 'inventory-service', to: 'orders-db', calls: 1, timeout_ms: 1000, retries: 1 },
        { from: 'notification-worker', to: 'orders-db', calls: 1, timeout_ms: 3000, retries: 2 },
      ],
      faults: [{ id: 'unindexed-query', kind: 'slow_query', service: 'orders-db', onset: 0, params: { origin: 'orders-service', good_version: good, bad_version: bad } }],
      deploys: [
        { service: 'search-service', version: 'v8.0.4', previous: 'v8.0.3', minute: -rng.int(3, 9), author: 'ci-deployer', note: 'Synonym dictionary refresh' },
        { service: 'notification-worker', version: 'v1.4.0', previous: 'v1.3.7', minute: -rng.int(120, 300), author: 'ci-deployer', note: 'Batch email digests' },
      ],
    };
  },
};
