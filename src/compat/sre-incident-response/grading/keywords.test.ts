import { describe, expect, it } from 'vitest';

import { findAll, mentionsAny } from './keywords.js';

describe('keyword matching on word boundaries', () => {
  it('does not find a keyword inside another word (the original matched substrings)', () => {
    expect(mentionsAny('thanks for the feedback', ['db'])).toBe(false);
    expect(mentionsAny('highest priority', ['high'])).toBe(false);
    expect(mentionsAny('slow flow below', ['low'])).toBe(false);
    expect(mentionsAny('more information', ['info'])).toBe(false);
    expect(mentionsAny('the author', ['auth'])).toBe(false);
    expect(mentionsAny('login failures', ['log'])).toBe(false);
  });

  it('finds whole words case-insensitively, with inflections', () => {
    expect(mentionsAny('DB is down', ['db'])).toBe(true);
    expect(mentionsAny('P1: database', ['p1'])).toBe(true);
    expect(mentionsAny('WAL logs accumulated', ['log'])).toBe(true);
    expect(mentionsAny('it was deployed', ['deploy'])).toBe(true);
    expect(mentionsAny('preventing a repeat', ['prevent'])).toBe(true);
    expect(mentionsAny('root   cause', ['root cause'])).toBe(true);
  });

  it('matches the head of a hyphenated compound but not its tail', () => {
    expect(mentionsAny('restart payment-service', ['payment'])).toBe(true);
    expect(mentionsAny('db-primary', ['primary'])).toBe(false);
    expect(mentionsAny('db_primary', ['primary'])).toBe(false);
    expect(mentionsAny('db-primary', ['db-primary'])).toBe(true);
    expect(mentionsAny('redis -> auth', ['redis', 'auth'])).toBe(true);
    expect(mentionsAny('redis->auth', ['auth'])).toBe(true);
  });

  it('matches stems and symbols', () => {
    expect(mentionsAny('the failure propagated', ['propagat*'])).toBe(true);
    expect(mentionsAny('chronological order', ['chronolog*'])).toBe(true);
    expect(mentionsAny('disk at 99%', ['99%'])).toBe(true);
    expect(mentionsAny('deploy v2.4.1', ['v2.4.1'])).toBe(true);
    expect(mentionsAny('deploy v2.4.1', ['2.4.1'])).toBe(false);
  });

  it('keeps the longest of overlapping matches', () => {
    const found = findAll('the api-gateway and the gateway', ['gateway', 'api-gateway']).map((m) => m.keyword);
    expect(found).toEqual(['api-gateway', 'gateway']);
  });
});
