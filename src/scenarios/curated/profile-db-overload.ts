import { socialNetwork } from '../topologies/social-network.js';
import { DEFAULT_GOAL, curated, stagedChange } from './curated.js';

export const profileDbOverload = curated({
  id: 'profile-db-overload-v1',
  name: 'User database overloaded',
  difficulty: 'hard',
  description: 'The user database is saturated with identical queries, and everything that needs user data slows or fails. The database had a configuration change this week; its cache in front looks idle.',
  title: 'User database CPU at 100%',
  goal: DEFAULT_GOAL,
  max_steps: 50,
  topology: socialNetwork,
  stage(t, rng) {
    for (const e of t.edges) e.breaker = false;
    return {
      faults: [{ id: 'herd', kind: 'cache_stampede', service: 'user', onset: 0, params: { cache: 'user-memcached', db: 'user-mongodb' } }],
      config_changes: [stagedChange(t, 'user-mongodb', 'wiredTiger.cacheSizeGB', 8, 6, rng.int(600, 3000))],
    };
  },
  card: {
    modelled_on: 'Cache stampedes (thundering herds): after a mass expiry every concurrent miss goes to the database, which slows down so refills time out and the herd sustains itself.',
    what_you_see: 'CPU, latency and error alerts on the user database and on the services that read users; a configuration change on the database from days ago.',
    scoring_notes: 'The overloaded database is not where the fix goes, and its old configuration change is not the cause.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
