import { onlineShop } from '../topologies/online-shop.js';
import { DEFAULT_GOAL, curated, harmlessRelease } from './curated.js';

export const checkoutErrorsSpike = curated({
  id: 'checkout-errors-spike-v1',
  name: 'Checkout errors after a quiet morning',
  difficulty: 'easy',
  description: 'Checkout starts failing for a large share of customers. Customers see errors at the last step of buying.',
  title: 'Checkout error rate above 30%',
  goal: DEFAULT_GOAL,
  max_steps: 30,
  topology: onlineShop,
  stage(t, rng) {
    return {
      faults: [{ id: 'flag', kind: 'bad_feature_flag', service: 'checkout', onset: 0, params: { flag: 'flags.new_checkout_flow', error_rate: Math.round(rng.float(0.35, 0.5) * 100) / 100 } }],
      deploys: [harmlessRelease(t, 'checkout', rng.int(150, 300), 'Ship new checkout flow behind a flag (dark)')],
    };
  },
  card: {
    modelled_on: 'Feature flags switched on for everyone: code shipped dark releases ago fails on real traffic once a flag enables it.',
    what_you_see: 'Error alerts on checkout and the storefront. The deploy history shows a checkout release from hours ago.',
    scoring_notes: 'Rolling back the release does not remove the flagged code path.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
