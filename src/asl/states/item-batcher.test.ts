import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Decision, StepEnv } from '../decision.ts';
import { compileMachine } from '../definition/compile.ts';
import type { State } from '../definition/state.ts';
import type { ErrorValue } from '../errors/failure.ts';
import type { Json, JsonObject } from '../json.ts';
import { enterState } from '../step.ts';
import { sync } from '../sync-fixture.ts';

const PREFIX = "An error occurred while executing the state 'M' (entered at the event id #7). ";

const env: StepEnv = {
  context: { Execution: { Name: 'e1' }, State: { Name: 'M' } },
  enteredEventId: 7,
  now: Date.UTC(2024, 0, 15),
  variable: () => undefined,
  random: () => 0.5,
  uuid: () => 'u-1',
};

const DISTRIBUTED: JsonObject = { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' };

/** A distributed Map named M (JSONPath unless `language` says otherwise). */
function map(fields: JsonObject, language: 'JSONPath' | 'JSONata' = 'JSONPath', config = DISTRIBUTED): State {
  const machine = compileMachine({
    QueryLanguage: language,
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        ItemProcessor: { ProcessorConfig: config, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
        ...fields,
      },
    },
  });
  const s = machine.states.get('M');
  assert.ok(s);
  return s;
}

const enter = (s: State, input: Json): Decision => sync(enterState(s, input, env));

function childInputs(d: Decision): readonly Json[] {
  assert.equal(d.kind, 'map');
  if (d.kind !== 'map') throw new Error('not a map decision');
  assert.equal(d.runError, undefined);
  return d.items;
}

function runError(d: Decision): ErrorValue | undefined {
  assert.equal(d.kind, 'map', JSON.stringify(d));
  if (d.kind !== 'map') throw new Error('not a map decision');
  return d.runError;
}

describe('ItemBatcher (JSONPath)', () => {
  it('gives each child {"Items": [...]} of at most MaxItemsPerBatch items', () => {
    const d = enter(map({ ItemsPath: '$.items', ItemBatcher: { MaxItemsPerBatch: 2 } }), {
      items: [1, 2, 3, 4, 5],
    });
    assert.deepEqual(childInputs(d), [{ Items: [1, 2] }, { Items: [3, 4] }, { Items: [5] }]);
  });

  it('batches by MaxInputBytesPerBatch', () => {
    // {"Items":[]} is 12 bytes, each item 6 and a comma between: 25 bytes hold two.
    const d = enter(map({ ItemBatcher: { MaxInputBytesPerBatch: 25 } }), ['aaaa', 'bbbb', 'cccc']);
    assert.deepEqual(childInputs(d), [{ Items: ['aaaa', 'bbbb'] }, { Items: ['cccc'] }]);
  });

  it('applies ItemSelector to each item first, then batches; BatchInput reads the state input and $$', () => {
    const d = enter(
      map({
        InputPath: '$.in',
        ItemsPath: '$.items',
        ItemSelector: { 'i.$': '$$.Map.Item.Index', 'v.$': '$$.Map.Item.Value', 'tag.$': '$.tag' },
        ItemBatcher: {
          MaxItemsPerBatch: 2,
          BatchInput: { 'tag.$': '$.tag', 'exec.$': '$$.Execution.Name', fixed: 'x' },
        },
      }),
      { in: { items: ['a', 'b', 'c'], tag: 'T' } },
    );
    const batchInput = { tag: 'T', exec: 'e1', fixed: 'x' };
    assert.deepEqual(childInputs(d), [
      {
        BatchInput: batchInput,
        Items: [
          { i: 0, v: 'a', tag: 'T' },
          { i: 1, v: 'b', tag: 'T' },
        ],
      },
      { BatchInput: batchInput, Items: [{ i: 2, v: 'c', tag: 'T' }] },
    ]);
  });

  it('reads the limits through MaxItemsPerBatchPath and MaxInputBytesPerBatchPath', () => {
    const s = map({
      ItemsPath: '$.items',
      ItemBatcher: { MaxItemsPerBatchPath: '$.n', MaxInputBytesPerBatchPath: '$.bytes' },
    });
    assert.deepEqual(childInputs(enter(s, { items: [1, 2, 3], n: 2, bytes: 1000 })), [
      { Items: [1, 2] },
      { Items: [3] },
    ]);
    assert.deepEqual(childInputs(enter(s, { items: [1, 2, 3], n: 5, bytes: 16 })), [
      { Items: [1, 2] },
      { Items: [3] },
    ]);
    // Read like the Map's other *Path fields: a numeric string is a number.
    assert.deepEqual(childInputs(enter(s, { items: [1, 2, 3], n: '1', bytes: 1000 })), [
      { Items: [1] },
      { Items: [2] },
      { Items: [3] },
    ]);
  });

  it('fails the Map Run with States.Runtime when a limit path selects no positive integer', () => {
    const s = map({ ItemsPath: '$.items', ItemBatcher: { MaxItemsPerBatchPath: '$.n' } });
    for (const [n, shown] of [
      [0, '0'],
      [-1, '-1'],
      [1.5, '1.5'],
      ['abc', 'abc'],
      [{}, '{}'],
    ] as const) {
      assert.deepEqual(runError(enter(s, { items: [1], n })), {
        error: 'States.Runtime',
        cause: `${PREFIX}The MaxItemsPerBatchPath field refers to value "${shown}" which is not a valid positive integer: $.n`,
      });
    }
    assert.deepEqual(runError(enter(s, { items: [1] })), {
      error: 'States.Runtime',
      cause: `${PREFIX}The MaxItemsPerBatchPath field refers to value "null" which is not a valid positive integer: $.n`,
    });
    const bytes = map({ ItemsPath: '$.items', ItemBatcher: { MaxInputBytesPerBatchPath: '$.b' } });
    assert.deepEqual(runError(enter(bytes, { items: [1], b: 0 })), {
      error: 'States.Runtime',
      cause: `${PREFIX}The MaxInputBytesPerBatchPath field refers to value "0" which is not a valid positive integer: $.b`,
    });
  });

  it('fails the Map Run when BatchInput cannot be evaluated', () => {
    const d = enter(
      map({ ItemsPath: '$.items', ItemBatcher: { MaxItemsPerBatch: 1, BatchInput: { 'x.$': '$.missing' } } }),
      { items: [1] },
    );
    const e = runError(d);
    assert.equal(e?.error, 'States.Runtime');
    assert.ok(e.cause?.startsWith(PREFIX), e.cause);
  });

  it('leaves an INLINE Map unbatched (validation refuses ItemBatcher there)', () => {
    const d = enter(map({ ItemBatcher: { MaxItemsPerBatch: 2 } }, 'JSONPath', { Mode: 'INLINE' }), [1, 2, 3]);
    assert.deepEqual(childInputs(d), [1, 2, 3]);
  });
});

describe('ItemBatcher (JSONata)', () => {
  it('takes expressions for the limits and for BatchInput, or for fields inside BatchInput', async () => {
    const s = map(
      {
        Items: '{% $states.input.items %}',
        ItemSelector: { v: '{% $states.context.Map.Item.Value * 10 %}' },
        ItemBatcher: {
          MaxItemsPerBatch: '{% $states.input.n %}',
          MaxInputBytesPerBatch: '{% 1000 %}',
          BatchInput: { date: '{% $states.input.date %}', fixed: 1 },
        },
      },
      'JSONata',
    );
    const d = await enterState(s, { items: [1, 2, 3], n: 2, date: 'December 2022' }, env);
    const batchInput = { date: 'December 2022', fixed: 1 };
    assert.deepEqual(childInputs(d), [
      { BatchInput: batchInput, Items: [{ v: 10 }, { v: 20 }] },
      { BatchInput: batchInput, Items: [{ v: 30 }] },
    ]);

    const whole = map(
      { ItemBatcher: { MaxItemsPerBatch: 3, BatchInput: '{% {"n": $count($states.input)} %}' } },
      'JSONata',
    );
    assert.deepEqual(childInputs(await enterState(whole, [1, 2, 3, 4], env)), [
      { BatchInput: { n: 4 }, Items: [1, 2, 3] },
      { BatchInput: { n: 4 }, Items: [4] },
    ]);
  });

  it('fails the Map Run with States.QueryEvaluationError when a limit is not a positive integer', async () => {
    const s = map({ ItemBatcher: { MaxItemsPerBatch: '{% $states.input.n %}' }, Items: [1, 2] }, 'JSONata');
    assert.deepEqual(runError(await enterState(s, { n: 0 }, env)), {
      error: 'States.QueryEvaluationError',
      cause: `${PREFIX}The MaxItemsPerBatch field must be a positive integer, but was: 0`,
    });
    const bytes = map({ ItemBatcher: { MaxInputBytesPerBatch: '{% "many" %}' }, Items: [1] }, 'JSONata');
    assert.deepEqual(runError(await enterState(bytes, {}, env)), {
      error: 'States.QueryEvaluationError',
      cause: `${PREFIX}The MaxInputBytesPerBatch field must be a positive integer, but was: "many"`,
    });
  });
});
