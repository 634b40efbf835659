import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertInvalid, call } from './call-fixture.ts';
import { statesStringSplit } from './string.ts';
import { statesUuid } from './uuid.ts';

describe('States.StringSplit', () => {
  it('splits on every delimiter character and drops empty pieces', () => {
    assert.deepEqual(call(statesStringSplit, ['1,2,3,4,5', ',']), ['1', '2', '3', '4', '5']);
    assert.deepEqual(call(statesStringSplit, ['This.is+a,test=string', '.+,=']), [
      'This',
      'is',
      'a',
      'test',
      'string',
    ]);
    assert.deepEqual(call(statesStringSplit, [', , ,', ',']), [' ', ' ']);
    assert.deepEqual(call(statesStringSplit, ['', ',']), []);
    assert.deepEqual(call(statesStringSplit, ['abc', '']), ['abc']);
  });
  it('rejects non-strings and a wrong argument count', () => {
    assertInvalid(statesStringSplit, [1, ','], 'Invalid arguments in States.StringSplit');
    assertInvalid(statesStringSplit, ['a', 1], 'Invalid arguments in States.StringSplit');
    assertInvalid(statesStringSplit, ['a'], 'Invalid arguments in States.StringSplit');
  });
});

describe('States.UUID', () => {
  it('returns the scope UUID and takes no arguments', () => {
    assert.equal(
      call(statesUuid, [], { uuid: 'c0ffee00-0000-4000-8000-000000000000' }),
      'c0ffee00-0000-4000-8000-000000000000',
    );
    assertInvalid(statesUuid, ['x'], 'Invalid arguments in States.UUID');
  });
});
