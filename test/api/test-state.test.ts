import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  InvalidDefinition,
  InvalidExecutionInput,
  TestStateCommand,
  type TestStateCommandInput,
  ValidationException,
} from '@aws-sdk/client-sfn';
import { type Api, ROLE, rejection, startApi } from './harness.ts';

const def = (state: object): string => JSON.stringify(state);

describe('TestState through @aws-sdk/client-sfn', () => {
  let api: Api;
  before(async () => {
    api = await startApi();
    api.integrations.functions.register('double', (event: unknown) =>
      Promise.resolve({ doubled: (event as { n: number }).n * 2 }),
    );
  });
  after(async () => {
    await api.close();
  });

  const run = (input: Omit<TestStateCommandInput, 'roleArn'>) =>
    api.client.send(new TestStateCommand({ roleArn: ROLE, ...input }));

  test('a Pass state with DEBUG shows every stage of its data flow', async () => {
    const out = await run({
      definition: def({
        Type: 'Pass',
        InputPath: '$.order',
        Parameters: { 'id.$': '$.id', fixed: 1 },
        ResultPath: '$.picked',
        OutputPath: '$.picked',
        Next: 'Elsewhere',
      }),
      input: '{"order": {"id": 7, "extra": true}}',
      inspectionLevel: 'DEBUG',
    });
    assert.equal(out.status, 'SUCCEEDED');
    assert.equal(out.nextState, 'Elsewhere');
    assert.deepEqual(JSON.parse(out.output!), { id: 7, fixed: 1 });
    const data = out.inspectionData!;
    assert.deepEqual(JSON.parse(data.input!), { order: { id: 7, extra: true } });
    assert.deepEqual(JSON.parse(data.afterInputPath!), { id: 7, extra: true });
    assert.deepEqual(JSON.parse(data.afterParameters!), { id: 7, fixed: 1 });
    assert.deepEqual(JSON.parse(data.afterResultPath!), {
      order: { id: 7, extra: true },
      picked: { id: 7, fixed: 1 },
    });
    // INFO (the default) carries no inspection data.
    const info = await run({ definition: def({ Type: 'Pass', End: true }), input: '{}' });
    assert.equal(info.status, 'SUCCEEDED');
    assert.equal(info.inspectionData, undefined);
    assert.equal(info.nextState, undefined);
  });

  test('a Task runs its local function; a mock replaces it', async () => {
    const task = def({
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:double',
      ResultSelector: { 'value.$': '$.doubled' },
      End: true,
    });
    const real = await run({ definition: task, input: '{"n": 21}', inspectionLevel: 'DEBUG' });
    assert.equal(real.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(real.output!), { value: 42 });
    assert.deepEqual(JSON.parse(real.inspectionData!.result!), { doubled: 42 });
    assert.deepEqual(JSON.parse(real.inspectionData!.afterResultSelector!), { value: 42 });
    const mocked = await run({ definition: task, input: '{"n": 1}', mock: { result: '{"doubled": 5}' } });
    assert.deepEqual(JSON.parse(mocked.output!), { value: 5 });
  });

  test('errors are RETRIABLE, CAUGHT_ERROR or FAILED as Retry and Catch decide', async () => {
    const task = def({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'missing' },
      Retry: [{ ErrorEquals: ['Busy'], MaxAttempts: 2, IntervalSeconds: 3, BackoffRate: 2 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Recover' }],
      End: true,
    });
    const mock = { errorOutput: { error: 'Busy', cause: 'try later' } };
    const retriable = await run({ definition: task, input: '{}', mock, inspectionLevel: 'DEBUG' });
    assert.equal(retriable.status, 'RETRIABLE');
    assert.equal(retriable.error, 'Busy');
    assert.equal(retriable.cause, 'try later');
    assert.deepEqual(retriable.inspectionData?.errorDetails, {
      retryIndex: 0,
      retryBackoffIntervalSeconds: 3,
    });
    const second = await run({
      definition: task,
      input: '{}',
      mock,
      inspectionLevel: 'DEBUG',
      stateConfiguration: { retrierRetryCount: 1 },
    });
    assert.deepEqual(second.inspectionData?.errorDetails, { retryIndex: 0, retryBackoffIntervalSeconds: 6 });
    const caught = await run({
      definition: task,
      input: '{"a": 1}',
      mock,
      stateConfiguration: { retrierRetryCount: 2 },
    });
    assert.equal(caught.status, 'CAUGHT_ERROR');
    assert.equal(caught.nextState, 'Recover');
    assert.deepEqual(JSON.parse(caught.output!), { a: 1, error: { Error: 'Busy', Cause: 'try later' } });

    const failed = await run({ definition: def({ Type: 'Fail', Error: 'Bad', Cause: 'because' }) });
    assert.equal(failed.status, 'FAILED');
    assert.equal(failed.error, 'Bad');
    assert.equal(failed.cause, 'because');
  });

  test('a state of a whole machine, Choice and Wait decide without waiting', async () => {
    const machine = JSON.stringify({
      StartAt: 'Pick',
      States: {
        Pick: {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericGreaterThan: 5, Next: 'Big' }],
          Default: 'Small',
        },
        Big: { Type: 'Wait', Seconds: 3600, Next: 'Small' },
        Small: { Type: 'Succeed' },
      },
    });
    const pick = await run({ definition: machine, input: '{"n": 9}' });
    assert.equal(pick.status, 'SUCCEEDED');
    assert.equal(pick.nextState, 'Big');
    const wait = await run({ definition: machine, stateName: 'Big', input: '{"n": 9}' });
    assert.equal(wait.nextState, 'Small');
    const missing = await rejection(run({ definition: machine, stateName: 'Nope' }));
    assert.ok(missing instanceof ValidationException);
  });

  test('Map and Parallel need a mock', async () => {
    const map = def({
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
      ResultPath: '$.results',
      End: true,
    });
    const needsMock = await rejection(run({ definition: map, input: '{"items": [1, 2]}' }));
    assert.ok(needsMock instanceof ValidationException);
    const mocked = await run({ definition: map, input: '{"items": [1, 2]}', mock: { result: '[2, 4]' } });
    assert.equal(mocked.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(mocked.output!), { items: [1, 2], results: [2, 4] });
  });

  test('a Task that waits on the world needs a mock; a mock result must be JSON', async () => {
    const activity = def({
      Type: 'Task',
      Resource: 'arn:aws:states:us-east-1:123456789012:activity:approve',
      End: true,
    });
    const needsMock = await rejection(run({ definition: activity, input: '{}' }));
    assert.ok(needsMock instanceof ValidationException, String(needsMock));
    assert.match((needsMock as Error).message, /A mock is required to test a Task state/);
    const lambda = def({
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:double',
      End: true,
    });
    const notJson = await rejection(
      run({ definition: lambda, input: '{"n": 1}', mock: { result: '{nope' } }),
    );
    assert.ok(notJson instanceof InvalidExecutionInput, String(notJson));
  });

  test('invalid definitions and inputs', async () => {
    const invalid = await rejection(run({ definition: def({ Type: 'Pass' }) }));
    assert.ok(invalid instanceof InvalidDefinition);
    const notJson = await rejection(run({ definition: '{"Type":' }));
    assert.ok(notJson instanceof InvalidDefinition);
    const badInput = await rejection(run({ definition: def({ Type: 'Pass', End: true }), input: '{nope' }));
    assert.ok(badInput instanceof InvalidExecutionInput);
  });
});
