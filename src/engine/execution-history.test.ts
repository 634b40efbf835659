import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../asl/index.ts';
import {
  at,
  brief,
  execute,
  INVOKE,
  LAMBDA,
  NOT_TRUNCATED,
  pass,
  ROLE,
  T0,
  types,
} from './execution-fixture.ts';

describe('Execution history', () => {
  it('records a Pass chain with entered/exited details and a linear previousEventId chain', async () => {
    const { record, events } = await execute(
      {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Result: { r: 1 }, ResultPath: '$.a', Next: 'B' },
          B: pass({ OutputPath: '$.a' }),
        },
      },
      { x: 1 },
    );
    assert.deepEqual(events, [
      {
        id: 1,
        previousEventId: 0,
        timestamp: T0,
        type: 'ExecutionStarted',
        executionStartedEventDetails: { input: '{"x":1}', inputDetails: NOT_TRUNCATED, roleArn: ROLE },
      },
      {
        id: 2,
        previousEventId: 1,
        timestamp: T0,
        type: 'PassStateEntered',
        stateEnteredEventDetails: { name: 'A', input: '{"x":1}', inputDetails: NOT_TRUNCATED },
      },
      {
        id: 3,
        previousEventId: 2,
        timestamp: T0,
        type: 'PassStateExited',
        stateExitedEventDetails: { name: 'A', output: '{"x":1,"a":{"r":1}}', outputDetails: NOT_TRUNCATED },
      },
      {
        id: 4,
        previousEventId: 3,
        timestamp: T0,
        type: 'PassStateEntered',
        stateEnteredEventDetails: { name: 'B', input: '{"x":1,"a":{"r":1}}', inputDetails: NOT_TRUNCATED },
      },
      {
        id: 5,
        previousEventId: 4,
        timestamp: T0,
        type: 'PassStateExited',
        stateExitedEventDetails: { name: 'B', output: '{"r":1}', outputDetails: NOT_TRUNCATED },
      },
      {
        id: 6,
        previousEventId: 5,
        timestamp: T0,
        type: 'ExecutionSucceeded',
        executionSucceededEventDetails: { output: '{"r":1}', outputDetails: NOT_TRUNCATED },
      },
    ]);
    assert.equal(record.status, 'SUCCEEDED');
    assert.equal(record.output, '{"r":1}');
    assert.equal(record.stopDate, T0);
  });

  it('records LambdaFunction* events for a legacy Lambda ARN and passes the effective input', async () => {
    const { tasks, record, events } = await execute(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, InputPath: '$.p', End: true } } },
      { p: { n: 1 } },
      (r) => ({ ok: true, output: { got: r.parameters } }),
    );
    assert.deepEqual(brief(events), [
      ['ExecutionStarted', 1, 0],
      ['TaskStateEntered', 2, 1],
      ['LambdaFunctionScheduled', 3, 2],
      ['LambdaFunctionStarted', 4, 3],
      ['LambdaFunctionSucceeded', 5, 4],
      ['TaskStateExited', 6, 5],
      ['ExecutionSucceeded', 7, 6],
    ]);
    assert.deepEqual(at(events, 3)['lambdaFunctionScheduledEventDetails'], {
      resource: LAMBDA,
      input: '{"n":1}',
      inputDetails: NOT_TRUNCATED,
    });
    assert.deepEqual(at(events, 5)['lambdaFunctionSucceededEventDetails'], {
      output: '{"got":{"n":1}}',
      outputDetails: NOT_TRUNCATED,
    });
    assert.equal(record.output, '{"got":{"n":1}}');
    assert.equal(tasks.calls.length, 1);
    const call = tasks.calls[0]!;
    assert.equal(call.resource, LAMBDA);
    assert.deepEqual(call.parameters, { n: 1 });
    const context = call.context as { Execution: JsonObject; State: JsonObject };
    assert.equal(context.Execution['Id'], 'arn:aws:states:us-east-1:123456789012:execution:M:e1');
    assert.equal(context.State['Name'], 'T');
    assert.equal(context.State['RetryCount'], 0);
  });

  it('records Task* events with resourceType/resource for arn:aws:states:::lambda:invoke', async () => {
    const { events } = await execute(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: INVOKE,
            Parameters: { FunctionName: 'f', 'Payload.$': '$' },
            ResultSelector: { 'p.$': '$.Payload' },
            HeartbeatSeconds: 10,
            TimeoutSeconds: 60,
            End: true,
          },
        },
      },
      { a: 1 },
      () => ({ ok: true, output: { Payload: 'ok', StatusCode: 200 } }),
    );
    assert.deepEqual(types(events), [
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    assert.deepEqual(at(events, 3)['taskScheduledEventDetails'], {
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'us-east-1',
      parameters: '{"FunctionName":"f","Payload":{"a":1}}',
      timeoutInSeconds: 60,
      heartbeatInSeconds: 10,
    });
    assert.deepEqual(at(events, 4)['taskStartedEventDetails'], {
      resourceType: 'lambda',
      resource: 'invoke',
    });
    assert.deepEqual(at(events, 5)['taskSucceededEventDetails'], {
      resourceType: 'lambda',
      resource: 'invoke',
      output: '{"Payload":"ok","StatusCode":200}',
      outputDetails: NOT_TRUNCATED,
    });
    assert.deepEqual(at(events, 6)['stateExitedEventDetails'], {
      name: 'T',
      output: '{"p":"ok"}',
      outputDetails: NOT_TRUNCATED,
    });
  });
});
