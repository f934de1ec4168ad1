import { onlineShop } from '../topologies/online-shop.js';
import { DEFAULT_GOAL, curated } from './curated.js';

export const cardPaymentsDeclining = curated({
  id: 'card-payments-declining-v1',
  name: 'Card payments declining',
  difficulty: 'easy',
  description: 'Card payments fail or hang for a growing share of customers.',
  title: 'Payment success rate below 40%',
  goal: DEFAULT_GOAL,
  max_steps: 30,
  topology: onlineShop,
  stage() {
    return { faults: [{ id: 'vendor', kind: 'external_provider_outage', service: 'card-processor', onset: 0, params: { primary: 'acquirer-north', standby: 'acquirer-south' } }] };
  },
  card: {
    modelled_on: 'Third-party provider outages (payments, SMS, maps): the vendor API returns errors or hangs and the fix is to move traffic to a standby provider.',
    what_you_see: 'Error and latency alerts on payment, checkout and the external provider.',
    scoring_notes: 'Restarting or scaling our own services does not help.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
