import { onlineShop } from '../topologies/online-shop.js';
import { DEFAULT_GOAL, curated } from './curated.js';

export const catalogUnreachable = curated({
  id: 'catalog-unreachable-v1',
  name: 'Product pages cannot reach the catalog',
  difficulty: 'easy',
  description: 'Product pages and checkout fail because their callers cannot reach the catalog service, which itself looks idle and healthy.',
  title: 'Product page error rate above 40%',
  goal: DEFAULT_GOAL,
  max_steps: 30,
  topology: onlineShop,
  stage(t, rng) {
    return { faults: [{ id: 'catalog-record', kind: 'dns_failure', service: 'product-catalog', onset: 0, params: { good: `10.20.${rng.int(1, 9)}.${rng.int(10, 250)}`, bad: `10.20.${rng.int(30, 60)}.${rng.int(10, 250)}` } }] };
  },
  card: {
    modelled_on: 'Internal DNS changes that point a service name at the wrong target; every caller fails to connect while the service itself is fine.',
    what_you_see: 'Error alerts on the storefront, the front end and checkout. The unreachable service shows almost no traffic; its callers log lookup and connection failures.',
    scoring_notes: 'The broken thing is a record about the service, not the service: restarting or scaling it changes nothing.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
