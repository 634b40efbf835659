import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { Api } from '../api/harness.ts';
import { rejection, ROLE, startApi } from '../api/harness.ts';
import { eventually, historyOf, runCli, settled, types } from './support.ts';

let api: Api;
/** Tokens the local function "sent out" (as a Lambda would put them on a queue or in an email). */
const outbox: { token: string; order: string }[] = [];

before(async () => {
  api = await startApi();
  api.integrations.functions.register('requestApproval', (event) => {
    const e = event as { token: string; order: string };
    outbox.push(e);
    return { queued: true };
  });
});
after(() => api.close());

async function run(name: string, states: Record<string, unknown>, input: unknown): Promise<string> {
  const { stateMachineArn } = await api.client.send(
    new CreateStateMachineCommand({
      name,
      roleArn: ROLE,
      definition: JSON.stringify({ StartAt: 'Wait', States: states }),
    }),
  );
  const { executionArn } = await api.client.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
  );
  return executionArn!;
}

const tokenFor = (order: string): Promise<string> =>
  eventually(() => Promise.resolve(outbox.find((m) => m.order === order)?.token));

describe('.waitForTaskToken callbacks', () => {
  it('lambda:invoke.waitForTaskToken passes $$.Task.Token, submits, and waits for the CLI to approve', async () => {
    const executionArn = await run(
      'callback-approve',
      {
        Wait: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: {
            FunctionName: 'requestApproval',
            Payload: { 'token.$': '$$.Task.Token', 'order.$': '$.order' },
          },
          End: true,
        },
      },
      { order: 'A-1' },
    );
    const token = await tokenFor('A-1');
    const cli = await runCli(['send-task-success', token, '{"approved":true}', '--endpoint', api.endpoint]);
    assert.equal(cli.code, 0, cli.stderr);
    const d = await settled(api, executionArn);
    assert.equal(d.status, 'SUCCEEDED');
    assert.equal(d.output, '{"approved":true}');
    const events = await historyOf(api, executionArn);
    assert.deepEqual(types(events), [
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    const submitted = events[4]!.taskSubmittedEventDetails!;
    assert.equal(submitted.resourceType, 'lambda');
    assert.equal(submitted.resource, 'invoke.waitForTaskToken');
    assert.deepEqual((JSON.parse(submitted.output!) as { Payload: unknown }).Payload, { queued: true });
    assert.deepEqual(events[5]!.taskSucceededEventDetails, {
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      output: '{"approved":true}',
      outputDetails: { truncated: false },
    });
    // Answered once: a second answer is too late.
    const again = await runCli(['send-task-failure', token, 'Rejected', '--endpoint', api.endpoint]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /TaskTimedOut/);
  });

  it('a service without a local stand-in (sns) still waits; SendTaskFailure fails the task', async () => {
    const executionArn = await run(
      'callback-sns',
      {
        Wait: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sns:publish.waitForTaskToken',
          Parameters: {
            TopicArn: 'arn:aws:sns:us-east-1:123456789012:approvals',
            'Message.$': '$$.Task.Token',
          },
          End: true,
        },
      },
      {},
    );
    const scheduled = await eventually(async () =>
      (await historyOf(api, executionArn)).find((e) => e.type === 'TaskSubmitted') ? true : undefined,
    );
    assert.equal(scheduled, true);
    const events = await historyOf(api, executionArn);
    const params = JSON.parse(events[2]!.taskScheduledEventDetails!.parameters!) as { Message: string };
    await api.client.send(
      new SendTaskFailureCommand({ taskToken: params.Message, error: 'Rejected', cause: 'not today' }),
    );
    const d = await settled(api, executionArn);
    assert.equal(d.status, 'FAILED');
    assert.equal(d.error, 'Rejected');
    assert.equal(d.cause, 'not today');
    const failed = (await historyOf(api, executionArn)).find((e) => e.type === 'TaskFailed');
    assert.deepEqual(failed?.taskFailedEventDetails, {
      resourceType: 'sns',
      resource: 'publish.waitForTaskToken',
      error: 'Rejected',
      cause: 'not today',
    });
  });

  // AWS records a missed heartbeat as States.Timeout (TaskTimedOut and ExecutionFailed, no cause:
  // LocalStack's AWS-recorded test_heartbeats snapshot); States.HeartbeatTimeout still catches it.
  const heartbeatWait = (order: string, catchers: unknown[]): Record<string, unknown> => ({
    Wait: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'requestApproval', Payload: { 'token.$': '$$.Task.Token', order } },
      HeartbeatSeconds: 1,
      Catch: catchers,
      End: true,
    },
    TooSlow: { Type: 'Pass', End: true },
  });

  it('a missed heartbeat ends the wait with TaskTimedOut and fails the execution with States.Timeout (TaskFailed does not catch it)', async () => {
    const executionArn = await run(
      'callback-heartbeat',
      heartbeatWait('H-1', [{ ErrorEquals: ['States.TaskFailed'], Next: 'TooSlow' }]),
      {},
    );
    const d = await settled(api, executionArn);
    assert.equal(d.status, 'FAILED');
    assert.equal(d.error, 'States.Timeout');
    assert.equal(d.cause, undefined);
    const events = await historyOf(api, executionArn);
    assert.deepEqual(types(events).slice(-2), ['TaskTimedOut', 'ExecutionFailed']);
    assert.deepEqual(events.at(-2)?.taskTimedOutEventDetails, {
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
      error: 'States.Timeout',
    });
    assert.deepEqual(events.at(-1)?.executionFailedEventDetails, { error: 'States.Timeout' });
    const late = await rejection(
      api.client.send(new SendTaskSuccessCommand({ taskToken: await tokenFor('H-1'), output: '{}' })),
    );
    assert.equal(late.name, 'TaskTimedOut');
  });

  it('Catch on States.HeartbeatTimeout or on States.Timeout catches a missed heartbeat', async () => {
    const caught = await Promise.all(
      ['States.HeartbeatTimeout', 'States.Timeout'].map((name, i) =>
        run(
          `callback-heartbeat-catch-${i}`,
          heartbeatWait(`H-C${i}`, [{ ErrorEquals: [name], Next: 'TooSlow' }]),
          {},
        ),
      ),
    );
    for (const executionArn of caught) {
      const d = await settled(api, executionArn);
      assert.equal(d.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(d.output!), { Error: 'States.Timeout' });
    }
  });

  it('States.HeartbeatTimeout does not catch a TimeoutSeconds timeout', async () => {
    const states = heartbeatWait('T-1', [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'TooSlow' }]);
    const wait = states['Wait'] as Record<string, unknown>;
    delete wait['HeartbeatSeconds'];
    wait['TimeoutSeconds'] = 1;
    const d = await settled(api, await run('callback-timeout', states, {}));
    assert.equal(d.status, 'FAILED');
    assert.equal(d.error, 'States.Timeout');
  });

  it('StopExecution abandons the wait; the token is then closed', async () => {
    const executionArn = await run(
      'callback-stop',
      {
        Wait: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Parameters: {
            FunctionName: 'requestApproval',
            Payload: { 'token.$': '$$.Task.Token', order: 'S-1' },
          },
          End: true,
        },
      },
      {},
    );
    const token = await tokenFor('S-1');
    await api.client.send(new StopExecutionCommand({ executionArn }));
    assert.equal((await settled(api, executionArn)).status, 'ABORTED');
    const late = await rejection(
      api.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    );
    assert.equal(late.name, 'TaskTimedOut');
  });

  it('a service call with no AWS settings fails the task at once, naming the setting, never the server', async () => {
    const executionArn = await run(
      'unknown-resource',
      { Wait: { Type: 'Task', Resource: 'arn:aws:states:::mediaconvert:createJob', End: true } },
      {},
    );
    const d = await settled(api, executionArn);
    assert.equal(d.error, 'States.TaskFailed');
    const failed = (await historyOf(api, executionArn)).find((e) => e.type === 'TaskFailed');
    assert.equal(failed?.taskFailedEventDetails?.resourceType, 'mediaconvert');
    assert.equal(failed?.taskFailedEventDetails?.resource, 'createJob');
    assert.match(
      failed?.taskFailedEventDetails?.cause ?? '',
      /^No AWS credentials for aws mediaconvert .*integrations\.aws\.endpoints\.mediaconvert/,
    );
  });
});
