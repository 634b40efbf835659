import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateDefinition } from './index.ts';

const S = 'SCHEMA_VALIDATION_FAILED';
/** `mode` NONE: no ProcessorConfig at all (INLINE). */
const processor = (mode: string) => ({
  ...(mode === 'NONE'
    ? {}
    : {
        ProcessorConfig: mode === 'DISTRIBUTED' ? { Mode: mode, ExecutionType: 'STANDARD' } : { Mode: mode },
      }),
  StartAt: 'P',
  States: { P: { Type: 'Pass', End: true } },
});

/** [code, message, location] of every diagnostic for a Map named M with this ItemBatcher. */
function check(itemBatcher: unknown, language: 'JSONPath' | 'JSONata' = 'JSONPath', mode = 'DISTRIBUTED') {
  const def = {
    QueryLanguage: language,
    StartAt: 'M',
    States: { M: { Type: 'Map', ItemProcessor: processor(mode), ItemBatcher: itemBatcher, End: true } },
  };
  return validateDefinition(def).map((d) => [d.code, d.message, d.location ?? 'null']);
}
const AT = '/States/M/ItemBatcher';

test('ItemBatcher is for a DISTRIBUTED Map only', () => {
  assert.deepEqual(check({ MaxItemsPerBatch: 2 }), []);
  for (const mode of ['INLINE', 'NONE']) {
    assert.deepEqual(check({ MaxItemsPerBatch: 2 }, 'JSONPath', mode), [
      [S, "Field 'ItemBatcher' is not supported", '/States/M'],
    ]);
  }
  // The legacy Iterator may run DISTRIBUTED too.
  const legacy = {
    StartAt: 'M',
    States: {
      M: { Type: 'Map', Iterator: processor('DISTRIBUTED'), ItemBatcher: { MaxItemsPerBatch: 2 }, End: true },
    },
  };
  assert.deepEqual(validateDefinition(legacy), []);
});

test('ItemBatcher is an object with at least one limit and no unknown field', () => {
  assert.deepEqual(check(5), [[S, 'Expected value of type [OBJECT]', AT]]);
  const limits = '[MaxItemsPerBatch, MaxItemsPerBatchPath, MaxInputBytesPerBatch, MaxInputBytesPerBatchPath]';
  assert.deepEqual(check({}), [
    [S, `This object should have at least one of the following fields: ${limits}`, AT],
  ]);
  assert.deepEqual(check({ BatchInput: { a: 1 } }), [
    [S, `This object should have at least one of the following fields: ${limits}`, AT],
  ]);
  assert.deepEqual(check({ MaxItemsPerBatch: 1, MaxItems: 3 }), [
    [S, "Field 'MaxItems' is not supported", AT],
  ]);
});

test('a limit is given literally or by its path, not both', () => {
  assert.deepEqual(check({ MaxItemsPerBatch: 1, MaxItemsPerBatchPath: '$.n' }), [
    [S, 'There should only be one of the following fields: [MaxItemsPerBatch, MaxItemsPerBatchPath]', AT],
  ]);
  assert.deepEqual(check({ MaxInputBytesPerBatch: 100, MaxInputBytesPerBatchPath: '$.b' }), [
    [
      S,
      'There should only be one of the following fields: [MaxInputBytesPerBatch, MaxInputBytesPerBatchPath]',
      AT,
    ],
  ]);
  assert.deepEqual(check({ MaxItemsPerBatch: 1, MaxInputBytesPerBatchPath: '$.b' }), []);
});

test('MaxItemsPerBatch is a positive integer; MaxInputBytesPerBatch one of at most 256 KiB', () => {
  assert.deepEqual(check({ MaxItemsPerBatch: 0 }), [[S, 'Minimum value is 1', `${AT}/MaxItemsPerBatch`]]);
  assert.deepEqual(check({ MaxItemsPerBatch: 2.5 }), [
    [S, 'Expected value of type Integer', `${AT}/MaxItemsPerBatch`],
  ]);
  assert.deepEqual(check({ MaxItemsPerBatch: '2' }), [
    [S, 'Expected value of type Integer', `${AT}/MaxItemsPerBatch`],
  ]);
  assert.deepEqual(check({ MaxInputBytesPerBatch: 262_144 }), []);
  assert.deepEqual(check({ MaxInputBytesPerBatch: 262_145 }), [
    [S, 'Maximum value is 262144', `${AT}/MaxInputBytesPerBatch`],
  ]);
  assert.deepEqual(check({ MaxInputBytesPerBatch: 0 }), [
    [S, 'Minimum value is 1', `${AT}/MaxInputBytesPerBatch`],
  ]);
});

test('JSONPath: the *Path fields are reference paths and BatchInput a payload template', () => {
  assert.deepEqual(check({ MaxItemsPerBatchPath: '$.n', BatchInput: { 'a.$': '$.a', b: 1 } }), []);
  assert.deepEqual(check({ MaxItemsPerBatchPath: 'n' }), [
    [S, "Value is not a Reference Path: Reference path didn't start with '$'", `${AT}/MaxItemsPerBatchPath`],
  ]);
  assert.deepEqual(check({ MaxItemsPerBatch: 1, BatchInput: { 'a.$': 'nope' } }), [
    [
      S,
      "The value for the field 'a.$' must be a valid JSONPath or a valid intrinsic function call",
      `${AT}/BatchInput/a.$`,
    ],
  ]);
  assert.deepEqual(check({ MaxItemsPerBatch: '{% 2 %}' }), [
    [S, 'Expected value of type Integer', `${AT}/MaxItemsPerBatch`],
  ]);
});

test('JSONata: expressions for the limits and BatchInput; the *Path fields belong to JSONPath', () => {
  assert.deepEqual(
    check(
      {
        MaxItemsPerBatch: '{% $states.input.n %}',
        MaxInputBytesPerBatch: '{% 1024 %}',
        BatchInput: '{% {"date": $states.input.date} %}',
      },
      'JSONata',
    ),
    [],
  );
  assert.deepEqual(check({ MaxItemsPerBatch: 2, BatchInput: { d: '{% $states.input.d %}' } }, 'JSONata'), []);
  assert.deepEqual(check({ MaxItemsPerBatchPath: '$.n' }, 'JSONata'), [
    [
      S,
      "The QueryLanguage is set to 'JSONata', but field 'MaxItemsPerBatchPath' is only supported for the 'JSONPath' QueryLanguage",
      AT,
    ],
  ]);
  assert.deepEqual(check({ MaxItemsPerBatch: 0 }, 'JSONata'), [
    [S, 'Minimum value is 1', `${AT}/MaxItemsPerBatch`],
  ]);
  const [invalid] = check({ MaxItemsPerBatch: '{% $states.input. %}' }, 'JSONata');
  assert.equal(invalid?.[2], `${AT}/MaxItemsPerBatch`);
});
