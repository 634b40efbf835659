import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  statesArray,
  statesArrayContains,
  statesArrayGetItem,
  statesArrayLength,
  statesArrayPartition,
  statesArrayRange,
  statesArrayUnique,
} from './array.ts';
import { assertInvalid, call } from './call-fixture.ts';

describe('States.Array', () => {
  it('collects its arguments, any number of them', () => {
    assert.deepEqual(call(statesArray, ['a', 1, null, { k: [] }]), ['a', 1, null, { k: [] }]);
    assert.deepEqual(call(statesArray, []), []);
  });
});

describe('States.ArrayPartition', () => {
  it('cuts into chunks, the last one shorter', () => {
    assert.deepEqual(call(statesArrayPartition, [[0, 1, 2, 3, 4], 2]), [[0, 1], [2, 3], [4]]);
    assert.deepEqual(call(statesArrayPartition, [[0, 1], 5]), [[0, 1]]);
    assert.deepEqual(call(statesArrayPartition, [[], 3]), []);
  });
  it('truncates a fractional chunk size', () => {
    assert.deepEqual(call(statesArrayPartition, [[0, 1, 2], 2.9]), [[0, 1], [2]]);
  });
  it('rejects a chunk size below 1, a non-array and a wrong argument count', () => {
    assertInvalid(statesArrayPartition, [[1], 0], 'Invalid arguments in States.ArrayPartition');
    assertInvalid(statesArrayPartition, [[1], 0.49], 'Invalid arguments in States.ArrayPartition');
    assertInvalid(statesArrayPartition, [[1], -2], 'Invalid arguments in States.ArrayPartition');
    assertInvalid(statesArrayPartition, ['abc', 1], 'Invalid arguments in States.ArrayPartition');
    assertInvalid(statesArrayPartition, [[1], '1'], 'Invalid arguments in States.ArrayPartition');
    assertInvalid(statesArrayPartition, [[1]], 'Invalid arguments in States.ArrayPartition');
  });
});

describe('States.ArrayContains', () => {
  it('compares structurally, ignoring key order', () => {
    assert.equal(call(statesArrayContains, [[{ a: 1, b: [2] }], { b: [2], a: 1 }]), true);
    assert.equal(
      call(statesArrayContains, [
        [[1, 2, 3], 2],
        [1, 2, 3],
      ]),
      true,
    );
    assert.equal(call(statesArrayContains, [[[1, 2, 3], 2], null]), false);
    assert.equal(call(statesArrayContains, [[true, false], false]), true);
    assert.equal(call(statesArrayContains, [['1'], 1]), false);
  });
  it('rejects a non-array', () => {
    assertInvalid(statesArrayContains, [{}, 1], 'Invalid arguments in States.ArrayContains');
    assertInvalid(statesArrayContains, [[1]], 'Invalid arguments in States.ArrayContains');
  });
});

describe('States.ArrayRange', () => {
  it('includes both ends when the step lands on them', () => {
    assert.deepEqual(call(statesArrayRange, [1, 9, 2]), [1, 3, 5, 7, 9]);
    assert.deepEqual(call(statesArrayRange, [0, 10, 3]), [0, 3, 6, 9]);
    assert.deepEqual(call(statesArrayRange, [1, 9, 9]), [1]);
  });
  it('counts down with a negative step and is empty when the step points away', () => {
    assert.deepEqual(call(statesArrayRange, [5, 1, -2]), [5, 3, 1]);
    assert.deepEqual(call(statesArrayRange, [3, 3, -1]), [3]);
    assert.deepEqual(call(statesArrayRange, [5, 1, 1]), []);
    assert.deepEqual(call(statesArrayRange, [1, 5, -1]), []);
  });
  it('truncates fractional arguments', () => {
    assert.deepEqual(call(statesArrayRange, [1.6, 1.4, 1]), [1]);
    assert.deepEqual(call(statesArrayRange, [5.4, -0.6, -2.4]), [5, 3, 1]);
  });
  it('allows 1000 items and rejects 1001', () => {
    assert.equal((call(statesArrayRange, [1, 1000, 1]) as number[]).length, 1000);
    assert.equal((call(statesArrayRange, [1000, 1, -1]) as number[]).length, 1000);
    assertInvalid(statesArrayRange, [1, 1001, 1], 'Invalid arguments in States.ArrayRange');
    assertInvalid(statesArrayRange, [1001, 1, -1], 'Invalid arguments in States.ArrayRange');
  });
  it('rejects a zero step, non-numbers and a wrong argument count', () => {
    assertInvalid(statesArrayRange, [1, 10, 0], 'Invalid arguments in States.ArrayRange');
    assertInvalid(statesArrayRange, [1, 10, 0.49], 'Invalid arguments in States.ArrayRange');
    assertInvalid(statesArrayRange, ['a', 5, 1], 'Invalid arguments in States.ArrayRange');
    assertInvalid(statesArrayRange, [1, 5], 'Invalid arguments in States.ArrayRange');
    assertInvalid(statesArrayRange, [1, 5, 1, 99], 'Invalid arguments in States.ArrayRange');
  });
});

describe('States.ArrayGetItem', () => {
  it('returns the item at an index, truncating a fraction', () => {
    assert.equal(call(statesArrayGetItem, [[1, 2, 3, 4, 5, 6, 7, 8, 9], 5]), 6);
    assert.equal(call(statesArrayGetItem, [[10, 20, 30], 1.2]), 20);
    assert.deepEqual(call(statesArrayGetItem, [[{ a: 1 }, { b: 2 }], 1]), { b: 2 });
    assert.equal(call(statesArrayGetItem, [[null], 0]), null);
  });
  it('yields null for any index into an empty array, as observed on AWS', () => {
    assert.equal(call(statesArrayGetItem, [[], 999]), null);
  });
  it('rejects out-of-range indexes, non-arrays and non-numbers', () => {
    assertInvalid(statesArrayGetItem, [[10, 20, 30], 3], 'Invalid arguments in States.ArrayGetItem');
    assertInvalid(statesArrayGetItem, [[10, 20, 30], -1], 'Invalid arguments in States.ArrayGetItem');
    assertInvalid(statesArrayGetItem, ['not-array', 0], 'Invalid arguments in States.ArrayGetItem');
    assertInvalid(statesArrayGetItem, [[10], '0'], 'Invalid arguments in States.ArrayGetItem');
    assertInvalid(statesArrayGetItem, [[10]], 'Invalid arguments in States.ArrayGetItem');
  });
});

describe('States.ArrayLength', () => {
  it('counts items', () => {
    assert.equal(call(statesArrayLength, [[1, 2, 3]]), 3);
    assert.equal(call(statesArrayLength, [[]]), 0);
  });
  it('rejects a non-array', () => {
    assertInvalid(statesArrayLength, ['abc'], 'Invalid arguments in States.ArrayLength');
    assertInvalid(statesArrayLength, [], 'Invalid arguments in States.ArrayLength');
  });
});

describe('States.ArrayUnique', () => {
  it('keeps the first of structurally equal items, in order', () => {
    assert.deepEqual(
      call(statesArrayUnique, [
        [
          null,
          null,
          true,
          1,
          1,
          1.1,
          0,
          -0,
          'x',
          'x',
          [],
          [],
          [null],
          [null],
          { a: 1, b: 2 },
          { b: 2, a: 1 },
          { a: 1, b: 1 },
        ],
      ]),
      [null, true, 1, 1.1, 0, 'x', [], [null], { a: 1, b: 2 }, { a: 1, b: 1 }],
    );
  });
  it('rejects a non-array', () => {
    assertInvalid(statesArrayUnique, [{}], 'Invalid arguments in States.ArrayUnique');
  });
});
