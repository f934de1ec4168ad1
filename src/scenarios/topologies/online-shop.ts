import type { Rng } from '../../lib/index.js';
import type { EdgeSpec, ServiceSpec } from '../../sim/spec.js';
import { sizeTopology } from './sizing.js';
import { randomVersion, type TopologyTemplate } from './topology.js';

/** An online shop shaped like the OpenTelemetry demo: storefront, catalog, cart on a cache, checkout, payments, an order queue and its consumers. */
export const onlineShop: TopologyTemplate = {
  id: 'online-shop',
  description: 'Online shop like the OpenTelemetry demo: frontend proxy, catalog, cart (cache), checkout, payment (card processor), shipping/quote, currency, ads and recommendations, an order queue with accounting and fraud consumers.',
  build(rng: Rng) {
    const api = (name: string, extra: Partial<ServiceSpec> = {}): ServiceSpec => ({ name, kind: 'api', version: randomVersion(rng), ...extra });
    const services: ServiceSpec[] = [
      { name: 'frontend-proxy', kind: 'gateway', public: true, version: randomVersion(rng) },
      api('frontend'),
      api('product-catalog'),
      api('cart'),
      api('checkout'),
      api('payment', { pool_size: rng.int(20, 40) }),
      api('shipping'),
      api('quote'),
      api('currency'),
      api('email'),
      api('recommendation'),
      { name: 'valkey-cart', kind: 'cache', replicas: 1 },
      { name: 'catalog-db', kind: 'database', replicas: 1 },
      { name: 'orders-db', kind: 'database', replicas: 1 },
      { name: 'card-processor', kind: 'external', replicas: 1 },
      { name: 'orders-kafka', kind: 'queue', replicas: 3 },
      { name: 'accounting', kind: 'worker', version: randomVersion(rng) },
      { name: 'fraud-detection', kind: 'worker', version: randomVersion(rng) },
    ];
    const withAds = rng.chance(0.6);
    if (withAds) services.push(api('ad'));
    const checkoutShare = rng.float(0.04, 0.09);
    const edges: EdgeSpec[] = [
      { from: 'frontend-proxy', to: 'frontend', calls: 1, retries: 0 },
      { from: 'frontend', to: 'product-catalog', calls: rng.float(1, 2), retries: 1 },
      { from: 'frontend', to: 'cart', calls: rng.float(0.2, 0.5), retries: 1 },
      { from: 'frontend', to: 'checkout', calls: checkoutShare, retries: 0 },
      { from: 'frontend', to: 'currency', calls: 1, retries: 1, breaker: rng.chance(0.5) },
      { from: 'frontend', to: 'recommendation', calls: rng.float(0.3, 0.7), retries: 0, fallback: true },
      { from: 'frontend', to: 'shipping', calls: 0.1, retries: 1 },
      { from: 'recommendation', to: 'product-catalog', calls: 1, retries: 0 },
      { from: 'product-catalog', to: 'catalog-db', calls: 1, retries: 1 },
      { from: 'cart', to: 'valkey-cart', calls: 2, retries: 1, write_fraction: 0.4 },
      { from: 'checkout', to: 'cart', calls: 1, retries: 1 },
      { from: 'checkout', to: 'product-catalog', calls: 1, retries: 1 },
      { from: 'checkout', to: 'currency', calls: 1, retries: 1 },
      { from: 'checkout', to: 'shipping', calls: 1, retries: 1 },
      { from: 'checkout', to: 'payment', calls: 1, retries: rng.int(0, 1), breaker: rng.chance(0.4) },
      { from: 'checkout', to: 'email', calls: 1, retries: 0, fallback: true },
      { from: 'checkout', to: 'orders-kafka', calls: 1, retries: 2, write_fraction: 1 },
      { from: 'payment', to: 'card-processor', calls: 1, retries: 1, timeout_ms: 4000 },
      { from: 'payment', to: 'orders-db', calls: 2, retries: 0, write_fraction: 0.6 },
      { from: 'shipping', to: 'quote', calls: 1, retries: 1 },
      { from: 'accounting', to: 'orders-kafka', calls: 1, retries: 1, write_fraction: 0 },
      { from: 'accounting', to: 'orders-db', calls: 1, retries: 1, write_fraction: 0.8 },
      { from: 'fraud-detection', to: 'orders-kafka', calls: 1, retries: 1, write_fraction: 0 },
      { from: 'fraud-detection', to: 'catalog-db', calls: 0.5, retries: 1, write_fraction: 0 },
    ];
    if (withAds) edges.push({ from: 'frontend', to: 'ad', calls: rng.float(0.3, 0.8), retries: 0, fallback: true }, { from: 'ad', to: 'catalog-db', calls: 0.5, retries: 0 });
    return sizeTopology({ template: 'online-shop', services, edges, load_rps: Math.round(rng.float(300, 650)) }, rng.float(0.33, 0.45));
  },
};
