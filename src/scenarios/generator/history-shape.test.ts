import { describe, expect, it } from 'vitest';

import { HISTORY_SHAPE_BOUNDS, historyShares } from './history-shape.js';

describe('not every root is a change (issue 12, point 5)', () => {
  for (const task of ['gen-hard', 'gen-expert']) {
    it(`${task}: ≥ 30% of incidents have a root with no change near onset, and ≥ 30% a harmless change nearer onset than the trigger`, () => {
      const { organic, nearer } = historyShares(task, Array.from({ length: 60 }, (_, i) => 1_000_000 + i));
      expect(organic).toBeGreaterThanOrEqual(HISTORY_SHAPE_BOUNDS.organic_min);
      expect(nearer).toBeGreaterThanOrEqual(HISTORY_SHAPE_BOUNDS.nearer_min);
    });
  }
});
