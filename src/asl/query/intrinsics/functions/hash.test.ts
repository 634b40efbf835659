import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertInvalid, call } from './call-fixture.ts';
import { statesHash } from './hash.ts';

describe('States.Hash', () => {
  it('hashes with each algorithm AWS lists, as lowercase hex', () => {
    assert.equal(call(statesHash, ['hello', 'MD5']), '5d41402abc4b2a76b9719d911017c592');
    assert.equal(call(statesHash, ['hello', 'SHA-1']), 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d');
    assert.equal(
      call(statesHash, ['hello', 'SHA-256']),
      '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    );
    assert.equal(
      call(statesHash, ['hello', 'SHA-384']),
      '59e1748777448c69de6b800d7a33bbfb9ff1b463e44354c3553bcdb9c666fa90125a3c79f90397bdf5f6a13de828684f',
    );
    assert.equal(
      call(statesHash, ['hello', 'SHA-512']),
      '9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043',
    );
  });
  it('hashes the UTF-8 bytes of the text', () => {
    assert.equal(
      call(statesHash, ['こんにちは', 'SHA-256']),
      '125aeadf27b0459b8760c13a3d80912dfa8a81a68261906f60d87f4a0268646c',
    );
  });
  it('hashes non-string data as its JSON text', () => {
    assert.equal(call(statesHash, [123, 'MD5']), call(statesHash, ['123', 'MD5']));
  });
  it('accepts 10,000 characters and rejects more', () => {
    assert.equal((call(statesHash, ['a'.repeat(10000), 'SHA-256']) as string).length, 64);
    assertInvalid(statesHash, ['a'.repeat(10001), 'SHA-256'], 'Invalid arguments in States.Hash');
  });
  it('rejects other spellings of algorithms and a wrong argument count', () => {
    for (const algorithm of ['sha-256', 'SHA256', 'MD-5', '', 'SHA-257', 123]) {
      assertInvalid(statesHash, ['data', algorithm], 'Invalid arguments in States.Hash');
    }
    assertInvalid(statesHash, ['hello'], 'Invalid arguments in States.Hash');
    assertInvalid(statesHash, ['hello', 'MD5', 'x'], 'Invalid arguments in States.Hash');
  });
});
