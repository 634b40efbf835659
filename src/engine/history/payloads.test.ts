import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type HistoryEvent, NOT_TRUNCATED } from './event.ts';
import { payloadValue, writePayloads } from './payloads.ts';
import { History } from './thread.ts';

describe('payloads recorded as values', () => {
  it('writes the texts of objects and arrays in input, output and parameters, in place, from an index on', () => {
    const events: HistoryEvent[] = [
      {
        id: 1,
        previousEventId: 0,
        timestamp: 0,
        type: 'PassStateEntered',
        stateEnteredEventDetails: { name: 'A', input: { a: [1, 'x'] }, inputDetails: NOT_TRUNCATED },
      },
      {
        id: 2,
        previousEventId: 1,
        timestamp: 0,
        type: 'TaskScheduled',
        taskScheduledEventDetails: { resource: 'r', parameters: [true, null] },
      },
      {
        id: 3,
        previousEventId: 2,
        timestamp: 0,
        type: 'TaskSucceeded',
        taskSucceededEventDetails: { output: '"already text"' },
      },
      {
        id: 4,
        previousEventId: 3,
        timestamp: 0,
        type: 'PassStateExited',
        stateExitedEventDetails: { name: 'A', output: { b: {} } },
      },
    ];
    const details = (i: number): unknown => Object.values(events[i]!).at(-1);
    writePayloads(events, 1);
    // The first event is before `from`: left as it was.
    assert.deepEqual(details(0), { name: 'A', input: { a: [1, 'x'] }, inputDetails: NOT_TRUNCATED });
    assert.deepEqual(details(1), { resource: 'r', parameters: '[true,null]' });
    assert.deepEqual(details(2), { output: '"already text"' });
    assert.deepEqual(details(3), { name: 'A', output: '{"b":{}}' });
    writePayloads(events);
    assert.deepEqual(details(0), { name: 'A', input: '{"a":[1,"x"]}', inputDetails: NOT_TRUNCATED });
    // Not a payload: the same shared object.
    assert.equal(events[0]!['stateEnteredEventDetails']!['inputDetails'], NOT_TRUNCATED);
  });

  it('keeps objects and arrays as they are and writes other values as their text', () => {
    const value = { n: 1 };
    assert.equal(payloadValue(value), value);
    assert.equal(payloadValue('s'), '"s"');
    assert.equal(payloadValue(2), '2');
    assert.equal(payloadValue(null), 'null');
  });

  it('a history that records values gives texts when read, each time for the events added since', () => {
    const history = new History([], undefined, [], undefined, true);
    const thread = { last: 0, silent: false };
    const input = { x: [1] };
    history.appendWith(thread, 5, 'PassStateEntered', 'stateEnteredEventDetails', {
      name: 'A',
      input,
      inputDetails: NOT_TRUNCATED,
    });
    assert.equal(history.appended[0]!['stateEnteredEventDetails']!['input'], input);
    assert.equal(history.events[0]!['stateEnteredEventDetails']!['input'], '{"x":[1]}');
    history.appendWith(thread, 6, 'PassStateExited', 'stateExitedEventDetails', {
      name: 'A',
      output: [input],
      outputDetails: NOT_TRUNCATED,
    });
    assert.deepEqual(
      history.events.map((e): unknown => Object.values(e).at(-1)),
      [
        { name: 'A', input: '{"x":[1]}', inputDetails: NOT_TRUNCATED },
        { name: 'A', output: '[{"x":[1]}]', outputDetails: NOT_TRUNCATED },
      ],
    );
  });

  it('a history that does not record values leaves its details as they are', () => {
    const history = new History();
    const thread = { last: 0, silent: false };
    const input = { x: 1 };
    history.appendWith(thread, 5, 'PassStateEntered', 'stateEnteredEventDetails', { name: 'A', input });
    assert.equal(history.events[0]!['stateEnteredEventDetails']!['input'], input);
  });
});
