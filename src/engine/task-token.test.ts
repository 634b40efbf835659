import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mintTaskToken, parseTaskToken } from './task-token.ts';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:approvals:run-1';

describe('task tokens', () => {
  it('are the same for the same visit (a re-run after restart) and differ between visits', () => {
    assert.equal(mintTaskToken(ARN, 5, 0), mintTaskToken(ARN, 5, 0));
    assert.notEqual(mintTaskToken(ARN, 5, 0), mintTaskToken(ARN, 5, 1));
    assert.notEqual(mintTaskToken(ARN, 5, 0), mintTaskToken(ARN, 9, 0));
  });

  it('parse back to their execution and visit; anything else is no token', () => {
    assert.deepEqual(parseTaskToken(mintTaskToken(ARN, 12, 3)), {
      executionArn: ARN,
      enteredEventId: 12,
      retryCount: 3,
    });
    assert.equal(parseTaskToken('not a token'), undefined);
    assert.equal(parseTaskToken(Buffer.from('1.0|arn:aws:states:x').toString('base64url')), undefined);
  });
});
