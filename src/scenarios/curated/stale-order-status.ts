import { onlineShop } from '../topologies/online-shop.js';
import { DEFAULT_GOAL, curated, harmlessRelease } from './curated.js';

export const staleOrderStatus = curated({
  id: 'stale-order-status-v1',
  name: 'Customers see stale order status',
  difficulty: 'medium',
  description: 'Orders placed minutes ago show as missing; payment and accounting errors rise slowly. The orders database is up and its CPU is low.',
  title: 'Order lookups failing after purchase',
  goal: DEFAULT_GOAL,
  max_steps: 40,
  topology: onlineShop,
  stage(t, rng) {
    return {
      faults: [{ id: 'replay', kind: 'replication_lag', service: 'orders-db', onset: 0, params: { initial_lag_s: rng.int(200, 400) } }],
      deploys: [harmlessRelease(t, 'accounting', rng.int(20, 60), 'Add ledger export for finance')],
    };
  },
  card: {
    modelled_on: 'Replication lag: a read replica stops replaying behind long-running reporting queries, reads routed to it return stale rows and read-after-write checks fail.',
    what_you_see: 'A replica-delay warning, error alerts on the services that read orders, and an unrelated release of the accounting consumer.',
    scoring_notes: 'Cancelling queries buys minutes; the lag comes back.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
