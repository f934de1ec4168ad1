import { onlineShop } from '../topologies/online-shop.js';
import { DEFAULT_GOAL, curated } from './curated.js';

export const catalogLatency = curated({
  id: 'catalog-latency-v1',
  name: 'Catalog latency after a cost cleanup',
  difficulty: 'medium',
  description: 'The product catalog becomes slow and burns CPU with no change in traffic or code.',
  title: 'Product catalog p99 latency above 1 s',
  goal: DEFAULT_GOAL,
  max_steps: 40,
  topology: onlineShop,
  stage() {
    return { faults: [{ id: 'heap', kind: 'gc_pressure', service: 'product-catalog', onset: 0 }] };
  },
  card: {
    modelled_on: 'JVM heap right-sizing gone wrong: a heap shrunk below the live set makes the collector run back to back, stalling requests and burning CPU.',
    what_you_see: 'Latency and CPU alerts on the catalog and its callers. The catalog logs garbage-collection pauses.',
    scoring_notes: 'Restarting does not help.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
