// RedriveExecution is idempotent by client token (API reference, `clientToken`): a request sent
// again with the same token — as an SDK retry does — gets the first answer and redrives nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ExecutionNotRedrivable,
  RedriveExecutionCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { type Api, ROLE, rejection, startApi } from './harness.ts';

const FAILS_ONCE = JSON.stringify({
  StartAt: 'Work',
  States: {
    Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:once', Next: 'Nap' },
    Nap: { Type: 'Wait', Seconds: 30, End: true },
  },
});

describe('RedriveExecution with a client token', () => {
  let api: Api;
  let calls = 0;
  before(async () => {
    api = await startApi();
    api.integrations.functions.register('once', () => {
      calls++;
      return calls === 1 ? Promise.reject(new Error('first call fails')) : Promise.resolve('ok');
    });
  });
  after(() => api.close());

  test('answers the same token again without a second redrive; another token is refused', async () => {
    const { stateMachineArn } = await api.client.send(
      new CreateStateMachineCommand({ name: 'token', definition: FAILS_ONCE, roleArn: ROLE }),
    );
    const { executionArn } = await api.client.send(new StartExecutionCommand({ stateMachineArn }));
    await api.engine.waitForExecution(executionArn!);
    const first = await api.client.send(
      new RedriveExecutionCommand({ executionArn, clientToken: 'retry-me' }),
    );
    // Now RUNNING (waiting in Nap): a new redrive would be refused, the same one is answered.
    const again = await api.client.send(
      new RedriveExecutionCommand({ executionArn, clientToken: 'retry-me' }),
    );
    assert.deepEqual(again.redriveDate, first.redriveDate);
    const described = await api.client.send(new DescribeExecutionCommand({ executionArn }));
    assert.equal(described.status, 'RUNNING');
    assert.equal(described.redriveCount, 1);
    assert.equal(calls, 2, 'the task ran once more, not twice');
    const other = await rejection(
      api.client.send(new RedriveExecutionCommand({ executionArn, clientToken: 'another' })),
    );
    assert.ok(other instanceof ExecutionNotRedrivable, String(other));
    assert.match(other.message, /RUNNING/);
  });
});
