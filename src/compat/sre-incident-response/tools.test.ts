import { describe, expect, it } from 'vitest';

import { actionToolsOf } from '../../contracts/index.js';
import { createSreCompatEngines } from './tasks.js';

describe('sre-incident-response tools', () => {
  it('a task with free-form actions gets the single act tool', () => {
    for (const engine of createSreCompatEngines()) expect(actionToolsOf(engine.actionSchema).map((t) => t.name)).toEqual(['act']);
  });
});
