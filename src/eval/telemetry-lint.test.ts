import { describe, expect, it } from 'vitest';

import { Environment } from '../env/environment.js';
import { createTaskRegistry } from '../env/tasks.js';
import { checkText, lintEpisode, TELEMETRY_INVARIANTS, type Violation } from './telemetry-lint.js';

const registry = createTaskRegistry();
/** Every native task: the four generator families, the curated incidents and the hand-written ones. */
const TASKS = registry
  .list()
  .filter((t) => t.source !== 'sre-incident-response' && t.source !== 'devops-incident-response')
  .map((t) => t.id);
const EPISODES = Number(process.env['LINT_EPISODES'] ?? 300);
const STEPS = 20;

describe('telemetry linter', () => {
  it(`${EPISODES} episodes over every family and curated incident, ${STEPS} steps each: 0 violations`, () => {
    const env = new Environment(registry);
    const violations: Violation[] = [];
    let episodes = 0;
    const checked: Record<string, number> = {};
    for (let seed = 0; episodes < EPISODES; seed++) {
      for (const task of TASKS) {
        if (episodes >= EPISODES) break;
        const r = lintEpisode(env, task, seed, STEPS);
        violations.push(...r.violations);
        for (const [k, n] of Object.entries(r.checked)) checked[k] = (checked[k] ?? 0) + n;
        episodes++;
      }
    }
    const byInvariant: Record<string, string[]> = {};
    for (const v of violations) (byInvariant[v.invariant] ??= []).push(`[${v.task} seed ${v.seed} step ${v.step}] ${v.detail}`);
    expect(Object.fromEntries(Object.entries(byInvariant).map(([k, vs]) => [k, `${vs.length}: ${vs.slice(0, 5).join('\n')}`]))).toEqual({});
    expect(episodes).toBe(EPISODES);
    // Every renderer was exercised.
    for (const k of ['texts', 'log_lines', 'alerts', 'metrics', 'search_hits', 'spans']) expect(checked[k] ?? 0, k).toBeGreaterThan(EPISODES);
    expect(TASKS.length).toBeGreaterThanOrEqual(26);
  }, 300_000);

  it('catches what it claims to: an invalid address, a count above its limit, a percentage over 100, a leftover placeholder, a fault label', () => {
    expect(Object.keys(TELEMETRY_INVARIANTS)).toHaveLength(11);
    expect(checkText('dial tcp 10.32.4977.14:8080: connect: no route to host')).toEqual(['ip-valid']);
    expect(checkText('request from 203.0.113.4189 rejected')).toEqual(['ip-valid']);
    expect(checkText('retrying request to auth-service (attempt 6625/5)')).toEqual(['count-within-limit']);
    expect(checkText('thread dump: 5264 of 200 request threads BLOCKED')).toEqual(['count-within-limit']);
    expect(checkText('pool (active=3606, idle=0, waiting=3606, total=120)')).toEqual(['count-within-limit']);
    expect(checkText('filesystem /var/log at 101.4% (free 6536 MB)')).toEqual(['percent-range']);
    expect(checkText('retrying {target} now')).toEqual(['placeholder-filled']);
    expect(checkText('possible memory leak in the handler')).toEqual(['no-fault-label']);
    // Dates, versions, CIDR ranges and HTTP versions are not counts or addresses.
    expect(checkText('2026/03/14 02:10:05 [error] 7#7: upstream "http://10.40.2.9:8080/v1" HTTP/1.1 10.0.0.0/8 nginx/1.25.4 attempt 2/3 12 of 200')).toEqual([]);
  });
});
