// Where a fork "from a state" starts (a bulk fork's fromState), on a hand-built history.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HistoryEvent } from './event.ts';
import { stateEntryEventId } from './fork-cut.ts';

const event = (id: number, type: string, name?: string): HistoryEvent => ({
  id,
  previousEventId: id - 1,
  timestamp: id,
  type,
  ...(name === undefined ? {} : { stateEnteredEventDetails: { name } }),
});

/** Prepare, then Check entered twice (a loop), then a failure. */
const HISTORY = [
  event(1, 'ExecutionStarted'),
  event(2, 'PassStateEntered', 'Prepare'),
  event(3, 'PassStateExited'),
  event(4, 'ChoiceStateEntered', 'Check'),
  event(5, 'ChoiceStateExited'),
  event(6, 'ChoiceStateEntered', 'Check'),
  event(7, 'ChoiceStateExited'),
  event(8, 'FailStateEntered', 'Refuse'),
  event(9, 'ExecutionFailed'),
];

test("a state's last entry; without a name, the first state's entry", () => {
  assert.equal(stateEntryEventId(HISTORY, 'Check'), 6);
  assert.equal(stateEntryEventId(HISTORY, 'Prepare'), 2);
  assert.equal(stateEntryEventId(HISTORY), 2);
});

test('a state never entered, or no state entered at all: none', () => {
  assert.equal(stateEntryEventId(HISTORY, 'Done'), undefined);
  assert.equal(stateEntryEventId(HISTORY.slice(0, 1)), undefined);
});
