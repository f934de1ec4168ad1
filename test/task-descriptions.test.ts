/**
 * What an agent is told about its incident before it looks — the task list (`GET /tasks`: id, name, description)
 * and the briefing (incident title and goal, as every observation and the MCP briefing carry them) — describes
 * symptoms only: no fault label, fault synonym or fix name (test/helpers/fault-vocabulary.ts). The compat
 * tasks keep their projects' own texts and are checked on their compat surfaces instead.
 */
import { describe, expect, it } from 'vitest';

import { Environment } from '../src/env/environment.js';
import { createDefaultRegistry } from '../src/cli/default-registry.js';
import { renderBriefing } from '../src/server/mcp/briefing.js';
import { GIVEAWAYS, giveawaysIn } from './helpers/fault-vocabulary.js';

const registry = createDefaultRegistry();
const COMPAT_SOURCES = new Set(['sre-incident-response', 'devops-incident-response']);
const tasks = registry.list().filter((t) => !COMPAT_SOURCES.has(t.source));
/** Titles may vary with the seed; a handful covers each task's variants. */
const SEEDS = [0, 1, 2, 3, 4, 5];

describe('task descriptions and briefings describe symptoms only', () => {
  it('the vocabulary catches the texts it is meant to catch, and not plain symptoms', () => {
    expect(giveawaysIn('Its disk is full; freeing space helps only for a while.')).toEqual(['fault disk_full: "disk is full"', 'fix clear_disk: "freeing space"']);
    expect(giveawaysIn('Its last release was hours ago and rolling it back is tempting.')).toEqual(['fix rollback: "rolling it back"']);
    expect(giveawaysIn('Adding replicas by hand helps for two minutes.')).toEqual(['fix scale: "Adding replicas"']);
    expect(giveawaysIn('The order service is leaking memory, triggering OOM restarts')).toEqual(['fault memory_leak: "leaking"', 'fault oom_crashloop: "OOM"', 'fix restart: "restarts"']);
    expect(giveawaysIn('config-drift and cache_stampede')).toEqual(['label config\\-drift: "config-drift"', 'label cache_stampede: "cache_stampede"']);
    expect(giveawaysIn('Checkout 5xx rate above 20%; latency p99 climbing, errors and timeouts, a backlog grows, CPU saturates.')).toEqual([]);
    expect(GIVEAWAYS.length).toBeGreaterThan(150);
  });

  for (const task of tasks) {
    it(`${task.id}: id, name and description`, () => {
      expect(giveawaysIn(`${task.id.replace(/-/g, ' ')}\n${task.name}\n${task.description}`)).toEqual([]);
    });

    it(`${task.id}: title and goal of the briefing on seeds ${SEEDS.join(', ')}`, () => {
      const env = new Environment(registry);
      const found = new Set<string>();
      for (const seed of SEEDS) {
        const first = env.reset({ task_id: task.id, seed });
        const incident = first.observation['incident'] as { title: string; goal: string };
        const header = renderBriefing(first).split('## First page')[0] ?? '';
        for (const g of giveawaysIn(`${incident.title}\n${incident.goal}\n${header}`)) found.add(g);
      }
      expect([...found]).toEqual([]);
    });
  }
});
