import { service } from '../world-access.js';
import { configChanged, installConfigChange, restoreConfigRemedy } from './config-change.js';
import type { FaultModel } from './model.js';

export const WAF_RULESET_KEY = 'waf.ruleset_version';

/** A web-application-firewall rule with a backtracking regular expression was pushed everywhere at once: CPU pegs on every request. */
export const regexCpuBlowup: FaultModel = {
  kind: 'regex_cpu_blowup',
  accepted_labels: ['regex_cpu_blowup', 'config_drift'],
  description: 'A firewall rule update with a catastrophically backtracking regular expression was pushed to every node at once: each request pins a core, CPU sits at 100% and requests time out with 502.',
  defaults: { good: '2026.03.1', bad: '2026.03.2' },
  install(fault, world) {
    installConfigChange(fault, world, fault.service, WAF_RULESET_KEY, 'waf-rules-ci', 1);
  },
  present: (fault, world) => configChanged(fault, world, fault.service, WAF_RULESET_KEY),
  effects(fault, world, add) {
    if (world.minute < fault.onset || !this.present(fault, world)) return;
    const svc = service(world, fault.service);
    add(fault.service, { cpu_extra: 88, capacity_factor: 0.45, latency_extra_ms: svc.base_latency_ms * 40 + 300, conditions: [`rule_backtracking:${WAF_RULESET_KEY}`] });
  },
  remedy: (fault) => restoreConfigRemedy(fault, fault.service, WAF_RULESET_KEY),
  fixes: [{ fix: 'config_set', params: 'waf.ruleset_version = the previous ruleset', effect: 'requests are matched in microseconds again' }],
  wrong_fixes: [
    { fix: 'restart', effect: 'no effect: the ruleset is loaded again at start-up' },
    { fix: 'rollback', effect: 'no effect: the ruleset ships separately from the release' },
  ],
};
