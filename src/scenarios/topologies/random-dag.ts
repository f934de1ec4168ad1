import type { Rng } from '../../lib/index.js';
import type { EdgeSpec, ServiceSpec } from '../../sim/spec.js';
import { sizeTopology } from './sizing.js';
import { randomVersion, type Topology } from './topology.js';

const DOMAINS = [
  'orders', 'billing', 'catalog', 'search', 'inventory', 'pricing', 'profile', 'accounts', 'notifications', 'shipping', 'reviews', 'ledger',
  'payouts', 'risk', 'ranking', 'feed', 'media', 'geo', 'booking', 'quotes', 'loyalty', 'coupons', 'invoices', 'wallet', 'identity', 'messaging',
  'uploads', 'reports', 'tax', 'fulfillment', 'returns', 'subscriptions', 'audit', 'preferences', 'content', 'sessions', 'carts', 'offers', 'tickets', 'routing',
];
const PROVIDERS = ['card-processor', 'sms-gateway', 'maps-vendor', 'email-relay', 'fx-rates-vendor', 'kyc-vendor', 'tax-engine', 'push-gateway'];

/** Service counts allowed for random DAGs. */
export const RANDOM_DAG_SIZE = { min: 5, max: 40 } as const;

/**
 * A random layered call graph of `size` services: public gateways, layers of APIs calling deeper layers,
 * databases, caches, queues with consumer workers, object storage and external providers. Every service is
 * reachable from a gateway or a worker; the result is sized to run healthy.
 */
export function randomDag(rng: Rng, size: number): Topology {
  const n = Math.max(RANDOM_DAG_SIZE.min, Math.min(RANDOM_DAG_SIZE.max, Math.round(size)));
  const used = new Set<string>();
  const domains = rng.shuffle(DOMAINS);
  let d = 0;
  const nextDomain = () => domains[d++ % domains.length] as string;
  const unique = (base: string) => {
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}-${k}`;
    used.add(name);
    return name;
  };
  const apiStyle = rng.pick(['-service', '-api', '']);
  const dbStyle = rng.pick(['-db', '-postgres', '-mysql']);
  const cacheStyle = rng.pick(['-cache', '-redis']);

  const gateways = n >= 18 ? 2 : 1;
  const databases = Math.max(1, Math.round(n * 0.13));
  const caches = n >= 7 ? Math.max(1, Math.round(n * 0.07)) : 0;
  const queues = n >= 9 ? (n >= 26 ? 2 : 1) : 0;
  const externals = n >= 8 ? (n >= 22 ? 2 : 1) : 0;
  const storage = n >= 14 ? 1 : 0;
  const batch = n >= 12 && rng.chance(0.7) ? 1 : 0;
  const apis = Math.max(2, n - gateways - databases - caches - 2 * queues - externals - storage - batch);

  const services: ServiceSpec[] = [];
  const add = (s: ServiceSpec) => {
    services.push(s);
    return s.name;
  };
  const gatewayNames = Array.from({ length: gateways }, (_, i) => add({ name: unique(i === 0 ? rng.pick(['edge-gateway', 'api-gateway', 'frontend-proxy']) : rng.pick(['partner-gateway', 'mobile-gateway'])), kind: 'gateway', public: true, version: randomVersion(rng) }));
  const depth = Math.max(2, Math.min(5, Math.round(Math.log2(apis + 1))));
  const layers: string[][] = Array.from({ length: depth }, () => []);
  for (let i = 0; i < apis; i++) {
    const layer = i < depth ? i : rng.int(0, depth - 1);
    (layers[layer] as string[]).push(add({ name: unique(`${nextDomain()}${apiStyle}`), kind: 'api', version: randomVersion(rng) }));
  }
  const dbNames = Array.from({ length: databases }, () => add({ name: unique(`${nextDomain()}${dbStyle}`), kind: 'database', replicas: 1 }));
  const cacheNames = Array.from({ length: caches }, () => add({ name: unique(`${nextDomain()}${cacheStyle}`), kind: 'cache', replicas: 1 }));
  const queueNames = Array.from({ length: queues }, () => add({ name: unique(`${nextDomain()}-events`), kind: 'queue', replicas: rng.int(1, 3) }));
  const consumerNames = queueNames.map((q) => add({ name: unique(`${q.replace(/-events$/, '')}-processor`), kind: 'worker', version: randomVersion(rng) }));
  const externalNames = rng.shuffle(PROVIDERS).slice(0, externals).map((p) => add({ name: unique(p), kind: 'external', replicas: 1 }));
  const storageNames = Array.from({ length: storage }, () => add({ name: unique(rng.pick(['object-store', 'blob-store'])), kind: 'storage', replicas: 1 }));
  const batchNames = Array.from({ length: batch }, () => add({ name: unique(`${nextDomain()}-batch`), kind: 'worker', version: randomVersion(rng), load_rps: Math.round(rng.float(10, 60)) }));

  const edges: EdgeSpec[] = [];
  const has = (from: string, to: string) => edges.some((e) => e.from === from && e.to === to);
  const link = (from: string, to: string, extra: Partial<EdgeSpec>) => {
    if (from !== to && !has(from, to)) edges.push({ from, to, retries: rng.int(0, 2), ...extra });
  };
  const apiCall = (): Partial<EdgeSpec> => ({
    calls: Math.round(rng.float(0.2, 1.2) * 100) / 100,
    breaker: rng.chance(0.25),
    breaker_open_minutes: rng.int(3, 8),
    fallback: rng.chance(0.15),
  });

  // Gateways split their traffic over the first layer; every first-layer API gets at least one gateway.
  const first = layers[0] as string[];
  for (const [i, api] of first.entries()) link(gatewayNames[i % gatewayNames.length] as string, api, { calls: 1, retries: 0 });
  for (const g of gatewayNames) {
    const targets = edges.filter((e) => e.from === g);
    for (const e of targets) e.calls = Math.round((1 / targets.length) * 100) / 100;
  }
  // Each deeper API gets a caller in the layer above, and each API calls one to three deeper services.
  for (let l = 1; l < depth; l++) for (const api of layers[l] as string[]) link(rng.pick(layers[l - 1] as string[]), api, apiCall());
  for (let l = 0; l < depth - 1; l++) {
    for (const api of layers[l] as string[]) {
      const deeper = layers.slice(l + 1).flat();
      for (let k = rng.int(0, 2); k > 0; k--) link(api, rng.pick(deeper), apiCall());
    }
  }
  const allApis = layers.flat();
  const deepFirst = [...layers].reverse().flat();
  // Datastores: each gets one or two callers, preferring deep APIs.
  const caller = () => (rng.chance(0.7) ? rng.pick(deepFirst.slice(0, Math.max(1, Math.ceil(deepFirst.length / 2)))) : rng.pick(allApis));
  for (const db of dbNames) for (let k = rng.int(1, 2); k > 0; k--) link(caller(), db, { calls: Math.round(rng.float(0.5, 2.5) * 10) / 10, write_fraction: Math.round(rng.float(0.1, 0.6) * 10) / 10 });
  for (const c of cacheNames) for (let k = rng.int(1, 2); k > 0; k--) link(caller(), c, { calls: rng.int(1, 3), write_fraction: Math.round(rng.float(0.1, 0.5) * 10) / 10 });
  for (const x of externalNames) link(caller(), x, { calls: Math.round(rng.float(0.1, 0.6) * 100) / 100, fallback: rng.chance(0.3) });
  for (const s of storageNames) link(caller(), s, { calls: Math.round(rng.float(0.05, 0.3) * 100) / 100, write_fraction: 1, fallback: rng.chance(0.5) });
  queueNames.forEach((q, i) => {
    link(rng.pick(allApis), q, { calls: 1, retries: 2, write_fraction: 1 });
    const consumer = consumerNames[i] as string;
    link(consumer, q, { calls: 1, retries: 1, write_fraction: 0 });
    link(consumer, rng.pick(dbNames), { calls: 1, write_fraction: 0.8 });
    if (rng.chance(0.5)) link(consumer, rng.pick(allApis), { calls: 0.5 });
  });
  for (const b of batchNames) link(b, rng.pick(dbNames), { calls: 2, write_fraction: 0.5 });

  return sizeTopology({ template: 'random-dag', services, edges, load_rps: Math.round(rng.float(200, 900)) }, rng.float(0.33, 0.45));
}
