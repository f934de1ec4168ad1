import { describe, expect, it } from 'vitest';

import { toolsOf } from '../../server/tools.js';
import { createSreCompatEngines } from './tasks.js';

describe('sre-incident-response tools', () => {
  it('a task with free-form actions gets the single act tool', () => {
    for (const engine of createSreCompatEngines()) expect(toolsOf(engine).map((t) => t.name)).toEqual(['act']);
  });
});
