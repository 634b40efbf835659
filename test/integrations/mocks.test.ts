import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Api } from '../api/harness.ts';
import { rejection, ROLE, startApi } from '../api/harness.ts';
import { historyOf, settled, types } from './support.ts';

let api: Api;
let arn: string;

before(async () => {
  api = await startApi({
    mockConfig: {
      StateMachines: { payments: { TestCases: { DeclinedThenPaid: { Charge: 'DeclinedOnce' } } } },
      MockedResponses: {
        DeclinedOnce: {
          '0': { Throw: { Error: 'Card.Declined', Cause: 'insufficient funds' } },
          '1': { Return: { StatusCode: 200, Payload: { paid: true } } },
        },
      },
    },
  });
  const out = await api.client.send(
    new CreateStateMachineCommand({
      name: 'payments',
      roleArn: ROLE,
      definition: JSON.stringify({
        StartAt: 'Charge',
        States: {
          Charge: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'charge' },
            OutputPath: '$.Payload',
            Retry: [{ ErrorEquals: ['Card.Declined'], IntervalSeconds: 1, MaxAttempts: 1 }],
            End: true,
          },
        },
      }),
    }),
  );
  arn = out.stateMachineArn!;
});
after(() => api.close());

describe('mocked responses through the API (stateMachineArn#TestCase)', () => {
  it('answers each invocation of a state from the test case, retries included', async () => {
    const { executionArn } = await api.client.send(
      new StartExecutionCommand({ stateMachineArn: `${arn}#DeclinedThenPaid`, input: '{}' }),
    );
    assert.equal(executionArn?.startsWith('arn:aws:states:us-east-1:123456789012:execution:payments:'), true);
    const d = await settled(api, executionArn);
    assert.equal(d.status, 'SUCCEEDED');
    assert.equal(d.output, '{"paid":true}');
    const events = await historyOf(api, executionArn);
    assert.deepEqual(types(events).slice(2, 8), [
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
    ]);
    assert.equal(events[4]!.taskFailedEventDetails?.error, 'Card.Declined');
  });

  it('an unknown test case is refused; without one the real function is called', async () => {
    const refused = await rejection(
      api.client.send(new StartExecutionCommand({ stateMachineArn: `${arn}#NoSuchCase`, input: '{}' })),
    );
    assert.equal(refused.name, 'ValidationException');
    const { executionArn } = await api.client.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }),
    );
    assert.equal((await settled(api, executionArn!)).error, 'Lambda.ResourceNotFoundException');
  });
});
