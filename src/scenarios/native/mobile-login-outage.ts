import type { WorldSpec } from '../../sim/spec.js';
import type { ScenarioDefinition } from '../scenario.js';

/** Session cache with eviction disabled fills up → auth cannot store sessions and retries → mobile breaker opens. */
export const cacheNoevictionLogin: ScenarioDefinition = {
  id: 'mobile-login-outage-v1',
  name: 'Mobile login outage',
  difficulty: 'hard',
  source: 'native',
  description: 'Mobile logins fail across the company.',
  title: 'Mobile login success rate collapsing',
  goal: 'Restore logins: find the root cause, mitigate it in an order that holds, verify, resolve and write the postmortem.',
  max_steps: 40,
  card: {
    modelled_on: 'A cache without an eviction policy fills its memory and starts refusing writes; the auth service retries every refused call several times without backoff, and the retry storm overloads the cache and everything that logs in. The fixes only hold in order: stop the storm, then repair the cache.',
    what_you_see: 'Login failure and latency alerts on the mobile edge and the auth service, load alerts on shared services, and a recent deploy on an unrelated service.',
    scoring_notes: 'Repairing one cause while the other keeps going does not last: mitigation counts only when every cause is resolved and nothing relapses.',
    versions: [{ version: 1, date: '2026-03-14', change: 'First version.' }],
  },
  build(_seed, rng): WorldSpec {
    return {
      load_rps: Math.round(rng.float(320, 420)),
      start_minute: rng.int(7, 10),
      services: [
        { name: 'edge-gateway', kind: 'gateway', public: true, replicas: 3 },
        { name: 'mobile-api', kind: 'api', replicas: 4, version: 'v5.12.0' },
        { name: 'web-frontend', kind: 'api', replicas: 3, version: 'v9.3.1' },
        { name: 'auth-service', kind: 'api', replicas: 4, version: 'v3.4.2', config: { 'session.ttl_seconds': 3600 } },
        { name: 'profile-service', kind: 'api', replicas: 2, version: 'v2.0.7' },
        { name: 'session-cache', kind: 'cache', replicas: 1, config: { maxmemory: '4gb' } },
        { name: 'users-db', kind: 'database', replicas: 1, disk_used_gb: 280 },
        { name: 'audit-log', kind: 'storage', replicas: 1, disk_used_gb: Math.round(rng.float(1720, 1790)) },
      ],
      edges: [
        { from: 'edge-gateway', to: 'mobile-api', calls: 0.6, timeout_ms: 3000, retries: 0 },
        { from: 'edge-gateway', to: 'web-frontend', calls: 0.4, timeout_ms: 3000, retries: 0 },
        { from: 'mobile-api', to: 'auth-service', calls: 1, timeout_ms: 800, retries: 2, breaker: true, breaker_open_minutes: 30 },
        { from: 'mobile-api', to: 'profile-service', calls: 0.5, timeout_ms: 800, retries: 1, fallback: true },
        { from: 'web-frontend', to: 'auth-service', calls: 1, timeout_ms: 1500, retries: 1 },
        { from: 'auth-service', to: 'session-cache', calls: 2, timeout_ms: 100, retries: 4, write_fraction: 0.5 },
        { from: 'auth-service', to: 'users-db', calls: 0.2, timeout_ms: 500, retries: 1 },
        { from: 'auth-service', to: 'audit-log', calls: 0.1, timeout_ms: 500, retries: 0, fallback: true, write_fraction: 1 },
        { from: 'profile-service', to: 'users-db', calls: 1, timeout_ms: 500, retries: 1 },
      ],
      faults: [
        { id: 'cache-full', kind: 'cache_eviction_oom', service: 'session-cache', onset: 0 },
        { id: 'auth-retries', kind: 'retry_storm', service: 'auth-service', onset: 0, trigger: 'cache-full', params: { callee: 'session-cache', attempts: 5 } },
      ],
      deploys: [
        { service: 'profile-service', version: 'v2.0.7', previous: 'v2.0.6', minute: -rng.int(25, 50), author: 'ci-deployer', note: 'Avatar upload size limit' },
      ],
    };
  },
};
