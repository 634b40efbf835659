import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyTaskResource } from './task-resource.ts';

const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:a';
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:f';

describe('a Task resource, classified once', () => {
  it('carries a task token for activities and .waitForTaskToken resources only', () => {
    const token = (arn: string): boolean => classifyTaskResource(arn).takesTaskToken;
    assert.equal(token(ACTIVITY), true);
    assert.equal(token('arn:aws:states:::sqs:sendMessage.waitForTaskToken'), true);
    assert.equal(token('arn:aws:states:::lambda:invoke'), false);
    assert.equal(token(LAMBDA), false);
  });

  it('names the history vocabulary and what Task* events call the service and action', () => {
    assert.equal(classifyTaskResource(LAMBDA).family, 'lambda-function');
    assert.equal(classifyTaskResource(ACTIVITY).family, 'activity');
    const sdk = classifyTaskResource('arn:aws:states:::aws-sdk:s3:getObject');
    assert.deepEqual(
      [sdk.family, sdk.resourceType, sdk.resourceName],
      ['service', 'aws-sdk:s3', 'getObject'],
    );
    const invoke = classifyTaskResource('arn:aws:states:::lambda:invoke.waitForTaskToken');
    assert.deepEqual([invoke.resourceType, invoke.resourceName], ['lambda', 'invoke.waitForTaskToken']);
  });

  it('tells the integration pattern, and what TestState cannot run without a mock', () => {
    const of = (arn: string): [string, boolean] => {
      const r = classifyTaskResource(arn);
      return [r.pattern, r.waitsOnWorld];
    };
    assert.deepEqual(of('arn:aws:states:::lambda:invoke'), ['request-response', false]);
    assert.deepEqual(of('arn:aws:states:::states:startExecution.sync'), ['sync', true]);
    assert.deepEqual(of('arn:aws:states:::states:startExecution.sync:2'), ['sync:2', true]);
    assert.deepEqual(of('arn:aws:states:::sqs:sendMessage.waitForTaskToken'), ['callback', true]);
    assert.deepEqual(of(ACTIVITY), ['request-response', true]);
    assert.equal(
      classifyTaskResource('arn:aws:states:::sqs:sendMessage.waitForTaskToken').callbackBase,
      'arn:aws:states:::sqs:sendMessage',
    );
    assert.equal(classifyTaskResource('arn:aws:states:::lambda:invoke').callbackBase, undefined);
    assert.equal(
      classifyTaskResource('arn:aws:states:eu-west-1:123456789012:sqs:sendMessage.waitForTaskToken')
        .callbackBase,
      'arn:aws:states:eu-west-1:123456789012:sqs:sendMessage',
    );
  });
});
