import { CURATED_SCENARIOS } from '../curated/index.js';
import { badDeploySlowQuery } from '../native/order-pages-slow.js';
import { cacheNoevictionLogin } from '../native/mobile-login-outage.js';
import { dbDiskFullPayments } from '../native/checkout-errors.js';
import type { ScenarioDefinition } from '../scenario.js';
import { type Alternatives, story } from './story.js';

const CHANGE = 'The seed draws the root cause (service, mechanism and the fix that works) among several, the service names, listing order and the change history; the description names symptoms only.';

/** Per v1 incident: what the on-call engineer is told in v2 (symptoms only) and the other ground truths. */
const STORIES: Record<string, { description: string; alternatives: Alternatives }> = {
  'checkout-errors-v1': {
    description: 'Checkout requests fail for a share of customers in an online shop of twelve services.',
    alternatives: [
      { kind: 'connection_pool_exhaustion', on: ['payment-service'] },
      { kind: 'credential_rotation_failure', on: ['payment-service', 'payments-db'] },
      { kind: 'bad_deploy', on: ['checkout-service', 'payment-service'] },
      { kind: 'dns_failure', on: ['payments-db'] },
    ],
  },
  'order-pages-slow-v1': {
    description: 'Account and order pages slow to a crawl.',
    alternatives: [
      { kind: 'lock_contention', on: ['orders-db', 'notification-worker', 'inventory-service'] },
      { kind: 'memory_leak', on: ['orders-service'] },
      { kind: 'gc_pressure', on: ['orders-service'] },
      { kind: 'disk_full', on: ['orders-db'] },
    ],
  },
  'mobile-login-outage-v1': {
    description: 'Mobile logins fail across the company.',
    alternatives: [
      { kind: 'certificate_expired', on: ['auth-service', 'users-db'] },
      { kind: 'dns_failure', on: ['session-cache', 'users-db'] },
      { kind: 'bad_deploy', on: ['auth-service', 'mobile-api'] },
      { kind: 'clock_skew', on: ['auth-service'] },
    ],
  },
  'cart-writes-failing-v1': {
    description: 'In an online shop, adding items to the cart starts failing and checkout follows.',
    alternatives: [
      { kind: 'bad_deploy', on: ['cart'] },
      { kind: 'dns_failure', on: ['valkey-cart'] },
      { kind: 'clock_skew', on: ['cart'] },
    ],
  },
  'token-exchange-failing-v1': {
    description: 'Nearly every login fails at the token step in a login stack.',
    alternatives: [
      { kind: 'dns_failure', on: ['token-service'] },
      { kind: 'certificate_expired', on: ['users-db'] },
      { kind: 'dns_failure', on: ['users-db'] },
    ],
  },
  'storefront-502-v1': {
    description: 'Most pages of the shop fail with 5xx at the edge while request rates are flat.',
    alternatives: [
      { kind: 'thread_pool_exhaustion', on: ['frontend-proxy', 'frontend'] },
      { kind: 'oom_crashloop', on: ['frontend-proxy', 'frontend'] },
      { kind: 'bad_deploy', on: ['frontend'] },
      { kind: 'file_descriptor_exhaustion', on: ['frontend-proxy', 'frontend'] },
    ],
  },
  'catalog-unreachable-v1': {
    description: 'Product pages and checkout fail on calls to the catalog.',
    alternatives: [
      { kind: 'certificate_expired', on: ['product-catalog'] },
      { kind: 'network_partition', on: ['product-catalog'], params: { via_policy: true } },
      { kind: 'packet_loss', on: ['product-catalog'] },
    ],
  },
  'pipeline-freshness-lag-v1': {
    description: 'Analytics dashboards fall further behind every minute in an event pipeline.',
    alternatives: [
      { kind: 'queue_consumer_lag', on: ['warehouse-loader', 'enriched-events'] },
      { kind: 'gc_pressure', on: ['stream-processor', 'warehouse-loader'] },
      { kind: 'disk_full', on: ['warehouse'] },
    ],
  },
  'timeline-timeouts-after-release-v1': {
    description: 'Home and user timelines of a social network time out.',
    alternatives: [
      { kind: 'memory_leak', on: ['post-storage'] },
      { kind: 'file_descriptor_exhaustion', on: ['post-storage'] },
      { kind: 'slow_query', on: ['post-storage-mongodb', 'post-storage'] },
      { kind: 'gc_pressure', on: ['post-storage', 'home-timeline'] },
    ],
  },
  'auth-overload-v1': {
    description: 'Authentication slows down and errors climb while user traffic is flat.',
    alternatives: [
      { kind: 'cpu_saturation', on: ['auth-service'] },
      { kind: 'gc_pressure', on: ['auth-service'] },
      { kind: 'memory_leak', on: ['auth-service'] },
    ],
  },
  'logins-rejected-v1': {
    description: 'A large share of logins and authenticated requests fail.',
    alternatives: [
      { kind: 'clock_skew', on: ['token-service'] },
      { kind: 'bad_feature_flag', on: ['auth-service'] },
      { kind: 'credential_rotation_failure', on: ['auth-service', 'users-db'] },
      { kind: 'config_drift', on: ['auth-service'] },
    ],
  },
  'payments-failing-v1': {
    description: 'Checkout fails at the payment step.',
    alternatives: [
      { kind: 'bad_deploy', on: ['payment'] },
      { kind: 'external_provider_outage', on: ['card-processor'] },
      { kind: 'config_drift', on: ['payment'] },
    ],
  },
  'checkout-errors-spike-v1': {
    description: 'Checkout starts failing for a large share of customers.',
    alternatives: [
      { kind: 'bad_deploy', on: ['checkout'] },
      { kind: 'config_drift', on: ['checkout'] },
      { kind: 'clock_skew', on: ['checkout'] },
    ],
  },
  'evening-peak-timeouts-v1': {
    description: 'At the daily peak the home timeline slows down and times out.',
    alternatives: [
      { kind: 'cpu_saturation', on: ['home-timeline'] },
      { kind: 'thread_pool_exhaustion', on: ['home-timeline'] },
      { kind: 'gc_pressure', on: ['home-timeline'] },
    ],
  },
  'ingest-errors-v1': {
    description: 'Event ingest fails for a share of requests.',
    alternatives: [
      { kind: 'bad_deploy', on: ['event-collector'] },
      { kind: 'oom_crashloop', on: ['event-collector', 'ingest-api'] },
      { kind: 'rate_limit_misconfig', on: ['ingest-api', 'event-collector'] },
    ],
  },
  'card-payments-declining-v1': {
    description: 'Card payments fail or hang.',
    alternatives: [
      { kind: 'dns_failure', on: ['card-processor'] },
      { kind: 'bad_deploy', on: ['payment'] },
      { kind: 'clock_skew', on: ['payment'] },
    ],
  },
  'stale-order-status-v1': {
    description: 'Orders placed minutes ago show as missing; payment and accounting errors rise.',
    alternatives: [
      { kind: 'lock_contention', on: ['orders-db', 'accounting', 'fraud-detection', 'payment', 'checkout'] },
      { kind: 'disk_full', on: ['orders-db'] },
      { kind: 'credential_rotation_failure', on: ['orders-db', 'payment', 'checkout', 'accounting'] },
    ],
  },
  'feed-latency-spike-v1': {
    description: 'Timelines slow down and error.',
    alternatives: [
      { kind: 'cache_stampede', on: ['post-storage', 'post-storage-memcached', 'post-storage-mongodb'] },
      { kind: 'gc_pressure', on: ['post-storage'] },
      { kind: 'memory_leak', on: ['post-storage'] },
    ],
  },
  'catalog-latency-v1': {
    description: 'The product catalog becomes slow.',
    alternatives: [
      { kind: 'slow_query', on: ['catalog-db', 'product-catalog'] },
      { kind: 'memory_leak', on: ['product-catalog'] },
      { kind: 'thread_pool_exhaustion', on: ['product-catalog'] },
      { kind: 'cpu_saturation', on: ['product-catalog'] },
    ],
  },
  'profile-db-overload-v1': {
    description: 'The user database is saturated, and everything that needs user data slows or fails.',
    alternatives: [
      { kind: 'slow_query', on: ['user-mongodb', 'user-mention'] },
      { kind: 'slow_query', on: ['user-mongodb', 'user'] },
      { kind: 'cache_stampede', on: ['user', 'user-memcached', 'user-mongodb'], params: { amplification: 9 } },
    ],
  },
  'frontend-slow-v1': {
    description: 'The shop front end slows down and starts shedding requests.',
    alternatives: [
      { kind: 'gc_pressure', on: ['frontend'] },
      { kind: 'thread_pool_exhaustion', on: ['frontend'] },
      { kind: 'cpu_saturation', on: ['frontend'] },
      { kind: 'memory_leak', on: ['frontend'] },
    ],
  },
  'peak-sale-payments-v1': {
    description: 'On a sale day the storefront slows down and card payments fail at the same time.',
    alternatives: [
      [{ kind: 'cpu_saturation', on: ['frontend'] }, { kind: 'dns_failure', on: ['card-processor'] }],
      [{ kind: 'gc_pressure', on: ['frontend'] }, { kind: 'bad_deploy', on: ['payment'] }],
      [{ kind: 'thread_pool_exhaustion', on: ['frontend'] }, { kind: 'clock_skew', on: ['payment'] }],
    ],
  },
};

function v2(base: ScenarioDefinition): ScenarioDefinition {
  const s = STORIES[base.id];
  if (!s) throw new Error(`no v2 story for ${base.id}`);
  return story(base, { ...s, change: CHANGE });
}

/** Version 2 of every fixed incident (native first, then curated, in the v1 listing order). */
export const STORY_SCENARIOS: readonly ScenarioDefinition[] = [dbDiskFullPayments, badDeploySlowQuery, cacheNoevictionLogin, ...CURATED_SCENARIOS].map(v2);

/** The v1 incidents: one fixed answer per task, kept for firedrill-bench-v1; memorisable, so retired from validation. */
export const RETIRED_TASK_IDS: readonly string[] = [dbDiskFullPayments, badDeploySlowQuery, cacheNoevictionLogin, ...CURATED_SCENARIOS].map((s) => s.id);
