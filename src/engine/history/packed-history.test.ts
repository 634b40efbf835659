import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryEvent } from './event.ts';
import { HistoryPacker } from './packed-history.ts';

const NOT_TRUNCATED = { truncated: false };

/** A closed history as the engine writes it: events with and without details, a Parallel's interleaving. */
function history(start: number): HistoryEvent[] {
  return [
    {
      id: 1,
      previousEventId: 0,
      timestamp: start,
      type: 'ExecutionStarted',
      executionStartedEventDetails: { input: '{"a":1}', inputDetails: NOT_TRUNCATED, roleArn: 'arn:role' },
    },
    {
      id: 2,
      previousEventId: 1,
      timestamp: start + 3,
      type: 'ParallelStateEntered',
      stateEnteredEventDetails: { name: 'P', input: '{"a":1}', inputDetails: NOT_TRUNCATED },
    },
    { id: 3, previousEventId: 2, timestamp: start + 3, type: 'ParallelStateStarted' },
    {
      id: 4,
      previousEventId: 3,
      timestamp: start + 4,
      type: 'PassStateEntered',
      stateEnteredEventDetails: { name: 'B1', input: '{"a":1}', inputDetails: NOT_TRUNCATED },
    },
    {
      id: 5,
      previousEventId: 3,
      timestamp: start + 4,
      type: 'PassStateEntered',
      stateEnteredEventDetails: { name: 'B2', input: '{"a":1}', inputDetails: NOT_TRUNCATED },
    },
    {
      id: 6,
      previousEventId: 5,
      timestamp: start + 90_000_000_000,
      type: 'TaskFailed',
      taskFailedEventDetails: { resourceType: 'lambda', resource: 'invoke', error: 'E', cause: 'c' },
    },
    {
      id: 7,
      previousEventId: 6,
      timestamp: start + 90_000_000_001,
      type: 'ExecutionFailed',
      executionFailedEventDetails: { error: 'E' },
    },
  ];
}

describe('HistoryPacker', () => {
  it('gives back events equal to the packed ones, keys in the same order, with shapes shared by histories', () => {
    const packer = new HistoryPacker();
    const first = history(1_764_892_800_000);
    const second = history(1_764_892_900_123);
    const a = packer.pack(first);
    const b = packer.pack(second);
    assert.notEqual(a, first);
    assert.notEqual(b, second);
    for (const [packed, events] of [
      [a, first],
      [b, second],
    ] as const) {
      const back = packer.unpack(packed);
      assert.deepStrictEqual(back, events);
      assert.equal(JSON.stringify(back), JSON.stringify(events));
      // Values are shared, not copied.
      assert.equal(back[0]!['executionStartedEventDetails']!['inputDetails'], NOT_TRUNCATED);
    }
    // Each unpack is a copy of its own: changing it changes no other.
    const copy = packer.unpack(a);
    (copy[1]!['stateEnteredEventDetails'] as Record<string, unknown>)['name'] = 'changed';
    assert.equal(packer.unpack(a)[1]!['stateEnteredEventDetails']!['name'], 'P');
  });

  it('keeps as they are the events it could not give back exactly', () => {
    const packer = new HistoryPacker();
    const cases: HistoryEvent[][] = [
      // ids not in sequence (an event missing)
      history(1000).filter((e) => e.id !== 3),
      // a field after the details member
      [{ ...history(1000)[0]!, extra: 1 } as unknown as HistoryEvent],
      // two details members
      [{ ...history(1000)[2]!, aEventDetails: {}, bEventDetails: {} }],
      // fields in another order
      [{ previousEventId: 0, id: 1, timestamp: 5, type: 'ExecutionStarted' }],
      // details that are not a plain object
      [
        {
          id: 1,
          previousEventId: 0,
          timestamp: 5,
          type: 'X',
          xEventDetails: Object.create(null) as Record<string, never>,
        },
      ],
      // timestamps whose difference does not add back exactly
      [
        { id: 1, previousEventId: 0, timestamp: 1e300, type: 'A' },
        { id: 2, previousEventId: 1, timestamp: 1, type: 'A' },
      ],
    ];
    for (const events of cases) {
      const packed = packer.pack(events);
      assert.equal(packed, events);
      assert.deepStrictEqual(packer.unpack(packed), events);
    }
  });

  it('packs an empty history and one of events without details', () => {
    const packer = new HistoryPacker();
    assert.deepStrictEqual(packer.unpack(packer.pack([])), []);
    const plain: HistoryEvent[] = [
      { id: 1, previousEventId: 0, timestamp: 10, type: 'A' },
      { id: 2, previousEventId: 1, timestamp: 10, type: 'B' },
    ];
    const packed = packer.pack(plain);
    assert.notEqual(packed, plain);
    assert.deepStrictEqual(packer.unpack(packed), plain);
  });

  it('gives back a long history (packed in several arrays) whole, and keeps it as it is if one event is not packable', () => {
    const packer = new HistoryPacker();
    const events: HistoryEvent[] = [history(0)[0]!];
    for (let id = 2; id <= 5000; id++) {
      const entered = id % 2 === 0;
      const details = {
        name: `C${id % 7}`,
        [entered ? 'input' : 'output']: `{"n":${id}}`,
        [entered ? 'inputDetails' : 'outputDetails']: NOT_TRUNCATED,
      };
      const base = { id, previousEventId: id - 1, timestamp: 1000 + Math.floor(id / 3) };
      events.push(
        entered
          ? { ...base, type: 'ChoiceStateEntered', stateEnteredEventDetails: details }
          : { ...base, type: 'ChoiceStateExited', stateExitedEventDetails: details },
      );
    }
    const packed = packer.pack(events);
    assert.notEqual(packed, events);
    assert.deepStrictEqual(packer.unpack(packed), events);
    const odd = [...events];
    odd[4500] = { ...odd[4500]!, id: 1 };
    assert.equal(packer.pack(odd), odd);
  });
});
