/**
 * An example agent module for `firedrill eval --agent examples/agents/alert-reactor.mjs`: the default export is a
 * factory `(opts) => Agent`. It reacts to alerts the naive way (no investigation of causes): for each critical alert
 * whose title matches a known symptom it diagnoses the alerting service and applies the textbook fix, then verifies
 * and resolves. It is a baseline to beat, and an example of the Agent interface (src/agents/agent.ts).
 */
const RULES = [
  { match: /volume .*full|disk/i, fault: 'disk_full', fix: 'clear_disk' },
  { match: /memory|heap|oom/i, fault: 'memory_leak', fix: 'restart' },
  { match: /evict|cache/i, fault: 'cache_eviction_oom', fix: 'config_set', params: { key: 'maxmemory-policy', value: 'allkeys-lru' } },
  { match: /connection pool|pool/i, fault: 'connection_pool_exhaustion', fix: 'restart' },
  { match: /certificate|tls/i, fault: 'certificate_expired', fix: 'renew_certificate' },
];

export default function createAlertReactor() {
  let queue = [];
  return {
    name: 'alert-reactor',
    start(_ctx, first) {
      const alerts = Array.isArray(first.observation.alerts) ? first.observation.alerts : [];
      queue = [{ action_type: 'list_services' }];
      const done = new Set();
      for (const alert of alerts) {
        if (alert.severity !== 'critical' || done.has(alert.service)) continue;
        const rule = RULES.find((r) => r.match.test(alert.title));
        if (!rule) continue;
        done.add(alert.service);
        queue.push(
          { action_type: 'read_logs', service: alert.service, level: 'ERROR', limit: 20 },
          { action_type: 'diagnose', service: alert.service, fault: rule.fault, evidence: alert.title },
          { action_type: 'apply_fix', service: alert.service, fix: rule.fix, ...(rule.params ? { params: rule.params } : {}) },
        );
      }
      queue.push({ action_type: 'wait', minutes: 5 }, { action_type: 'verify_health' }, { action_type: 'resolve', summary: 'Fixed the alerting services.' });
    },
    act() {
      return queue.shift() ?? null;
    },
  };
}
