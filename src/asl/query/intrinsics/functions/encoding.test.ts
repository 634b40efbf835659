import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertInvalid, call } from './call-fixture.ts';
import { statesBase64Decode, statesBase64Encode } from './encoding.ts';

describe('States.Base64Encode', () => {
  it('encodes the UTF-8 bytes', () => {
    assert.equal(call(statesBase64Encode, ['Data to encode']), 'RGF0YSB0byBlbmNvZGU=');
    assert.equal(call(statesBase64Encode, ['']), '');
    assert.equal(call(statesBase64Encode, ['✓']), '4pyT');
  });
  it('accepts 10,000 characters and rejects more', () => {
    assert.equal(typeof call(statesBase64Encode, ['a'.repeat(10000)]), 'string');
    assertInvalid(statesBase64Encode, ['a'.repeat(10001)], 'Invalid arguments in States.Base64Encode');
  });
  it('rejects non-strings and a wrong argument count', () => {
    assertInvalid(statesBase64Encode, [123], 'Invalid arguments in States.Base64Encode');
    assertInvalid(statesBase64Encode, ['a', 'b'], 'Invalid arguments in States.Base64Encode');
  });
});

describe('States.Base64Decode', () => {
  it('decodes to UTF-8 text', () => {
    assert.equal(call(statesBase64Decode, ['RGF0YSB0byBlbmNvZGU=']), 'Data to encode');
    assert.equal(call(statesBase64Decode, ['44GT44KT44Gr44Gh44Gv']), 'こんにちは');
    assert.equal(call(statesBase64Decode, ['YWJjAGRlZg==']), 'abc\u0000def');
    assert.equal(call(statesBase64Decode, ['']), '');
  });
  it('is lenient with padding and surrounding spaces, as AWS is', () => {
    assert.equal(call(statesBase64Decode, ['YWJjZA']), 'abcd');
    assert.equal(call(statesBase64Decode, [' YWJjZA== ']), 'abcd');
  });
  it('rejects more than 10,000 characters, non-strings and a wrong argument count', () => {
    assertInvalid(statesBase64Decode, ['A'.repeat(10001)], 'Invalid arguments in States.Base64Decode');
    assertInvalid(statesBase64Decode, [{}], 'Invalid arguments in States.Base64Decode');
    assertInvalid(statesBase64Decode, [], 'Invalid arguments in States.Base64Decode');
  });
});
