import { rateLimitFor } from '../baseline-config.js';
import { num, service } from '../world-access.js';
import { configChanged, installConfigChange, restoreConfigRemedy } from './config-change.js';
import type { FaultModel } from './model.js';

export const RATE_LIMIT_KEY = 'ratelimit.requests_per_second';

/** A rate limit was entered in the wrong unit (per minute as per second): most legitimate requests get 429. */
export const rateLimitMisconfig: FaultModel = {
  kind: 'rate_limit_misconfig',
  accepted_labels: ['rate_limit_misconfig', 'config_drift'],
  description: 'A cluster-wide rate limit was set far below normal traffic (a per-minute figure entered as per-second): most legitimate requests are rejected with 429, and clients retry.',
  defaults: {},
  install(fault, world) {
    const svc = service(world, fault.service);
    const normal = Math.max(1, svc.demand_rps || svc.capacity_rps * svc.replicas * 0.4);
    fault.params['good'] ??= rateLimitFor(normal);
    fault.params['bad'] ??= Math.max(1, Math.round(normal * 0.25));
    installConfigChange(fault, world, fault.service, RATE_LIMIT_KEY, 'api-platform', 2);
  },
  present: (fault, world) => configChanged(fault, world, fault.service, RATE_LIMIT_KEY),
  effects(fault, world, add) {
    if (world.minute < fault.onset) return;
    const svc = service(world, fault.service);
    const limit = num(svc.config[RATE_LIMIT_KEY], 1e9);
    const demand = Math.max(1, svc.demand_rps);
    if (demand <= limit) return;
    add(fault.service, { error_rate: 1 - limit / demand, cpu_scale: 0.6, conditions: [`throttled:${RATE_LIMIT_KEY}`] });
  },
  remedy: (fault) => restoreConfigRemedy(fault, fault.service, RATE_LIMIT_KEY),
  fixes: [{ fix: 'config_set', params: 'ratelimit.requests_per_second = its previous value', effect: 'requests pass the limiter again' }],
  wrong_fixes: [
    { fix: 'scale', effect: 'no effect: the limit is enforced cluster-wide by the shared limiter' },
    { fix: 'restart', effect: 'no effect: the limiter reloads the same limit' },
  ],
};
