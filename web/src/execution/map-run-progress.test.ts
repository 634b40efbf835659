import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MapRunCounts } from '../api/shapes.ts';
import { finishedItems, progressSegments, toleranceText } from './map-run-progress.ts';

const counts = (over: Partial<MapRunCounts>): MapRunCounts => ({
  pending: 0,
  running: 0,
  succeeded: 0,
  failed: 0,
  timedOut: 0,
  aborted: 0,
  total: 0,
  resultsWritten: 0,
  ...over,
});

test('the bar has one segment per non-empty item state, sized by its share, finished first', () => {
  const c = counts({ pending: 5, running: 2, succeeded: 2, failed: 1, total: 10 });
  assert.deepEqual(progressSegments(c), [
    { key: 'succeeded', label: 'Succeeded', count: 2, percent: 20 },
    { key: 'failed', label: 'Failed', count: 1, percent: 10 },
    { key: 'running', label: 'Running', count: 2, percent: 20 },
    { key: 'pending', label: 'Pending', count: 5, percent: 50 },
  ]);
  assert.equal(finishedItems(c), 3);
});

test('a run of no items has an empty bar', () => {
  assert.deepEqual(progressSegments(counts({})), []);
});

test('the tolerance reads as AWS applies it', () => {
  assert.equal(
    toleranceText({ toleratedFailureCount: 0, toleratedFailurePercentage: 0 }),
    'None: any failed item fails the Map Run',
  );
  assert.equal(toleranceText({ toleratedFailureCount: 1, toleratedFailurePercentage: 0 }), 'Up to 1 item');
  assert.equal(
    toleranceText({ toleratedFailureCount: 3, toleratedFailurePercentage: 12.5 }),
    'Up to 3 items or 12.5% of items',
  );
});
