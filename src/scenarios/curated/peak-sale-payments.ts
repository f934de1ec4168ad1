import type { FaultSpec } from '../../sim/spec.js';
import { onlineShop } from '../topologies/online-shop.js';
import { DEFAULT_GOAL, curated, harmlessRelease, serviceOf } from './curated.js';

export const peakSalePayments = curated({
  id: 'peak-sale-payments-v1',
  name: 'Sale day: slow storefront and failing payments',
  difficulty: 'expert',
  description: 'On a sale day the storefront saturates and card payments fail at the same time. Two unrelated causes overlap, and one of them leaves a service stuck after it is fixed.',
  title: 'Storefront latency high and payments failing',
  goal: DEFAULT_GOAL,
  max_steps: 60,
  topology: onlineShop,
  stage(t, rng) {
    for (const e of t.edges) e.breaker = false;
    const fe = serviceOf(t, 'frontend');
    const load = t.loads?.['frontend'] ?? 400;
    fe.replicas = 4;
    fe.capacity_rps = Math.round((load / (4 * (t.utilisation ?? 0.4))) * 10) / 10;
    const faults: FaultSpec[] = [
      { id: 'hpa-cap', kind: 'autoscaler_misconfig', service: 'frontend', onset: 0, params: { peak_factor: 1.15 } },
      { id: 'vendor', kind: 'external_provider_outage', service: 'card-processor', onset: -2, params: { primary: 'acquirer-east', standby: 'acquirer-west' } },
      { id: 'wedged', kind: 'thread_pool_exhaustion', service: 'payment', onset: 0, trigger: 'vendor', params: { callee: 'card-processor' } },
    ];
    return {
      faults,
      deploys: [harmlessRelease(t, 'recommendation', rng.int(10, 30), 'Sale banner ranking')],
    };
  },
  card: {
    modelled_on: 'Overlapping failures on a peak day, a common shape of retail postmortems: capacity limits at the peak plus a payment provider outage, with request threads left wedged on the provider after it recovers.',
    what_you_see: 'Alerts across the storefront, front end, checkout, payment and the provider, plus a release of an unrelated service.',
    scoring_notes: 'Both causes must be mitigated; one leaves a service that needs attention after its cause is fixed, and doing that first does not hold.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
