import { socialNetwork } from '../topologies/social-network.js';
import { DEFAULT_GOAL, curated, harmlessRelease } from './curated.js';

export const feedLatencySpike = curated({
  id: 'feed-latency-spike-v1',
  name: 'Feeds slow during a viral moment',
  difficulty: 'hard',
  description: 'Timelines slow down and error during a viral moment. Reads of the most popular content are the slowest.',
  title: 'Timeline latency and errors rising',
  goal: DEFAULT_GOAL,
  max_steps: 50,
  topology: socialNetwork,
  stage(t, rng) {
    for (const e of t.edges) e.breaker = false;
    return {
      faults: [{ id: 'viral', kind: 'hot_key', service: 'post-storage-memcached', onset: 0, params: { origin: 'post-storage', key_name: `post:${rng.int(1000000, 9999999)}` } }],
      deploys: [harmlessRelease(t, 'home-timeline', rng.int(5, 20), 'Prefetch next page of the timeline')],
    };
  },
  card: {
    modelled_on: 'Hot keys: one key (a celebrity post, a flash-sale item) draws a large share of all reads, saturating the single cache shard that owns it.',
    what_you_see: 'CPU and error alerts on a cache, latency and error alerts on the services that read it and on the timelines, and a recent release of a timeline service.',
    scoring_notes: 'The cache is where it hurts, but the change that helps is made elsewhere. Scaling, flushing or restarting the cache does nothing.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
