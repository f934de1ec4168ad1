import { z } from 'zod';

import { DifficultySchema } from '../../contracts/index.js';
import { WorldSpecSchema } from '../../sim/spec.js';

/** Largest scenario file accepted, in bytes. */
export const MAX_SCENARIO_FILE_BYTES = 512 * 1024;

const Text = (max: number) => z.string().trim().min(1).max(max);

export const ScenarioCardSchema = z.strictObject({
  modelled_on: Text(2000).default('An incident authored as data.'),
  what_you_see: Text(2000),
  scoring_notes: Text(2000).default('Scored by the native rubric.'),
  versions: z
    .array(z.strictObject({ version: z.number().int().min(1).max(999), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-03-15'), change: Text(500) }))
    .min(1)
    .max(100),
});

/** A user-authored incident: task metadata plus the world it happens in (the same schema the built-in incidents produce). */
export const ScenarioFileSchema = z.strictObject({
  /** Versioned id, e.g. `checkout-outage-v2`. */
  id: z.string().regex(/^[a-z][a-z0-9-]{1,62}-v\d{1,4}$/, 'lower-case letters, digits and dashes ending in a version like -v1'),
  name: Text(120),
  difficulty: DifficultySchema,
  description: Text(2000),
  /** Headline the on-call engineer is paged with; it must not give the cause away. */
  title: Text(200),
  goal: Text(500).default('Restore service: find the root cause, mitigate it in an order that holds, verify, resolve and write the postmortem.'),
  max_steps: z.number().int().min(5).max(500).default(40),
  card: ScenarioCardSchema.optional(),
  world: WorldSpecSchema,
});
export type ScenarioFile = z.output<typeof ScenarioFileSchema>;
