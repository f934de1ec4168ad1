import { dataPipeline } from '../topologies/data-pipeline.js';
import { DEFAULT_GOAL, curated, harmlessRelease } from './curated.js';

export const pipelineFreshnessLag = curated({
  id: 'pipeline-freshness-lag-v1',
  name: 'Dashboards minutes behind',
  difficulty: 'medium',
  description: 'Analytics dashboards fall further behind every minute in an event pipeline of thirteen services. Ingest is healthy; a backlog grows in the middle of the pipeline, and two releases happened today.',
  title: 'Event freshness above 5 minutes',
  goal: DEFAULT_GOAL,
  max_steps: 40,
  topology: dataPipeline,
  stage(t, rng) {
    return {
      faults: [{ id: 'slow-consumer', kind: 'queue_consumer_lag', service: 'stream-processor', onset: 0, params: { queue: 'raw-events', rate_factor: Math.round(rng.float(0.3, 0.45) * 100) / 100 } }],
      deploys: [harmlessRelease(t, 'warehouse-loader', rng.int(40, 90), 'Batch inserts in groups of 5000')],
    };
  },
  card: {
    modelled_on: 'Queue backlogs after a consumer deploy: a release makes per-message work slower, consumers fall below the publish rate and the lag grows until the change is undone, then the backlog has to drain.',
    what_you_see: 'A backlog alert on a queue, latency alerts on its consumer, and two releases in the deploy history. Nothing customer-facing errors.',
    scoring_notes: 'Mitigated means the backlog has drained and every service has stayed inside SLO for the settle window, so the fix must come early enough to drain. Adding consumers does not help here.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
