import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkArn } from './arn.ts';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:M';

describe('checkArn', () => {
  it('passes an ARN of the type asked, again and again, and refuses it as another type after', () => {
    checkArn(MACHINE, 'stateMachine');
    checkArn(MACHINE, 'stateMachine');
    assert.throws(() => checkArn(MACHINE, 'execution'), {
      code: 'InvalidArn',
      message: "Invalid Arn: 'Resource type not valid in this context: stateMachine'",
    });
    checkArn(MACHINE, 'stateMachine');
    assert.throws(() => checkArn(`${MACHINE}:`, 'stateMachine'), { message: `Invalid Arn: '${MACHINE}:'` });
    assert.throws(() => checkArn('M', 'stateMachine'), { message: "Invalid Arn: 'Invalid ARN prefix: M'" });
  });
});
