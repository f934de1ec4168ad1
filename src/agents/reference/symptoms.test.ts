import { describe, expect, it } from 'vitest';

import { needsRestart, readLines, readMetrics } from './symptoms.js';

const lines = (...messages: string[]) => messages.map((message) => ({ ts: '2026-03-14T02:20:00Z', level: 'ERROR' as const, pod: 'svc-0', message }));

describe('readLines', () => {
  it('reads a service’s own trouble as a fault of that service', () => {
    expect(readLines('payments-db', lines('2026-03-14 02:20:05.311 UTC [209] payment_service_app@payments ERROR:  could not extend file "base/16384/33602": No space left on device', '2026-03-14 02:20:11.004 UTC [27] LOG:  checkpoint starting: time'))).toEqual([{ kind: 'fault', service: 'payments-db', fault: 'disk_full', lines: 1 }]);
    expect(readLines('session-cache', lines("1:M 14 Mar 2026 02:20:05.311 # Can't save in background: fork: Cannot allocate memory"))[0]).toMatchObject({ service: 'session-cache', fault: 'cache_eviction_oom' });
    expect(readLines('orders-api', lines('2026-03-14 02:20:05,311 ERROR [client] call to https://payments-staging.internal:8443 failed: 403 Forbidden (endpoint from payments.endpoint)'))[0]).toMatchObject({ fault: 'config_drift', hint: 'payments.endpoint' });
  });

  it('places TLS, DNS and network failures on the dependency the caller names', () => {
    expect(readLines('orders-api', lines('time=2026-03-14T02:20:05.311Z level=ERROR msg="Get \\"https://auth-api:443/\\": tls: failed to verify certificate: x509: certificate has expired or is not yet valid" component=client'))[0]).toMatchObject({ service: 'auth-api', fault: 'certificate_expired' });
    expect(readLines('orders-api', lines('2026-03-14T02:20:05.311Z ERROR 1 --- [nio-8080-exec-4] c.a.ordersapi.client.UpstreamClient      : java.net.UnknownHostException: auth-api.prod.svc.cluster.local: Name or service not known'))[0]).toMatchObject({ service: 'auth-api', fault: 'dns_failure' });
    expect(readLines('orders-api', lines('{"level":50,"time":1773454205123,"pid":1,"hostname":"orders-api-h7md2nkkjc-nskpm","msg":"connect EHOSTUNREACH 10.32.7.14:8080 (auth-api)"}'))[0]).toMatchObject({ service: 'auth-api', fault: 'network_partition' });
  });

  it('follows a caller’s complaints about a dependency, even when they quote the dependency’s own error', () => {
    expect(readLines('payment-service', lines('2026-03-14 02:20:05,311 ERROR [client] write to payments-db failed: ERROR: could not extend file: No space left on device (SQLSTATE 53100)', '2026-03-14 02:20:07,118 ERROR [store] request to payments-db timed out after 2000ms'))).toEqual([{ kind: 'points_to', target: 'payments-db', lines: 2, why: 'writes' }]);
  });

  it('ranks findings by how many lines support them', () => {
    const f = readLines('api', lines('request to db timed out after 500ms', 'slow response from db: 912ms', '2026-03-14 02:20:05,311 ERROR [client] cache responded 503 Service Unavailable'));
    expect(f.map((x) => (x.kind === 'points_to' ? x.target : x.service))).toEqual(['db', 'cache']);
  });
});

describe('readMetrics', () => {
  const m = (metric: string, now: number, baseline: number, max = now) => ({ metric, unit: '%', now, baseline, min: Math.min(now, baseline), max, trend: 'flat' as const, series: [now], series_minutes: [0], step_minutes: 1 });
  it('names disk, memory and CPU exhaustion against the baseline', () => {
    expect(readMetrics('db', [m('disk_pct', 99.2, 62)])?.fault).toBe('disk_full');
    expect(readMetrics('api', [m('memory_pct', 60, 34, 96)])?.fault).toBe('memory_leak');
    expect(readMetrics('api', [m('cpu_pct', 99, 35)])?.fault).toBe('cpu_saturation');
    expect(readMetrics('api', [m('cpu_pct', 99, 92)])).toBeNull();
  });
});

describe('needsRestart', () => {
  it('is true for piled-up retry workers and for a breaker still open towards a healthy dependency', () => {
    expect(needsRestart(lines('retry queue for session-cache writes: 812 pending, workers busy'), () => false)).toBe(true);
    expect(needsRestart(lines("CircuitBreaker 'auth-service' is OPEN and does not permit further calls"), (s) => s === 'auth-service')).toBe(true);
    expect(needsRestart(lines("CircuitBreaker 'auth-service' is OPEN and does not permit further calls"), () => false)).toBe(false);
  });
});
