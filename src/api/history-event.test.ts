import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HistoryEvent } from '../engine/index.ts';
import { renderHistoryEvent } from './history-event.ts';

const event: HistoryEvent = {
  id: 3,
  previousEventId: 2,
  timestamp: 1_700_000_000_123,
  type: 'TaskScheduled',
  taskScheduledEventDetails: {
    resource: 'invoke',
    resourceType: 'lambda',
    region: 'us-east-1',
    parameters: '{"a":1}',
  },
};

test('timestamps become epoch seconds with milliseconds', () => {
  assert.equal(renderHistoryEvent(event, true).timestamp, 1_700_000_000.123);
});

test('without execution data, payloads leave and everything else stays', () => {
  assert.deepEqual(renderHistoryEvent(event, false), {
    id: 3,
    previousEventId: 2,
    timestamp: 1_700_000_000.123,
    type: 'TaskScheduled',
    taskScheduledEventDetails: { resource: 'invoke', resourceType: 'lambda', region: 'us-east-1' },
  });
  assert.deepEqual(
    renderHistoryEvent(event, true).taskScheduledEventDetails,
    event.taskScheduledEventDetails,
  );
});
