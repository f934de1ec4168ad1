import { onlineShop } from '../topologies/online-shop.js';
import { DEFAULT_GOAL, curated } from './curated.js';

export const frontendSlow = curated({
  id: 'frontend-slow-v1',
  name: 'Front end slow with flat traffic',
  difficulty: 'hard',
  description: 'The shop front end slows down and starts shedding requests while its traffic, code and configuration are unchanged.',
  title: 'Frontend p99 latency above 2 s',
  goal: DEFAULT_GOAL,
  max_steps: 50,
  topology: onlineShop,
  stage(t) {
    for (const e of t.edges) e.breaker = false;
    return { faults: [{ id: 'neighbour', kind: 'noisy_neighbor', service: 'frontend', onset: 0, params: { origin: 'fraud-detection' } }] };
  },
  card: {
    modelled_on: 'Noisy neighbours: a batch workload that lost its CPU limit saturates shared nodes and starves a latency-sensitive service scheduled beside it.',
    what_you_see: 'Latency, CPU and error alerts on the front end and the edge. The front end itself did not change.',
    scoring_notes: 'Restarting or rolling back the slow service does nothing; the cause is a change on another service.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
