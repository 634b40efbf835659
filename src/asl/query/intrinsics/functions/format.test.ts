import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AslFailure } from '../../../errors/failure.ts';
import type { Json } from '../../../json.ts';
import { fixtureScope } from '../../scope-fixture.ts';
import { assertInvalid, call } from './call-fixture.ts';
import { statesFormat } from './format.ts';

/** States.Format with a literal template, whose escapes are still in `raw`. */
function formatLiteral(raw: string, value: string, ...values: Json[]): Json {
  return statesFormat([value, ...values], { scope: fixtureScope(null), rawStrings: [raw] });
}

describe('States.Format', () => {
  it('fills placeholders in order', () => {
    assert.equal(
      call(statesFormat, ['Hello {}, welcome to {}!', 'John', 'LocalStack']),
      'Hello John, welcome to LocalStack!',
    );
    assert.equal(call(statesFormat, ['no placeholders']), 'no placeholders');
  });
  it('prints values the way Java does', () => {
    assert.equal(
      call(statesFormat, ['{}|{}|{}|{}|{}', null, false, -1, 3.5, 9007199254740991]),
      'null|false|-1|3.5|9007199254740991',
    );
    assert.equal(call(statesFormat, ['{}', { Arg1: 1, Arg2: [] }]), '{Arg1=1, Arg2=[]}');
    assert.equal(call(statesFormat, ['{}', [1, 'a', { b: null }]]), '[1, a, {b=null}]');
    assert.equal(call(statesFormat, ['{} {}', 1e21, 1e-7]), '1000000000000000000000 1.0E-7');
  });
  it('treats escaped braces in a literal template as text', () => {
    assert.equal(formatLiteral("\\{\\} {} \\'x\\'", "{} {} 'x'", 1), "{} 1 'x'");
  });
  it('rejects malformed templates', () => {
    assertInvalid(
      statesFormat,
      ['Hello {', 'x'],
      "Invalid arguments in States.Format: matching '}' not found for '{'.",
    );
    assertInvalid(
      statesFormat,
      ['Hello {{}}', 'x'],
      "Invalid arguments in States.Format: matching '}' not found for '{'.",
    );
    assertInvalid(statesFormat, ['}'], "Invalid arguments in States.Format: matching '{' not found for '}'.");
  });
  it('rejects a count of values that differs from the placeholders', () => {
    const cause =
      'Invalid arguments in States.Format: number of arguments do not match the occurrences of {}.';
    assertInvalid(statesFormat, ['{} {}', 'x'], cause);
    assertInvalid(statesFormat, ['{}', 'x', 'y'], cause);
  });
  it('rejects a template that is not a string', () => {
    assertInvalid(statesFormat, [123, 'x'], 'Invalid arguments in States.Format');
    assert.throws(() => call(statesFormat, []), AslFailure);
  });
});
