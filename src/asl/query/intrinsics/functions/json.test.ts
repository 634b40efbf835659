import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertInvalid, call } from './call-fixture.ts';
import { statesJsonMerge, statesJsonToString, statesStringToJson } from './json.ts';

describe('States.StringToJson', () => {
  it('parses JSON text of any type', () => {
    assert.deepEqual(call(statesStringToJson, ['{"Arg1": 1, "Arg2": []}']), { Arg1: 1, Arg2: [] });
    assert.deepEqual(call(statesStringToJson, ['[1, 2, "HelloWorld"]']), [1, 2, 'HelloWorld']);
    assert.equal(call(statesStringToJson, ['"HelloWorld"']), 'HelloWorld');
    assert.equal(call(statesStringToJson, ['1.1']), 1.1);
    assert.equal(call(statesStringToJson, ['null']), null);
  });
  it('reads blank text as null and -0 as 0', () => {
    assert.equal(call(statesStringToJson, ['']), null);
    assert.equal(call(statesStringToJson, [' ']), null);
    assert.ok(Object.is(call(statesStringToJson, ['-0']), 0));
  });
  it('rejects malformed JSON and non-strings', () => {
    assertInvalid(statesStringToJson, ['{"a":'], 'Invalid arguments in States.StringToJson');
    assertInvalid(statesStringToJson, [{ a: 1 }], 'Invalid arguments in States.StringToJson');
    assertInvalid(statesStringToJson, [], 'Invalid arguments in States.StringToJson');
  });
});

describe('States.JsonToString', () => {
  it('prints compact JSON in key order', () => {
    assert.equal(
      call(statesJsonToString, [{ b: 1, a: [1, 2, 'HelloWorld'], c: { d: null } }]),
      '{"b":1,"a":[1,2,"HelloWorld"],"c":{"d":null}}',
    );
    assert.equal(call(statesJsonToString, [1.1]), '1.1');
    assert.equal(call(statesJsonToString, [true]), 'true');
    assert.equal(call(statesJsonToString, ['x']), '"x"');
  });
  it('rejects a wrong argument count', () => {
    assertInvalid(statesJsonToString, [], 'Invalid arguments in States.JsonToString');
  });
});

describe('States.JsonMerge', () => {
  it('merges shallowly, the second object winning', () => {
    assert.deepEqual(
      call(statesJsonMerge, [
        { a: { a1: 1, a2: 2 }, b: 2, d: 3 },
        { a: { a3: 1, a4: 2 }, c: 3, d: 4 },
        false,
      ]),
      { a: { a3: 1, a4: 2 }, b: 2, c: 3, d: 4 },
    );
  });
  it('does not change its inputs', () => {
    const left = { a: 1 };
    call(statesJsonMerge, [left, { a: 2 }, false]);
    assert.deepEqual(left, { a: 1 });
  });
  it('rejects deep merging, non-objects and a wrong argument count', () => {
    assertInvalid(statesJsonMerge, [{}, {}, true], 'Invalid arguments in States.JsonMerge');
    assertInvalid(statesJsonMerge, [{}, {}, 'false'], 'Invalid arguments in States.JsonMerge');
    assertInvalid(statesJsonMerge, [[], {}, false], 'Invalid arguments in States.JsonMerge');
    assertInvalid(statesJsonMerge, [{}, null, false], 'Invalid arguments in States.JsonMerge');
    assertInvalid(statesJsonMerge, [{}, {}], 'Invalid arguments in States.JsonMerge');
  });
});

it('States.StringToJson turns every spelling of -0 into 0 and leaves other numbers alone', () => {
  for (const text of ['-0', '-0.0', '-0e1', '-0.00E+3', '[-0]', '{"a":-0.0}']) {
    const parsed = call(statesStringToJson, [text]);
    assert.equal(JSON.stringify(parsed).includes('-'), false, text);
  }
  assert.deepEqual(call(statesStringToJson, ['{"d":"2024-01-01","n":-0.5}']), { d: '2024-01-01', n: -0.5 });
});
