import { describe, expect, it } from 'vitest';

import { affirms, analyzeClaims, splitClauses, type ServiceVocabulary } from './claims.js';

const SERVICES: ServiceVocabulary[] = [
  { id: 'db', keywords: ['db-primary', 'database', 'db'] },
  { id: 'payment', keywords: ['payment', 'payment-service'] },
  { id: 'auth', keywords: ['auth', 'auth-service'] },
  { id: 'cache', keywords: ['cache', 'redis'] },
  { id: 'gateway', keywords: ['gateway', 'api-gateway'] },
  { id: 'mobile', keywords: ['mobile-api', 'mobile'] },
  { id: 'breaker', keywords: ['circuit breaker'], shadows: ['mobile'] },
];

const levels = (text: string) => Object.fromEntries(Object.entries(analyzeClaims(text, SERVICES).claims).map(([id, c]) => [id, c.level]));

describe('claims', () => {
  it('splits clauses on ; , . newlines and spaced dashes, but keeps versions and bare lists together', () => {
    expect(splitClauses('db P1; payment P1, auth P2. cache v2.4.1\ngateway — P3')).toEqual(['db p1', 'payment p1', 'auth p2', 'cache v2.4.1', 'gateway', 'p3']);
    expect(splitClauses('payment, auth, cache and gateway are symptoms')).toEqual(['payment , auth , cache and gateway are symptoms']);
  });

  it('binds a priority to the service written next to it', () => {
    expect(levels('auth is P1, gateway P2')).toEqual({ auth: 'P1', gateway: 'P2' });
    expect(levels('payment P1 auth P2')).toEqual({ payment: 'P1', auth: 'P2' });
    expect(levels('CRITICAL: db-primary CPU > 95%')).toEqual({ db: 'P1' });
    expect(levels('payment and auth are P1')).toEqual({ payment: 'P1', auth: 'P1' });
  });

  it('prefers explicit priorities over descriptive words', () => {
    expect(levels('db-primary P1: CPU is very high')).toEqual({ db: 'P1' });
    expect(levels('cache warning, low hit rate')).toEqual({ cache: 'P2' });
    expect(levels('cache is high and low')).toEqual({ cache: null });
  });

  it('reports contradictions', () => {
    expect(analyzeClaims('auth P1; auth P2', SERVICES).contradictions).toEqual(['auth is given P1 and P2']);
    expect(analyzeClaims('cache root cause; cache is a symptom', SERVICES).contradictions).toEqual(['cache is called both the root cause and a symptom']);
    expect(analyzeClaims('db P1 root cause', SERVICES).contradictions).toEqual([]);
  });

  it('binds "root cause of X is Y" to Y', () => {
    const claims = analyzeClaims('the root cause of payment failures is db-primary', SERVICES).claims;
    expect(claims['db']?.root).toBe(true);
    expect(claims['payment']?.root).toBe(false);
  });

  it('lets a more specific service shadow the one it belongs to', () => {
    expect(levels('WARNING: mobile-api circuit breaker OPEN')).toEqual({ breaker: 'P2' });
  });

  it('affirms ignores negated and dismissed mentions', () => {
    expect(affirms('no recent deploy; disk full', ['deploy'])).toBe(false);
    expect(affirms('replication lag is a red herring', ['replication lag'])).toBe(false);
    expect(affirms('replication lag is growing', ['replication lag'])).toBe(true);
  });
});
