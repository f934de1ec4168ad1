import { describe, expect, it } from 'vitest';

import { assertedFaults, assertedServices, claimedFixes, clauses, compatibleFaults, namesToken } from './claims.js';

describe('postmortem claim reader', () => {
  it('reads "errors cleared by T+13" as recovery, not as clearing a disk', () => {
    expect(claimedFixes('Errors cleared by T+13.')).toEqual([]);
    expect(claimedFixes('T+9 cleared old WAL segments on payments-db.')).toEqual(['clear_disk']);
  });

  it('a denied mechanism or service asserts nothing', () => {
    const text = 'It was not an expired certificate: the api-gateway TLS warning is unrelated.';
    expect(assertedFaults(text)).toEqual([]);
    expect(assertedServices(text, ['api-gateway'])).toEqual([]);
    expect(assertedServices('subscriptions-db was healthy throughout.', ['subscriptions-db'])).toEqual([]);
    expect(assertedFaults('We ruled out DNS and a network partition.')).toEqual([]);
    expect(assertedFaults('a memory leak in cart, rather than a full disk')).toEqual(['memory_leak']);
  });

  it('a change credited to the autoscaler or to the system itself is not a remediation claim', () => {
    expect(claimedFixes('Capacity was scaled by the autoscaler.')).toEqual([]);
    expect(claimedFixes('We scaled up cart to 6 replicas.')).toEqual(['scale']);
    expect(claimedFixes('The queue drained on its own after we rolled back.')).toEqual([]);
    expect(claimedFixes('We rolled back the consumer; the queue then drained.')).toEqual(['rollback']);
  });

  it('names services as whole tokens: frontend-proxy is not frontend, a config key is not its service', () => {
    expect(namesToken('frontend-proxy returned 502s', 'frontend')).toBe(false);
    expect(namesToken('frontend-proxy returned 502s', 'frontend-proxy')).toBe(true);
    expect(namesToken('the key profile-api.endpoint pointed at the old host', 'profile-api')).toBe(false);
    expect(namesToken('profile-api. It failed.', 'profile-api')).toBe(true);
    expect(namesToken('(frontend) failed', 'frontend')).toBe(true);
  });

  it('a trigger named in passing is a true claim when the fault accepts it', () => {
    expect(assertedFaults('timeouts on ledger (config drift by ops-terraform)')).toEqual(['config_drift']);
    expect(compatibleFaults(['dns_failure', 'config_drift']).has('config_drift')).toBe(true);
  });

  it('describing a log-volume fill as filling the disk is a close relative, not a second fault', () => {
    expect(compatibleFaults(['log_volume_disk_fill']).has('disk_full')).toBe(true);
    expect(compatibleFaults(['log_volume_disk_fill']).has('memory_leak')).toBe(false);
  });

  it('splits clauses at sentence ends and separators but not inside versions or config keys', () => {
    expect(clauses('Rolled back v3.16.0 on feed. profile-api.endpoint was fine; not DNS').map((c) => [c.text, c.negated])).toEqual([
      ['Rolled back v3.16.0 on feed', false],
      ['profile-api.endpoint was fine', true],
      ['not DNS', true],
    ]);
  });
});
