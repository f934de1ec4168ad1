import { onlineShop } from '../topologies/online-shop.js';
import { DEFAULT_GOAL, curated, edgeOf, harmlessRelease } from './curated.js';

export const cartWritesFailing = curated({
  id: 'cart-writes-failing-v1',
  name: 'Shoppers cannot add to cart',
  difficulty: 'medium',
  description: 'In an online shop of eighteen services, adding items to the cart starts failing and checkout follows. The cart service is loud, its cache looks busy, and a fresh release elsewhere competes for attention; the fix only holds if applied in the right order.',
  title: 'Cart API error rate above 20%',
  goal: DEFAULT_GOAL,
  max_steps: 40,
  topology: onlineShop,
  stage(t, rng) {
    edgeOf(t, 'cart', 'valkey-cart').retries = 1;
    return {
      faults: [
        { id: 'cache-policy', kind: 'cache_eviction_oom', service: 'valkey-cart', onset: 0 },
        { id: 'cart-retries', kind: 'retry_storm', service: 'cart', onset: 0, trigger: 'cache-policy', params: { callee: 'valkey-cart', attempts: 2 } },
      ],
      deploys: [harmlessRelease(t, 'recommendation', rng.int(6, 15), 'Tune ranking weights for the spring sale')],
    };
  },
  card: {
    modelled_on: 'A cache outage pattern from many public postmortems: a Redis-compatible cache whose eviction policy was set to `noeviction` reaches `maxmemory` and rejects every write, while the clients keep retrying.',
    what_you_see: 'Error-rate alerts on the cart and checkout path and on the storefront, a memory alert on the cart cache, and a recent release of an unrelated service. Cart logs show failing writes and retries.',
    scoring_notes: 'Two things are wrong by the time you arrive; fixing the obvious one first and the other second is what holds. Restarting or flushing things brings short relief and the symptoms return.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
