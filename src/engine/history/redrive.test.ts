// What a redriven execution replays of its history, on hand-built histories in AWS's shape.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HistoryEvent } from './event.ts';
import { redriveReplay } from './redrive.ts';

type Row = readonly [type: string, previousEventId: number, name?: string, index?: number];

/** Events from [type, previousEventId, state or Map name, iteration index] rows; ids from 1. */
function history(rows: readonly Row[]): HistoryEvent[] {
  return rows.map(([type, previousEventId, name, index], i) => {
    const e = { id: i + 1, previousEventId, timestamp: i, type };
    if (name === undefined) return e;
    if (type.endsWith('StateEntered')) return { ...e, stateEnteredEventDetails: { name } };
    if (type.endsWith('StateExited')) return { ...e, stateExitedEventDetails: { name } };
    const key = `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
    return { ...e, [key]: { name, index: index ?? 0 } };
  });
}

const ids = (events: readonly HistoryEvent[]): number[] => events.map((e) => e.id);

/** Fan: a Parallel of A (succeeds), B (fails) and C (aborted while it ran). */
const PARALLEL_FAILED: Row[] = [
  /* 1 */ ['ExecutionStarted', 0],
  /* 2 */ ['PassStateEntered', 1, 'Before'],
  /* 3 */ ['PassStateExited', 2, 'Before'],
  /* 4 */ ['ParallelStateEntered', 3, 'Fan'],
  /* 5 */ ['ParallelStateStarted', 4],
  /* 6 */ ['TaskStateEntered', 5, 'A'],
  /* 7 */ ['TaskStateEntered', 5, 'B'],
  /* 8 */ ['TaskStateEntered', 5, 'C'],
  /* 9 */ ['TaskScheduled', 6],
  /* 10 */ ['TaskScheduled', 7],
  /* 11 */ ['TaskScheduled', 8],
  /* 12 */ ['TaskSucceeded', 9],
  /* 13 */ ['TaskStateExited', 12, 'A'],
  /* 14 */ ['TaskFailed', 10],
  /* 15 */ ['ParallelStateFailed', 14],
  /* 16 */ ['ExecutionFailed', 15],
  /* 17 */ ['ExecutionRedriven', 16],
];

test('a failed Parallel keeps its start and finished branches; failed and aborted ones go', () => {
  assert.deepEqual(ids(redriveReplay(history(PARALLEL_FAILED))), [1, 2, 3, 4, 5, 6, 9, 12, 13]);
});

test('a failed inline Map keeps its succeeded iterations and the starts of the others', () => {
  const events = history([
    /* 1 */ ['ExecutionStarted', 0],
    /* 2 */ ['MapStateEntered', 1, 'Each'],
    /* 3 */ ['MapStateStarted', 2],
    /* 4 */ ['MapIterationStarted', 3, 'Each', 0],
    /* 5 */ ['MapIterationStarted', 3, 'Each', 1],
    /* 6 */ ['PassStateEntered', 4, 'Item'],
    /* 7 */ ['PassStateExited', 6, 'Item'],
    /* 8 */ ['MapIterationSucceeded', 7, 'Each', 0],
    /* 9 */ ['FailStateEntered', 5, 'Item'],
    /* 10 */ ['MapIterationFailed', 9, 'Each', 1],
    /* 11 */ ['MapStateFailed', 10],
    /* 12 */ ['ExecutionFailed', 11],
    /* 13 */ ['ExecutionRedriven', 12],
  ]);
  assert.deepEqual(ids(redriveReplay(events)), [1, 2, 3, 4, 5, 6, 7, 8]);
});

test('a Parallel its Retry started again, or a distributed Map, is dropped whole', () => {
  const retried = history([
    /* 1 */ ['ExecutionStarted', 0],
    /* 2 */ ['ParallelStateEntered', 1, 'Fan'],
    /* 3 */ ['ParallelStateStarted', 2],
    /* 4 */ ['TaskStateEntered', 3, 'A'],
    /* 5 */ ['FailStateEntered', 3, 'B'],
    /* 6 */ ['TaskStateExited', 4, 'A'],
    /* 7 */ ['ParallelStateStarted', 6],
    /* 8 */ ['TaskStateEntered', 7, 'A'],
    /* 9 */ ['FailStateEntered', 7, 'B'],
    /* 10 */ ['TaskStateExited', 8, 'A'],
    /* 11 */ ['ParallelStateFailed', 10],
    /* 12 */ ['ExecutionFailed', 11],
    /* 13 */ ['ExecutionRedriven', 12],
  ]);
  assert.deepEqual(ids(redriveReplay(retried)), [1]);
  const distributed = history([
    /* 1 */ ['ExecutionStarted', 0],
    /* 2 */ ['MapStateEntered', 1, 'Each'],
    /* 3 */ ['MapStateStarted', 2],
    /* 4 */ ['MapRunStarted', 3],
    /* 5 */ ['MapRunFailed', 4],
    /* 6 */ ['MapStateFailed', 5],
    /* 7 */ ['ExecutionFailed', 6],
    /* 8 */ ['ExecutionRedriven', 7],
  ]);
  // A distributed Map stays open with its run: the redrive adopts MapRunStarted, then MapRunRedriven.
  assert.deepEqual(ids(redriveReplay(distributed)), [1, 2, 3, 4]);
});

test("the current attempt's events are replayed as they are, the failed ones' pruned", () => {
  // The redrive re-ran B and C (18..21), then the process died.
  const events = history([
    ...PARALLEL_FAILED,
    /* 18 */ ['TaskStateEntered', 5, 'B'],
    /* 19 */ ['TaskStateEntered', 5, 'C'],
    /* 20 */ ['TaskScheduled', 18],
    /* 21 */ ['TaskScheduled', 19],
  ]);
  assert.deepEqual(ids(redriveReplay(events)), [1, 2, 3, 4, 5, 6, 9, 12, 13, 18, 19, 20, 21]);
});

test('a redrive recorded by an earlier version, which re-ran the whole Parallel, replays as it ran', () => {
  const events = history([
    ...PARALLEL_FAILED,
    /* 18 */ ['ParallelStateEntered', 3, 'Fan'],
    /* 19 */ ['ParallelStateStarted', 18],
    /* 20 */ ['TaskStateEntered', 19, 'A'],
  ]);
  // The first attempt's Parallel goes: the redrive entered it anew rather than adopting it.
  assert.deepEqual(ids(redriveReplay(events)), [1, 2, 3, 18, 19, 20]);
});

test('a state that exited is kept whole, failures caught or tolerated inside it included', () => {
  const events = history([
    /* 1 */ ['ExecutionStarted', 0],
    /* 2 */ ['MapStateEntered', 1, 'Each'],
    /* 3 */ ['MapStateStarted', 2],
    /* 4 */ ['MapIterationStarted', 3, 'Each', 0],
    /* 5 */ ['FailStateEntered', 4, 'Item'],
    /* 6 */ ['MapIterationFailed', 5, 'Each', 0],
    /* 7 */ ['MapStateSucceeded', 6],
    /* 8 */ ['MapStateExited', 7, 'Each'],
    /* 9 */ ['FailStateEntered', 8, 'Stop'],
    /* 10 */ ['ExecutionFailed', 9],
    /* 11 */ ['ExecutionRedriven', 10],
  ]);
  assert.deepEqual(ids(redriveReplay(events)), [1, 2, 3, 4, 5, 6, 7, 8]);
});

test('an execution never redriven replays its history as it is', () => {
  const events = history(PARALLEL_FAILED.slice(0, 14));
  assert.deepEqual(redriveReplay(events), events);
});
