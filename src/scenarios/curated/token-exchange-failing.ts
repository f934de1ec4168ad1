import { loginStack } from '../topologies/login-stack.js';
import { DEFAULT_GOAL, curated, serviceOf } from './curated.js';

export const tokenExchangeFailing = curated({
  id: 'token-exchange-failing-v1',
  name: 'Token exchange failing for every login',
  difficulty: 'easy',
  description: 'Every login fails at the token step in a twelve-service login stack. The failure is loud and close to its cause; a certificate warning on another service is a distraction.',
  title: 'Login success rate below 10%',
  goal: DEFAULT_GOAL,
  max_steps: 30,
  topology: loginStack,
  stage(t, rng) {
    serviceOf(t, 'edge-gateway').cert_expires_in_minutes = rng.int(3, 5) * 1440;
    return { faults: [{ id: 'token-cert', kind: 'certificate_expired', service: 'token-service', onset: 0 }] };
  },
  card: {
    modelled_on: 'Expired certificates are among the most common public outage causes (internal mTLS and authentication certificates that nobody renewed).',
    what_you_see: 'Auth and front-end error alerts, a health-check alert, and an unrelated warning that another certificate expires in a few days. Callers of the broken service log handshake failures.',
    scoring_notes: 'One fix on the right service mitigates it; acting on the service whose certificate merely expires soon is an unnecessary change.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
