import { dataPipeline } from '../topologies/data-pipeline.js';
import { DEFAULT_GOAL, curated } from './curated.js';

export const ingestErrors = curated({
  id: 'ingest-errors-v1',
  name: 'Event ingest failing and pods evicted',
  difficulty: 'medium',
  description: 'Event ingest fails and collector pods keep getting evicted. Events are being dropped.',
  title: 'Ingest error rate above 25%',
  goal: DEFAULT_GOAL,
  max_steps: 40,
  topology: dataPipeline,
  stage() {
    return { faults: [{ id: 'verbose', kind: 'log_volume_disk_fill', service: 'event-collector', onset: 0 }] };
  },
  card: {
    modelled_on: 'Debug logging left on in production: request bodies logged at DEBUG fill the node-local log volume until writes fail and pods are evicted.',
    what_you_see: 'Error alerts at ingest, a disk alert on the collector and collector logs full of request dumps and write failures.',
    scoring_notes: 'Two fixes, in order: one stops the growth, the other frees the space. Freeing space alone relapses.',
    versions: [{ version: 1, date: '2026-03-15', change: 'First version.' }],
  },
});
