import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryEvent } from '../history/event.ts';
import { taskVisit } from './task-visit.ts';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:M:x';
const ev = (id: number, previousEventId: number, type: string): HistoryEvent => ({
  id,
  previousEventId,
  timestamp: id,
  type,
});
/** One thread of events from `first` on, each linked to the one before (the first to `previous`). */
const thread = (first: number, previous: number, types: readonly string[]): HistoryEvent[] =>
  types.map((type, i) => ev(first + i, i === 0 ? previous : first + i - 1, type));
const token = (enteredEventId: number, retryCount = 0) => ({ executionArn: ARN, enteredEventId, retryCount });

// A Parallel whose two branches interleave: branch A's task (entered at 4) waits, branch B's
// (entered at 5) ends; each event links to the last of its own branch.
const PARALLEL = [
  ev(3, 2, 'ParallelStateStarted'),
  ev(4, 3, 'TaskStateEntered'),
  ev(5, 3, 'TaskStateEntered'),
  ev(6, 4, 'TaskScheduled'),
  ev(7, 5, 'TaskScheduled'),
  ev(8, 6, 'TaskStarted'),
  ev(9, 7, 'TaskStarted'),
  ev(10, 8, 'TaskSubmitted'),
  ev(11, 9, 'TaskSucceeded'),
];

void describe('taskVisit: where the task of a token stands in a stored history', () => {
  it('follows the thread of its own state through interleaved branches', () => {
    assert.equal(taskVisit(PARALLEL, token(4)), 'waiting');
    assert.equal(taskVisit(PARALLEL, token(5)), 'ended');
  });

  it('is unseen before its entry or its attempt is stored, and none for an event that enters no state', () => {
    assert.equal(taskVisit(PARALLEL.slice(0, 1), token(4)), 'unseen');
    assert.equal(taskVisit(PARALLEL.slice(0, 3), token(4)), 'unseen');
    assert.equal(taskVisit(PARALLEL, token(3)), 'none');
  });

  it('counts attempts: a retry ends the attempt before it; leaving the state ends them all', () => {
    const retried = thread(4, 3, [
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivityFailed',
      'ActivityScheduled',
    ]);
    assert.equal(taskVisit(retried, token(4, 0)), 'ended');
    assert.equal(taskVisit(retried, token(4, 1)), 'waiting');
    assert.equal(taskVisit(retried, token(4, 2)), 'unseen');
    const left = [...retried, ...thread(9, 8, ['ActivityStarted', 'ActivityTimedOut', 'TaskStateExited'])];
    assert.equal(taskVisit(left, token(4, 1)), 'ended');
    assert.equal(taskVisit(left, token(4, 2)), 'ended');
  });
});
