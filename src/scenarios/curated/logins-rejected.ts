import { loginStack } from '../topologies/login-stack.js';
import { DEFAULT_GOAL, curated, serviceOf } from './curated.js';

export const loginsRejected = curated({
  id: 'logins-rejected-v1',
  name: 'Valid sessions rejected as not yet valid',
  difficulty: 'medium',
  description: 'A large share of logins and authenticated requests fail with token errors. The logs talk about certificates and tokens being not yet valid; nothing was released.',
  title: 'Authentication failures above 40%',
  goal: DEFAULT_GOAL,
  max_steps: 40,
  topology: loginStack,
  stage(t, rng) {
    serviceOf(t, 'token-service').cert_expires_in_minutes = rng.int(2, 6) * 1440;
    return { faults: [{ id: 'time-source', kind: 'clock_skew', service: 'auth-service', onset: 0 }] };
  },
  card: {
    modelled_on: 'Clock skew breaking token validation: a node syncing to the wrong time source runs minutes ahead, so tokens and signatures fail their time checks elsewhere.',
    what_you_see: 'Error alerts on the auth path and front ends, and a warning that a certificate expires in a few days. Logs mention tokens and certificates that are not yet valid.',
    scoring_notes: 'Renewing certificates is a tempting wrong turn here.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
