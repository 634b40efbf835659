import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnosticState, diagnosticsByState } from './diagnostics.ts';

test('a diagnostic belongs to the innermost state its JSON Pointer names', () => {
  assert.equal(diagnosticState('/States/Outer/ItemProcessor/States/In~1ner/Next'), 'In/ner');
  assert.equal(diagnosticState('/States/A'), 'A');
  assert.equal(diagnosticState('/StartAt'), undefined);
  assert.equal(diagnosticState(undefined), undefined);
});

test('messages are grouped by state for the badges on the graph', () => {
  const grouped = diagnosticsByState([
    {
      severity: 'ERROR',
      code: 'MISSING_TRANSITION_TARGET',
      message: 'no such state',
      location: '/States/A/Next',
    },
    { severity: 'WARNING', code: 'X', message: 'second', location: '/States/A' },
    { severity: 'ERROR', code: 'SCHEMA', message: 'top', location: '/StartAt' },
  ]);
  assert.deepEqual([...grouped], [['A', ['MISSING_TRANSITION_TARGET: no such state', 'X: second']]]);
});
