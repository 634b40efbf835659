import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from './errors.ts';
import { decodePageToken, encodePageToken, pageSize } from './page-token.ts';

const isInvalidToken = (e: unknown): boolean => e instanceof ApiError && e.code === 'InvalidToken';

test('a token round-trips for its own query only', () => {
  const token = encodePageToken('q1', [1700000000000, 'arn:x']);
  assert.deepEqual(decodePageToken(token, 'q1'), [1700000000000, 'arn:x']);
  assert.throws(() => decodePageToken(token, 'q2'), isInvalidToken);
});

test('forged tokens are InvalidToken', () => {
  for (const token of ['garbage', '', 'eyJ4IjoxfQ', Buffer.from('{"q":"q1"}').toString('base64url')]) {
    assert.throws(() => decodePageToken(token, 'q1'), isInvalidToken, token);
  }
});

test('maxResults 0 or absent is a page of 100', () => {
  assert.equal(pageSize(undefined), 100);
  assert.equal(pageSize(0), 100);
  assert.equal(pageSize(7), 7);
});
