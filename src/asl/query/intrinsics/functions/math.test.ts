import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertInvalid, call } from './call-fixture.ts';
import { statesMathAdd, statesMathRandom } from './math.ts';

describe('States.MathAdd', () => {
  it('rounds each operand half up, like Java, before adding', () => {
    const cases: [number, number, number][] = [
      [-9, 3, -6],
      [1.49, 1.5, 3],
      [-1.49, -1.5, -2],
      [1.49, -1.49, 0],
      [0.5, 0, 1],
      [2.5, 0, 3],
      [-0.5, 0, 0],
      [-1.5, 0, -1],
      [-2.5, 0, -2],
      [-1.51, 0, -2],
    ];
    for (const [a, b, sum] of cases) assert.ok(Object.is(call(statesMathAdd, [a, b]), sum), `${a} + ${b}`);
  });
  it('rejects operands outside 32-bit integers, non-numbers and a wrong argument count', () => {
    assertInvalid(statesMathAdd, [2147483648, 0], 'Invalid arguments in States.MathAdd');
    assertInvalid(statesMathAdd, [1, 'NOT A NUMBER'], 'Invalid arguments in States.MathAdd');
    assertInvalid(statesMathAdd, [1], 'Invalid arguments in States.MathAdd');
  });
});

describe('States.MathRandom', () => {
  it('draws from [start, end) with the scope random source', () => {
    assert.equal(call(statesMathRandom, [1, 999], { random: 0 }), 1);
    assert.equal(call(statesMathRandom, [1, 999], { random: 0.999999 }), 998);
    assert.equal(call(statesMathRandom, [-99999, -9999], { random: 0.5 }), -54999);
  });
  it('truncates the bounds', () => {
    assert.equal(call(statesMathRandom, [1.6, 5.4], { random: 0 }), 1);
    assert.equal(call(statesMathRandom, [1.6, 5.4], { random: 0.99 }), 4);
  });
  it('is a pure function of the arguments when seeded, whatever the random source', () => {
    const first = call(statesMathRandom, [1, 100, 42], { random: 0.1 });
    assert.equal(call(statesMathRandom, [1, 100, 42], { random: 0.9 }), first);
    // 1 + new java.util.Random(42).nextInt(99), as printed by jshell.
    assert.equal(first, 1 + 62);
    assert.equal(call(statesMathRandom, [0, 999, -10]), 144);
    assert.equal(call(statesMathRandom, [0, 999, -10.7]), 144);
  });
  it('rejects empty ranges, non-numbers, a null seed and wrong argument counts', () => {
    for (const args of [
      [1, 1],
      [10, 5],
      [1.4, 1.6],
      ['a', 10],
      [1, 'b'],
      [1, 10, 'seed'],
      [1, 10, null],
      [1],
      [1, 10, 5, 99],
    ]) {
      assertInvalid(statesMathRandom, args, 'Invalid arguments in States.MathRandom');
    }
  });
});
