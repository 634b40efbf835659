import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeCall } from './task-call.ts';

test('an optimized integration: service by its AWS name, API, pattern and each moment', () => {
  const call = describeCall({
    scheduledAt: 10,
    resource: 'dynamodb:putItem',
    resourceType: 'dynamodb',
    startedAt: 10.01,
    outcome: 'succeeded',
    endedBy: 'TaskSucceeded',
    endedAt: 10.05,
  });
  assert.deepEqual(call, {
    service: 'Amazon DynamoDB',
    api: 'putItem',
    kind: 'Optimized',
    pattern: 'Request Response',
    steps: [
      { label: 'Scheduled', at: 10 },
      { label: 'Started', at: 10.01 },
      { label: 'Succeeded', at: 10.05 },
    ],
  });
});

test('aws-sdk, .sync:2 and .waitForTaskToken resources, timeouts, Lambda ARNs and activities', () => {
  const sdk = describeCall({ scheduledAt: 1, resource: 'aws-sdk:s3:getObject', resourceType: 'aws-sdk:s3' });
  assert.deepEqual(
    [sdk.service, sdk.kind, sdk.api, sdk.pattern],
    ['Amazon S3', 'AWS SDK', 'getObject', 'Request Response'],
  );
  const job = describeCall({
    scheduledAt: 1,
    resource: 'states:startExecution.sync:2',
    resourceType: 'states',
    submittedAt: 2,
    outcome: 'failed',
    endedBy: 'TaskTimedOut',
    endedAt: 3,
  });
  assert.deepEqual(
    [job.service, job.api, job.pattern],
    ['AWS Step Functions', 'startExecution', 'Run a Job (.sync)'],
  );
  assert.deepEqual(
    job.steps.map((s) => s.label),
    ['Scheduled', 'Submitted', 'Timed out'],
  );
  const callback = describeCall({
    scheduledAt: 1,
    resource: 'sqs:sendMessage.waitForTaskToken',
    resourceType: 'sqs',
  });
  assert.deepEqual(
    [callback.api, callback.pattern],
    ['sendMessage', 'Wait for Callback (.waitForTaskToken)'],
  );
  const lambda = describeCall({
    scheduledAt: 1,
    resource: 'arn:aws:lambda:us-east-1:123456789012:function:greet',
    outcome: 'failed',
    endedBy: 'LambdaFunctionFailed',
    endedAt: 2,
  });
  assert.deepEqual(
    [lambda.service, lambda.kind, lambda.api, lambda.steps.at(-1)?.label],
    ['AWS Lambda', 'Lambda function', 'greet', 'Failed'],
  );
  const activity = describeCall({
    scheduledAt: 1,
    resource: 'arn:aws:states:us-east-1:123456789012:activity:review',
  });
  assert.deepEqual([activity.kind, activity.api, activity.pattern], ['Activity', 'review', 'Activity']);
});
