import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInThisContext } from 'node:vm';
import { type HistoryEvent, NOT_TRUNCATED as ENGINE_NOT_TRUNCATED } from './event.ts';
import { HistoryPacker, type ValuesEntry } from './packed-history.ts';
import type { Payload } from './payloads.ts';
import { History } from './thread.ts';

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

/** Writes `events` into a fresh Packing with `packer.write`: false at the first one it refused. */
function writeAll(packer: HistoryPacker, events: readonly HistoryEvent[]) {
  const p = packer.packing();
  for (const e of events) {
    const member = Object.keys(e).find((key) => key.endsWith('EventDetails'));
    const details = member === undefined ? undefined : e[member as `${string}EventDetails`];
    if (!packer.write(p, e.id, e.previousEventId, e.timestamp, e.type, member, details))
      return { p, refused: e };
  }
  return { p, refused: undefined };
}

describe('HistoryPacker.write (a history packed as it is written)', () => {
  it('writes what pack gives, in one chunk and across chunks, and unpacks what it wrote so far', () => {
    const start = 1_764_892_800_000;
    for (const events of [history(start), long(start, 5000)]) {
      const packer = new HistoryPacker();
      const { p, refused } = writeAll(packer, events);
      assert.equal(refused, undefined);
      assert.deepEqual(packer.written(p), new HistoryPacker().pack(events));
      assert.deepEqual(packer.unpack(packer.written(p)), events);
      assert.deepEqual(packer.unpackWritten(p), events);
    }
  });

  it('refuses an event it would not give back exactly, writing nothing of it', () => {
    const packer = new HistoryPacker();
    const events = history(1_764_892_800_000);
    const odd = {
      ...events[3]!,
      stateEnteredEventDetails: Object.assign(Object.create(null) as object, { name: 'B1' }),
    } as HistoryEvent;
    const { p, refused } = writeAll(packer, [...events.slice(0, 3), odd, ...events.slice(4)]);
    assert.equal(refused, odd);
    assert.deepEqual(packer.unpackWritten(p), events.slice(0, 3));
    // A details member without details would come back as `{}`.
    const empty = {
      id: 4,
      previousEventId: 3,
      timestamp: events[2]!.timestamp,
      type: 'X',
      xEventDetails: undefined,
    };
    assert.equal(writeAll(packer, [...events.slice(0, 3), empty]).refused, empty);
  });
});

/** `count` events of a long single-threaded history, a millisecond apart. */
function long(start: number, count: number): HistoryEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    previousEventId: i,
    timestamp: start + i,
    type: i % 2 === 0 ? 'PassStateEntered' : 'PassStateExited',
    ...(i % 2 === 0
      ? { stateEnteredEventDetails: { name: `S${i}`, input: { n: i }, inputDetails: NOT_TRUNCATED } }
      : { stateExitedEventDetails: { name: `S${i - 1}`, output: [i], outputDetails: NOT_TRUNCATED } }),
  }));
}

describe('History packed as it is written', () => {
  /** The same appends to a history with a packer and to one without. */
  function both(appends: (h: History, t: { last: number; silent: boolean }) => void) {
    const packer = new HistoryPacker();
    const packed = new History([], undefined, [], undefined, true, packer);
    const objects = new History([], undefined, [], undefined, true);
    appends(packed, { last: 0, silent: false });
    appends(objects, { last: 0, silent: false });
    return { packed, objects, packer };
  }
  const T = 1_764_892_800_000;

  it('reads as one that keeps objects: events with payload texts, ids, times and the latest event', () => {
    const { packed, objects } = both((h, t) => {
      h.append(t, T, 'ExecutionStarted', {
        executionStartedEventDetails: { input: '{}', inputDetails: NOT_TRUNCATED, roleArn: 'r' },
      });
      h.appendWith(t, T + 1, 'TaskStateEntered', 'stateEnteredEventDetails', {
        name: 'A',
        input: { a: [1] },
        inputDetails: NOT_TRUNCATED,
      });
      h.append(t, T + 1, 'LambdaFunctionStarted');
      const branch = { last: t.last, silent: false };
      h.append(branch, T + 5, 'PassStateEntered', { stateEnteredEventDetails: { name: 'B', input: '[]' } });
      h.appendWith(t, T + 7, 'TaskStateExited', 'stateExitedEventDetails', { name: 'A', output: [{}] });
    });
    assert.ok(packed.packed() !== undefined);
    assert.equal(objects.packed(), undefined);
    assert.deepEqual(packed.events, objects.events);
    assert.equal(packed.lastId, 5);
    assert.equal(packed.timeOf(4), T + 5);
    assert.equal(packed.timeOf(5), objects.timeOf(5));
    const thread = { last: 5, silent: false };
    assert.equal(packed.lastWrittenAt(thread), T + 7);
    assert.equal(packed.lastWrittenAt(thread, 'TaskStateExited'), T + 7);
    assert.equal(packed.lastWrittenAt(thread, 'TaskStateEntered'), undefined);
    assert.equal(packed.lastWrittenAt({ last: 4, silent: false }), undefined);
    assert.equal(objects.lastWrittenAt(thread), T + 7);
  });

  it('keeps objects from an event that does not pack on, and for a reader that comes back', () => {
    const { packed, objects } = both((h, t) => {
      h.appendWith(t, T, 'PassStateEntered', 'stateEnteredEventDetails', { name: 'A', input: '1' });
      // Two details members: not an event packing gives back.
      h.append(t, T + 1, 'Odd', { aEventDetails: { x: 1 }, bEventDetails: { y: 2 } });
      h.appendWith(t, T + 2, 'PassStateExited', 'stateExitedEventDetails', { name: 'A', output: { o: 1 } });
    });
    assert.equal(packed.packed(), undefined);
    assert.deepEqual(packed.events, objects.events);
    const second = both((h, t) => {
      h.appendWith(t, T, 'PassStateEntered', 'stateEnteredEventDetails', { name: 'A', input: '1' });
    });
    const growing = second.packed.growing();
    second.packed.appendWith(
      { last: 1, silent: false },
      T + 1,
      'PassStateExited',
      'stateExitedEventDetails',
      {
        name: 'A',
        output: '2',
      },
    );
    assert.deepEqual(
      growing.map((e) => e.type),
      ['PassStateEntered', 'PassStateExited'],
    );
    assert.equal(second.packed.packed(), undefined);
  });
});

describe('HistoryPacker.writeValues (an event of one or two values and shared ones, packed from its values)', () => {
  const entry = (member: ValuesEntry['member'], key: 'input' | 'output'): ValuesEntry => ({
    member,
    details: (name, payload) => ({ name, [key]: payload, [`${key}Details`]: ENGINE_NOT_TRUNCATED }),
  });
  const ENTRY = entry('stateEnteredEventDetails', 'input');
  const EXIT = entry('stateExitedEventDetails', 'output');

  /** Each event written by writeValues when it is a plain entry or exit, else by write. */
  function writeByValues(packer: HistoryPacker, events: readonly HistoryEvent[]) {
    const p = packer.packing();
    for (const e of events) {
      const { id, previousEventId: prev, timestamp: at, type } = e;
      const entered = (e as { stateEnteredEventDetails?: { name: string; input: Payload } })
        .stateEnteredEventDetails;
      const exited = (e as { stateExitedEventDetails?: { name: string; output: Payload } })
        .stateExitedEventDetails;
      const member = Object.keys(e)[4];
      const written = entered
        ? packer.writeValues(p, id, prev, at, type, ENTRY, entered.name, entered.input)
        : exited
          ? packer.writeValues(p, id, prev, at, type, EXIT, exited.name, exited.output)
          : packer.write(
              p,
              id,
              prev,
              at,
              type,
              member,
              member === undefined ? undefined : e[member as `${string}EventDetails`],
            );
      assert.ok(written, `event ${id}`);
    }
    return p;
  }

  /** Events whose entries and exits have the engine's shared NOT_TRUNCATED. */
  const engineEvents = (events: readonly HistoryEvent[]): HistoryEvent[] =>
    JSON.parse(JSON.stringify(events), (key, value: unknown) =>
      key === 'inputDetails' || key === 'outputDetails' ? ENGINE_NOT_TRUNCATED : value,
    ) as HistoryEvent[];

  it('writes what pack gives: branches, gaps in time, values and texts, across chunks', () => {
    const start = 1_764_892_800_000;
    for (const events of [engineEvents(history(start)), engineEvents(long(start, 5000))]) {
      const packer = new HistoryPacker();
      const p = writeByValues(packer, events);
      assert.deepEqual(packer.written(p), new HistoryPacker().pack(events));
      assert.deepEqual(packer.unpackWritten(p), events);
    }
  });

  it('writes a Lambda task as pack does: its scheduled event (function, input) and its succeeded one (output alone)', () => {
    const SCHEDULED: ValuesEntry = {
      member: 'lambdaFunctionScheduledEventDetails',
      details: (resource, input) => ({ resource, input, inputDetails: ENGINE_NOT_TRUNCATED }),
    };
    const SUCCEEDED: ValuesEntry = {
      member: 'lambdaFunctionSucceededEventDetails',
      details: (_, output) => ({ output, outputDetails: ENGINE_NOT_TRUNCATED }),
    };
    const start = 1_764_892_800_000;
    const events: HistoryEvent[] = [];
    const add = (type: string, details?: Record<string, unknown>, member?: string): void => {
      const id = events.length + 1;
      events.push({
        id,
        previousEventId: id - 1,
        timestamp: start + Math.floor(id / 3),
        type,
        ...(member ? { [member]: details } : {}),
      });
    };
    for (let i = 0; i < 900; i++) {
      const fn = `arn:aws:lambda:us-east-1:123456789012:function:f${i % 3}`;
      add(
        'TaskStateEntered',
        { name: `T${i}`, input: { n: i }, inputDetails: ENGINE_NOT_TRUNCATED },
        'stateEnteredEventDetails',
      );
      add(
        'LambdaFunctionScheduled',
        { resource: fn, input: i % 2 ? `{"n":${i}}` : { n: i }, inputDetails: ENGINE_NOT_TRUNCATED },
        'lambdaFunctionScheduledEventDetails',
      );
      add('LambdaFunctionStarted');
      add(
        'LambdaFunctionSucceeded',
        { output: i % 2 ? { n: i + 1 } : `{"n":${i + 1}}`, outputDetails: ENGINE_NOT_TRUNCATED },
        'lambdaFunctionSucceededEventDetails',
      );
      add(
        'TaskStateExited',
        { name: `T${i}`, output: { n: i + 1 }, outputDetails: ENGINE_NOT_TRUNCATED },
        'stateExitedEventDetails',
      );
    }
    const packer = new HistoryPacker();
    const p = packer.packing();
    for (const e of events) {
      const { id, previousEventId: prev, timestamp: at, type } = e;
      const member = Object.keys(e)[4];
      const d = (member === undefined ? undefined : e[member as `${string}EventDetails`]) as
        Record<string, Payload> | undefined;
      const written =
        type === 'LambdaFunctionScheduled'
          ? packer.writeValues(p, id, prev, at, type, SCHEDULED, d!['resource'] as string, d!['input']!)
          : type === 'LambdaFunctionSucceeded'
            ? packer.writeValues(p, id, prev, at, type, SUCCEEDED, '', d!['output']!)
            : packer.write(p, id, prev, at, type, member, d);
      assert.ok(written, `event ${id}`);
    }
    assert.deepEqual(packer.written(p), new HistoryPacker().pack(events));
    assert.deepEqual(packer.unpackWritten(p), events);
  });

  it('refuses an entry whose one own value is not its payload (its shape would not give it back)', () => {
    const packer = new HistoryPacker();
    const p = packer.packing();
    const misplaced: ValuesEntry = {
      member: 'lambdaFunctionSucceededEventDetails',
      details: (name) => ({ output: name, outputDetails: ENGINE_NOT_TRUNCATED }),
    };
    assert.equal(
      packer.writeValues(p, 1, 0, 1_764_892_800_000, 'LambdaFunctionSucceeded', misplaced, 'x', 'y'),
      false,
    );
    assert.deepEqual(packer.unpackWritten(p), []);
  });

  it('reads the time of any event back from what it wrote, across chunks, and none past its events', () => {
    const start = 1_764_892_800_000;
    for (const events of [history(start), long(start, 5000)]) {
      const packer = new HistoryPacker();
      const { p, refused } = writeAll(packer, events);
      assert.equal(refused, undefined);
      for (const e of events) assert.equal(packer.timeOfWritten(p, e.id), e.timestamp, `event ${e.id}`);
      assert.equal(packer.timeOfWritten(p, 0), undefined);
      assert.equal(packer.timeOfWritten(p, events.length + 1), undefined);
    }
  });

  it('writes into slots that hold any value from the start: none holds doubles, to be copied back at the first string', () => {
    setFlagsFromString('--allow-natives-syntax');
    const hasDoubles = runInThisContext('(a) => %HasDoubleElements(a)') as (a: unknown[]) => boolean;
    const start = 1_764_892_800_000;
    const packer = new HistoryPacker();
    // The next history starts with room for as many slots: over 8 KB of them, which V8 makes as
    // small integers whatever it learned of the arrays made there before.
    packer.written(writeAll(packer, long(start, 1500)).p);
    const p = packer.packing();
    assert.ok(p.room > 1024);
    // A time difference made from two times in epoch ms: a double to V8 (1.5 is one in any case).
    assert.ok(packer.write(p, 1, 0, start + 1.5, 'ExecutionStarted', undefined, undefined));
    assert.equal(hasDoubles(p.slots), false);
  });

  it('refuses an entry whose details would not share their truncation flag (write packs it then)', () => {
    const packer = new HistoryPacker();
    const p = packer.packing();
    const own: ValuesEntry = {
      member: 'stateEnteredEventDetails',
      details: (name, input) => ({ name, input }),
    };
    assert.equal(packer.writeValues(p, 1, 0, 1_764_892_800_000, 'PassStateEntered', own, 'A', '{}'), false);
    assert.deepEqual(packer.unpackWritten(p), []);
  });
});
