import type { Rng } from '../../lib/index.js';
import type { EdgeSpec, ServiceSpec } from '../../sim/spec.js';
import { sizeTopology } from './sizing.js';
import { randomVersion, type TopologyTemplate } from './topology.js';

/** A login and authentication stack: mobile and web front ends, auth with a session cache, tokens, MFA over an SMS provider, social login. */
export const loginStack: TopologyTemplate = {
  id: 'login-stack',
  description: 'Login/auth stack: edge gateway, mobile API and web BFF, auth service with a session cache and users database, token service, MFA through an SMS provider, social login through an identity provider, profile service and an audit log.',
  build(rng: Rng) {
    const api = (name: string, extra: Partial<ServiceSpec> = {}): ServiceSpec => ({ name, kind: 'api', version: randomVersion(rng), ...extra });
    const services: ServiceSpec[] = [
      { name: 'edge-gateway', kind: 'gateway', public: true, version: randomVersion(rng) },
      api('mobile-api'),
      api('web-bff'),
      api('auth-service', { config: { 'session.ttl_seconds': rng.pick([1800, 3600, 7200]) } }),
      api('token-service'),
      api('mfa-service'),
      api('profile-service'),
      { name: 'session-cache', kind: 'cache', replicas: 1 },
      { name: 'users-db', kind: 'database', replicas: 1 },
      { name: 'sms-gateway', kind: 'external', replicas: 1 },
      { name: 'oidc-idp', kind: 'external', replicas: 1 },
      { name: 'audit-log', kind: 'storage', replicas: 1 },
    ];
    const mobileShare = rng.float(0.5, 0.75);
    const edges: EdgeSpec[] = [
      { from: 'edge-gateway', to: 'mobile-api', calls: mobileShare, retries: 0 },
      { from: 'edge-gateway', to: 'web-bff', calls: 1 - mobileShare, retries: 0 },
      { from: 'mobile-api', to: 'auth-service', calls: 1, retries: rng.int(1, 2), breaker: rng.chance(0.6), breaker_open_minutes: rng.int(3, 8) },
      { from: 'mobile-api', to: 'profile-service', calls: 0.5, retries: 1, fallback: true },
      { from: 'web-bff', to: 'auth-service', calls: 1, retries: 1 },
      { from: 'web-bff', to: 'profile-service', calls: 0.5, retries: 1 },
      { from: 'auth-service', to: 'session-cache', calls: 2, retries: rng.int(1, 3), write_fraction: 0.5 },
      { from: 'auth-service', to: 'users-db', calls: rng.float(0.2, 0.4), retries: 1 },
      { from: 'auth-service', to: 'token-service', calls: 1, retries: 1 },
      { from: 'auth-service', to: 'mfa-service', calls: rng.float(0.05, 0.15), retries: 0 },
      { from: 'auth-service', to: 'oidc-idp', calls: rng.float(0.03, 0.1), retries: 1, timeout_ms: 5000 },
      { from: 'auth-service', to: 'audit-log', calls: 0.1, retries: 0, fallback: true, write_fraction: 1 },
      { from: 'token-service', to: 'session-cache', calls: 1, retries: 1, write_fraction: 0.5 },
      { from: 'mfa-service', to: 'sms-gateway', calls: 1, retries: 1, timeout_ms: 5000 },
      { from: 'profile-service', to: 'users-db', calls: 1, retries: 1 },
    ];
    return sizeTopology({ template: 'login-stack', services, edges, load_rps: Math.round(rng.float(250, 550)) }, rng.float(0.33, 0.45));
  },
};
