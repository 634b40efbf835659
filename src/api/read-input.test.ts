import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from './errors.ts';
import { readInput } from './read-input.ts';

const members = {
  name: { type: 'string', required: true, min: 1, max: 3 },
  secret: { type: 'string', max: 2, sensitive: true },
  size: { type: 'integer', min: 0, max: 10 },
  flag: { type: 'boolean' },
} as const;

function failure(body: Record<string, unknown>): ApiError {
  try {
    readInput(members, body as never);
  } catch (e) {
    assert.ok(e instanceof ApiError);
    return e;
  }
  assert.fail('expected a failure');
}

test('valid input comes back typed, without unknown members and nulls', () => {
  const input = readInput(members, { name: 'abc', size: 0, flag: false, extra: 1, secret: null });
  assert.deepEqual(input, { name: 'abc', size: 0, flag: false });
});

test('constraint violations are collected in member order', () => {
  const e = failure({ name: 'long', secret: 'xyz', size: 11 });
  assert.equal(e.code, 'ValidationException');
  assert.equal(e.namespace, 'com.amazon.coral.validate');
  assert.equal(
    e.message,
    "3 validation errors detected: Value 'long' at 'name' failed to satisfy constraint: Member must have length less than or equal to 3; " +
      "Value at 'secret' failed to satisfy constraint: Member must have length less than or equal to 2; " +
      "Value '11' at 'size' failed to satisfy constraint: Member must have value less than or equal to 10",
  );
});

test('a wrong JSON type stops at SerializationException before constraints', () => {
  const e = failure({ name: 'toolong', flag: 1 });
  assert.equal(e.code, 'SerializationException');
  assert.equal(e.message, 'NUMBER_VALUE can not be converted to a Boolean');
});

test('integers beyond 32 bits cannot be deserialized', () => {
  assert.equal(failure({ name: 'a', size: 2 ** 31 }).code, 'SerializationException');
});
