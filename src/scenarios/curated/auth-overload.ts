import { loginStack } from '../topologies/login-stack.js';
import { DEFAULT_GOAL, curated } from './curated.js';

export const authOverload = curated({
  id: 'auth-overload-v1',
  name: 'Auth service overloaded without a traffic surge',
  difficulty: 'hard',
  description: 'The auth service and everything behind it saturate while user traffic is flat. The loudest service is not necessarily where it started.',
  title: 'Auth latency and errors climbing',
  goal: DEFAULT_GOAL,
  max_steps: 50,
  topology: loginStack,
  stage(t) {
    for (const e of t.edges) e.breaker = false;
    return { faults: [{ id: 'client-retries', kind: 'retry_storm', service: 'web-bff', onset: 0, params: { callee: 'auth-service', attempts: 8, amplification: 6 } }] };
  },
  card: {
    modelled_on: 'Retry storms: a client raised its retry count without backoff, multiplying the load it sends to a dependency until that dependency and its own dependencies saturate.',
    what_you_see: 'Error, latency and CPU alerts on the auth service and the services it calls, and on both front ends. No deploys near the onset.',
    scoring_notes: 'The fix is a change on the service that sends the load, not on the services that are overloaded.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
