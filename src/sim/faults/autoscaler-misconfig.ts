import { num, service } from '../world-access.js';
import { installConfigChange } from './config-change.js';
import type { FaultModel } from './model.js';

export const MAX_REPLICAS_KEY = 'autoscaling.max_replicas';

/**
 * An autoscaler's maximum was lowered during a cleanup and it shrank the service overnight. At the daily peak
 * it cannot add replicas back, so the service saturates; replicas added by hand are scaled back to the maximum.
 */
export const autoscalerMisconfig: FaultModel = {
  kind: 'autoscaler_misconfig',
  accepted_labels: ['autoscaler_misconfig', 'config_drift'],
  description: "An autoscaler's maximum replica count was lowered below what peak traffic needs: the service saturates at the peak, and replicas added by hand are scaled back to the maximum.",
  defaults: { peak_factor: 1.2 },
  install(fault, world) {
    const svc = service(world, fault.service);
    const peak = num(fault.params['peak_factor'], 1.2);
    const utilisation = svc.demand_rps / Math.max(1e-9, svc.replicas * svc.capacity_rps);
    const required = Math.max(svc.replicas, Math.ceil(svc.replicas * peak * utilisation * 1.6));
    fault.params['required_replicas'] = required;
    fault.params['good'] ??= Math.max(required + 2, svc.replicas * 2);
    fault.params['bad'] ??= Math.max(1, Math.floor((svc.replicas * utilisation) / 1.4));
    installConfigChange(fault, world, fault.service, MAX_REPLICAS_KEY, 'platform-terraform', 90);
    // Overnight, at low traffic, the autoscaler shrank the service to the new maximum.
    svc.replicas = Math.min(svc.replicas, num(fault.params['bad'], 1));
    svc.config['autoscaling.target_cpu_pct'] = 60;
    svc.config['autoscaling.min_replicas'] = Math.max(1, Math.min(svc.replicas, 2));
  },
  present(fault, world) {
    return num(service(world, fault.service).config[MAX_REPLICAS_KEY], 0) < num(fault.params['required_replicas'], 1);
  },
  effects(fault, world, add) {
    if (world.minute < fault.onset) return;
    const svc = service(world, fault.service);
    add(fault.service, { demand_factor: num(fault.params['peak_factor'], 1.2) });
    // The autoscaler loop: wants enough replicas for the peak, never more than its maximum.
    const max = num(svc.config[MAX_REPLICAS_KEY], svc.replicas);
    const want = Math.min(max, num(fault.params['required_replicas'], svc.replicas));
    if (svc.replicas > max) {
      const since = num(fault.params['over_max_since'], world.minute);
      fault.params['over_max_since'] = since;
      if (world.minute - since >= 2) {
        svc.replicas = max;
        delete fault.params['over_max_since'];
        add(fault.service, { conditions: ['hpa_scaled_down'] });
      }
    } else if (svc.replicas < want) {
      svc.replicas = want;
    }
    if (this.present(fault, world) && svc.replicas >= max) add(fault.service, { conditions: [`hpa_capped:${MAX_REPLICAS_KEY}`] });
  },
  remedy: (fault) => [{ service: fault.service, fix: 'config_set', params: { key: MAX_REPLICAS_KEY, value: num(fault.params['good'], 10) } }],
  fixes: [{ fix: 'config_set', params: 'autoscaling.max_replicas ≥ what the peak needs', effect: 'the autoscaler adds replicas within a minute' }],
  wrong_fixes: [
    { fix: 'scale', effect: 'temporary relief: the autoscaler scales the deployment back to its maximum two minutes later' },
    { fix: 'restart', effect: 'no effect: the same number of replicas restart one at a time' },
  ],
};
