import { onlineShop } from '../topologies/online-shop.js';
import { DEFAULT_GOAL, curated } from './curated.js';

export const paymentsFailing = curated({
  id: 'payments-failing-v1',
  name: 'Payments failing after routine maintenance',
  difficulty: 'medium',
  description: 'Checkout fails at the payment step. The payment database is up and quiet, its logs full of rejected logins; no release went out.',
  title: 'Payment failures above 50%',
  goal: DEFAULT_GOAL,
  max_steps: 40,
  topology: onlineShop,
  stage() {
    return { faults: [{ id: 'stale-secret', kind: 'credential_rotation_failure', service: 'payment', onset: 0, params: { callee: 'orders-db', old_secret: 'v17', new_secret: 'v18' } }] };
  },
  card: {
    modelled_on: 'Credential rotation failures: a database password is rotated on schedule, but a client holds the old secret it read at start-up and cannot reconnect.',
    what_you_see: 'Error alerts on payment, checkout and the storefront. The database logs authentication failures; its configuration history shows the rotation.',
    scoring_notes: 'The database is not broken and needs no change. Adding replicas only helps partly.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
