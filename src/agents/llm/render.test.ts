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

describe('native observations', () => {
  const base = {
    incident: { id: 'INC-1', title: 'Checkout errors', goal: 'Fix it.', onset: '02:00', now: '02:05', elapsed_minutes: 5 },
    alerts: [{ id: 'A1', severity: 'critical' as const, service: 'db', title: 'Disk full', description: '', fired_at: 0, state: 'firing' as const, acknowledged: false }],
    last_action: { action_type: 'read_logs', ok: false, error: { code: 'UNKNOWN_SERVICE', message: 'No service named x.' } },
    result: null,
    step: 1,
    max_steps: 10,
    available_actions: ['read_logs'],
  };

  it('adds the header and alerts when the text lacks them', () => {
    expect(renderObservation({ observation: { ...base, text: 'Nothing.' }, reward: 0, done: false, metadata: {} }, 5000)).toBe(
      '# Checkout errors\nStep 1/10 · T+5 min (02:05)\nGoal: Fix it.\n\n## Firing alerts (1)\n- [A1] CRITICAL db: Disk full\n\nLast action read_logs failed: UNKNOWN_SERVICE: No service named x.\n\nNothing.',
    );
  });

  it('uses the text alone when the engine already rendered the incident into it', () => {
    const text = '## INC-1 · Checkout errors\n### Alerts\n- A1\n\nNo service named x.';
    expect(renderObservation({ observation: { ...base, text }, reward: 0, done: false, metadata: {} }, 5000)).toBe(text);
  });
});
