import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryEvent } from '../history/event.ts';
import { taskAnswers } from './task-answers.ts';

/** A history from (type, previousEventId, details) triples; ids count from 1. */
function history(...rows: Array<[string, number, Record<string, unknown>?]>): HistoryEvent[] {
  return rows.map(([type, previousEventId, details], i) => {
    const member = `${type[0]!.toLowerCase()}${type.slice(1)}EventDetails`;
    const key = type.endsWith('StateEntered') ? 'stateEnteredEventDetails' : member;
    return {
      id: i + 1,
      previousEventId,
      timestamp: 0,
      type,
      ...(details ? { [key]: details } : {}),
    };
  });
}

describe('taskAnswers (the recorded answers a saved test mocks)', () => {
  it('follows previousEventId: retries and interleaved branches each answer their own state, in scheduling order', () => {
    const events = history(
      ['ExecutionStarted', 0],
      ['ParallelStateEntered', 1, { name: 'Both' }],
      ['TaskStateEntered', 2, { name: 'Charge' }], // 3
      ['TaskScheduled', 3], // 4
      ['TaskStateEntered', 2, { name: 'Reserve' }], // 5
      ['LambdaFunctionScheduled', 5], // 6
      ['TaskStarted', 4], // 7
      ['TaskFailed', 7, { error: 'Busy', cause: 'later' }], // 8
      ['LambdaFunctionStarted', 6], // 9
      ['LambdaFunctionSucceeded', 9, { output: '{"held":true}' }], // 10
      ['TaskScheduled', 8], // 11: the retry of Charge
      ['TaskStarted', 11], // 12
      ['TaskTimedOut', 12, {}], // 13
      ['TaskScheduled', 13], // 14: a second retry, still running when the execution closed
    );
    assert.deepEqual(Object.fromEntries(taskAnswers(events)), {
      Charge: [{ Throw: { Error: 'Busy', Cause: 'later' } }, { Throw: { Error: 'States.Timeout' } }],
      Reserve: [{ Return: { held: true } }],
    });
  });

  it('an activity answers with its worker result; a state without tasks has none', () => {
    const events = history(
      ['ExecutionStarted', 0],
      ['PassStateEntered', 1, { name: 'Prepare' }],
      ['TaskStateEntered', 2, { name: 'Review' }],
      ['ActivityScheduled', 3],
      ['ActivityStarted', 4],
      ['ActivitySucceeded', 5, { output: '"ok"' }],
    );
    assert.deepEqual(Object.fromEntries(taskAnswers(events)), { Review: [{ Return: 'ok' }] });
  });
});
