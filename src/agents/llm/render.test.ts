import { describe, expect, it } from 'vitest';

import { renderObservation, summariseObservation, truncateWithNote } from './render.js';

describe('observation rendering', () => {
  it('leaves short text alone and cuts long text keeping head and tail', () => {
    expect(truncateWithNote('short', 10)).toBe('short');
    const cut = truncateWithNote('a'.repeat(700) + 'b'.repeat(300) + 'c'.repeat(1000), 1000);
    expect(cut.startsWith('a'.repeat(700))).toBe(true);
    expect(cut.endsWith('c'.repeat(300))).toBe(true);
    expect(cut).toContain('[… 1000 characters omitted to fit the context;');
  });

  it('renders non-native observations as JSON and states a rejection first', () => {
    const text = renderObservation({ observation: { message: 'hi' }, reward: 0.5, done: true, metadata: { action_error: { code: 'VALIDATION_ERROR', message: 'action.value: Required' } } }, 1000);
    expect(text).toBe('Your last action was rejected (VALIDATION_ERROR): action.value: Required\nCorrect it and try again.\n\n{\n  "message": "hi"\n}\n\nThe episode has ended.');
  });

  it('summarises with the first non-empty line', () => {
    expect(summariseObservation('\n# Title\nmore')).toBe('[Older output elided to save context (13 characters). First line: # Title. Repeat the action to see it again.]');
  });
});
