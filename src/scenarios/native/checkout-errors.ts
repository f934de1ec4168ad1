import type { WorldSpec } from '../../sim/spec.js';
import type { ScenarioDefinition } from '../scenario.js';

/** Payments database volume fills → payment connection pool exhausts → checkout and gateway return 5xx. Twelve services. */
export const dbDiskFullPayments: ScenarioDefinition = {
  id: 'checkout-errors-v1',
  name: 'Checkout failing in an online shop',
  difficulty: 'medium',
  source: 'native',
  description: 'Checkout errors spike in an online shop of twelve services.',
  title: 'Checkout 5xx rate above 20%',
  goal: 'Restore checkout: find the root cause, mitigate it, verify, resolve and write the postmortem.',
  max_steps: 40,
  card: {
    modelled_on: 'A database volume that fills up: the payments database runs out of disk, its writes fail, and the errors surface two hops up at checkout and the storefront. A second, unrelated volume that is nearly full and a recent deploy elsewhere are red herrings.',
    what_you_see: 'Error and latency alerts from the storefront down through checkout and payments, a volume alert, and a recent deploy on another service. The loudest alerts are on the public services, not where the trouble starts.',
    scoring_notes: 'Rolling back the recent deploys or restarting the failing services does not restore checkout; the fix has to reach the service where the trouble starts.',
    versions: [{ version: 1, date: '2026-03-14', change: 'First version.' }],
  },
  build(_seed, rng): WorldSpec {
    return {
      load_rps: Math.round(rng.float(380, 480)),
      start_minute: rng.int(6, 9),
      services: [
        { name: 'storefront-gateway', kind: 'gateway', public: true, replicas: 3 },
        { name: 'web-frontend', kind: 'api', replicas: 3, version: 'v12.4.0' },
        { name: 'catalog-service', kind: 'api', replicas: 3, version: 'v4.8.2' },
        { name: 'cart-service', kind: 'api', replicas: 2, version: 'v3.1.9' },
        { name: 'checkout-service', kind: 'api', replicas: 3, version: 'v7.0.3' },
        { name: 'payment-service', kind: 'api', replicas: 3, version: 'v2.4.0', pool_size: 30 },
        { name: 'recommendation-service', kind: 'api', replicas: 2, version: 'v1.9.4' },
        { name: 'shipping-quote', kind: 'external', replicas: 1 },
        { name: 'catalog-db', kind: 'database', replicas: 1 },
        { name: 'payments-db', kind: 'database', replicas: 1, disk_total_gb: 500, disk_used_gb: 300 },
        { name: 'cart-cache', kind: 'cache', replicas: 1 },
        { name: 'analytics-worker', kind: 'worker', replicas: 2, load_rps: 40, disk_used_gb: Math.round(rng.float(17.4, 18.4)), disk_total_gb: 20 },
      ],
      edges: [
        { from: 'storefront-gateway', to: 'web-frontend', calls: 1, timeout_ms: 5000, retries: 0 },
        { from: 'web-frontend', to: 'catalog-service', calls: 0.7, timeout_ms: 800, retries: 1 },
        { from: 'web-frontend', to: 'cart-service', calls: 0.3, timeout_ms: 800, retries: 1 },
        { from: 'web-frontend', to: 'checkout-service', calls: 0.12, timeout_ms: 4000, retries: 0 },
        { from: 'web-frontend', to: 'recommendation-service', calls: 0.5, timeout_ms: 300, retries: 0, fallback: true },
        { from: 'catalog-service', to: 'catalog-db', calls: 1.5, timeout_ms: 400, retries: 1 },
        { from: 'cart-service', to: 'cart-cache', calls: 2, timeout_ms: 50, retries: 1 },
        { from: 'checkout-service', to: 'cart-service', calls: 1, timeout_ms: 800, retries: 1 },
        { from: 'checkout-service', to: 'payment-service', calls: 1, timeout_ms: 3000, retries: 1 },
        { from: 'checkout-service', to: 'shipping-quote', calls: 1, timeout_ms: 1500, retries: 1, fallback: true },
        { from: 'payment-service', to: 'payments-db', calls: 3, timeout_ms: 2000, retries: 0, write_fraction: 0.6 },
        { from: 'recommendation-service', to: 'catalog-db', calls: 1, timeout_ms: 200, retries: 0 },
        { from: 'analytics-worker', to: 'catalog-db', calls: 1, timeout_ms: 2000, retries: 2 },
      ],
      faults: [{ id: 'payments-volume', kind: 'disk_full', service: 'payments-db', onset: 0, params: { growth_gb_per_min: 0.3 } }],
      deploys: [
        { service: 'recommendation-service', version: 'v1.9.4', previous: 'v1.9.3', minute: -rng.int(8, 20), author: 'ci-deployer', note: 'Tune ranking weights for winter sale' },
        { service: 'catalog-service', version: 'v4.8.2', previous: 'v4.8.1', minute: -rng.int(90, 200), author: 'ci-deployer', note: 'Bump image processing library' },
      ],
    };
  },
};
