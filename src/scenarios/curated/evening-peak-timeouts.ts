import { socialNetwork } from '../topologies/social-network.js';
import { DEFAULT_GOAL, curated, serviceOf } from './curated.js';

export const eveningPeakTimeouts = curated({
  id: 'evening-peak-timeouts-v1',
  name: 'Timelines slow at the evening peak',
  difficulty: 'medium',
  description: 'At the daily peak the home timeline saturates. Requests time out for the busiest hour of the day.',
  title: 'Home timeline p99 above 3 s',
  goal: DEFAULT_GOAL,
  max_steps: 40,
  topology: socialNetwork,
  stage(t) {
    const ht = serviceOf(t, 'home-timeline');
    const load = t.loads?.['home-timeline'] ?? 300;
    ht.replicas = 4;
    ht.capacity_rps = Math.round((load / (4 * (t.utilisation ?? 0.4))) * 10) / 10;
    return { faults: [{ id: 'hpa-cap', kind: 'autoscaler_misconfig', service: 'home-timeline', onset: 0, params: { peak_factor: 1.2 } }] };
  },
  card: {
    modelled_on: 'Autoscaler misconfiguration: a maximum replica count lowered in a cleanup leaves a service unable to grow for the daily peak, and manual scaling is undone by the autoscaler.',
    what_you_see: 'CPU, latency and error alerts on the home timeline and the edge. Configuration history on the service shows an infrastructure change from earlier in the day.',
    scoring_notes: 'A hand-scaled fix relapses within minutes; mitigation is checked after a settle window.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
