import { socialNetwork } from '../topologies/social-network.js';
import { DEFAULT_GOAL, curated, harmlessRelease, serviceOf } from './curated.js';

export const timelineTimeoutsAfterRelease = curated({
  id: 'timeline-timeouts-after-release-v1',
  name: 'Timelines time out after a release',
  difficulty: 'medium',
  description: 'Home and user timelines of a DeathStarBench-style social network time out. Two services shipped releases recently; only one of them matters, and its database looks fine.',
  title: 'Timeline p99 latency above 5 s',
  goal: DEFAULT_GOAL,
  max_steps: 40,
  topology: socialNetwork,
  stage(t, rng) {
    serviceOf(t, 'post-storage').pool_size = rng.int(8, 14);
    return {
      faults: [{ id: 'leaky-release', kind: 'connection_pool_exhaustion', service: 'post-storage', onset: 0 }],
      deploys: [harmlessRelease(t, 'home-timeline', rng.int(4, 10), 'Render reposts inline')],
    };
  },
  card: {
    modelled_on: 'Connection leaks after a release: an error path stops returning database connections, the pool drains over tens of minutes, and requests queue for a connection until they time out.',
    what_you_see: 'Latency and error alerts on the timelines and the edge, a pool-saturation alert, and two recent releases. The database behind the pool is quiet.',
    scoring_notes: 'Restarting or scaling the leaking service buys minutes; the pool drains again.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
