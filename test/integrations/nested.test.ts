import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { Api } from '../api/harness.ts';
import { ROLE, startApi } from '../api/harness.ts';
import { eventually, historyOf, settled, types } from './support.ts';

let api: Api;
let childArn: string;
let failingArn: string;
let waitingArn: string;

async function create(name: string, states: Record<string, unknown>, startAt: string): Promise<string> {
  const out = await api.client.send(
    new CreateStateMachineCommand({
      name,
      roleArn: ROLE,
      definition: JSON.stringify({ StartAt: startAt, States: states }),
    }),
  );
  return out.stateMachineArn!;
}

before(async () => {
  api = await startApi();
  childArn = await create(
    'nested-child',
    {
      Double: {
        Type: 'Pass',
        Parameters: { 'twice.$': 'States.MathAdd($.n, $.n)', 'n.$': '$.n' },
        End: true,
      },
    },
    'Double',
  );
  failingArn = await create(
    'nested-failing',
    { Boom: { Type: 'Fail', Error: 'ChildBroke', Cause: 'on purpose' } },
    'Boom',
  );
  waitingArn = await create('nested-waiting', { Hold: { Type: 'Wait', Seconds: 30, End: true } }, 'Hold');
});
after(() => api.close());

async function parent(name: string, task: Record<string, unknown>, input: unknown = {}) {
  const arn = await create(name, { Start: { Type: 'Task', End: true, ...task } }, 'Start');
  const { executionArn } = await api.client.send(
    new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify(input) }),
  );
  return executionArn!;
}

const childInput = {
  'n.$': '$.n',
  'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id',
};

describe('nested executions (states:startExecution)', () => {
  it('.sync waits for the child and returns its description with Input/Output as text', async () => {
    const arn = await parent(
      'nested-sync-ok',
      {
        Resource: 'arn:aws:states:::states:startExecution.sync',
        Parameters: { StateMachineArn: childArn, Input: childInput },
      },
      { n: 21 },
    );
    const d = await settled(api, arn);
    assert.equal(d.status, 'SUCCEEDED');
    const out = JSON.parse(d.output!) as Record<string, unknown>;
    assert.equal(out['Status'], 'SUCCEEDED');
    assert.equal(out['StateMachineArn'], childArn);
    assert.equal(typeof out['StartDate'], 'number');
    assert.equal(typeof out['StopDate'], 'number');
    assert.deepEqual(JSON.parse(out['Output'] as string), { twice: 42, n: 21 });
    assert.deepEqual(JSON.parse(out['Input'] as string), {
      n: 21,
      AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: arn,
    });
    assert.deepEqual(out['OutputDetails'], { Included: true });
    const events = await historyOf(api, arn);
    assert.deepEqual(types(events).slice(2, 6), [
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
    ]);
    assert.equal(events[2]!.taskScheduledEventDetails?.resourceType, 'states');
    assert.equal(events[2]!.taskScheduledEventDetails?.resource, 'startExecution.sync');
    const submitted = JSON.parse(events[4]!.taskSubmittedEventDetails!.output!) as { ExecutionArn: string };
    assert.equal(submitted.ExecutionArn, out['ExecutionArn']);
  });

  it('.sync:2 parses Input and Output; without a suffix only the start is returned', async () => {
    const two = await parent('nested-sync2', {
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: { StateMachineArn: childArn, Input: { n: 2 } },
    });
    const out = JSON.parse((await settled(api, two)).output!) as { Output: unknown; Input: unknown };
    assert.deepEqual(out.Output, { twice: 4, n: 2 });
    assert.deepEqual(out.Input, { n: 2 });
    const fire = await parent('nested-fire', {
      Resource: 'arn:aws:states:::states:startExecution',
      Parameters: { StateMachineArn: waitingArn, Name: 'fire-and-forget' },
    });
    const started = JSON.parse((await settled(api, fire)).output!) as Record<string, unknown>;
    assert.equal(
      started['ExecutionArn'],
      'arn:aws:states:us-east-1:123456789012:execution:nested-waiting:fire-and-forget',
    );
    assert.equal(typeof started['StartDate'], 'number');
    assert.ok(started['SdkHttpMetadata'] && started['SdkResponseMetadata']);
    const childState = await api.client.send(
      new DescribeExecutionCommand({ executionArn: started['ExecutionArn'] }),
    );
    assert.equal(childState.status, 'RUNNING');
    await api.client.send(new StopExecutionCommand({ executionArn: started['ExecutionArn'] }));
  });

  it('a failed child fails the task with States.TaskFailed and its description as cause', async () => {
    const arn = await parent('nested-fails', {
      Resource: 'arn:aws:states:::states:startExecution.sync',
      Parameters: { StateMachineArn: failingArn },
    });
    const d = await settled(api, arn);
    assert.equal(d.error, 'States.TaskFailed');
    const cause = JSON.parse(d.cause!) as Record<string, unknown>;
    assert.equal(cause['Status'], 'FAILED');
    assert.equal(cause['Error'], 'ChildBroke');
    assert.equal(cause['Cause'], 'on purpose');
  });

  it('an unknown state machine fails with StepFunctions.StateMachineDoesNotExistException', async () => {
    const arn = await parent('nested-unknown', {
      Resource: 'arn:aws:states:::states:startExecution.sync',
      Parameters: { StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:nope' },
    });
    const d = await settled(api, arn);
    assert.equal(d.error, 'StepFunctions.StateMachineDoesNotExistException');
    const failed = (await historyOf(api, arn)).find((e) => e.type === 'TaskFailed');
    assert.equal(failed?.taskFailedEventDetails?.error, 'StepFunctions.StateMachineDoesNotExistException');
  });

  it('StopExecution of the parent stops a child it waits for', async () => {
    const arn = await parent('nested-stop', {
      Resource: 'arn:aws:states:::states:startExecution.sync',
      Parameters: { StateMachineArn: waitingArn, Name: 'stopped-with-parent' },
    });
    const childExecution =
      'arn:aws:states:us-east-1:123456789012:execution:nested-waiting:stopped-with-parent';
    await eventually(async () =>
      (await historyOf(api, arn)).some((e) => e.type === 'TaskSubmitted') ? true : undefined,
    );
    await api.client.send(new StopExecutionCommand({ executionArn: arn }));
    assert.equal((await settled(api, childExecution)).status, 'ABORTED');
  });

  it('.waitForTaskToken starts the child and waits for the token it was given', async () => {
    const arn = await parent('nested-callback', {
      Resource: 'arn:aws:states:::states:startExecution.waitForTaskToken',
      Parameters: { StateMachineArn: waitingArn, Name: 'holds-token', Input: { 'token.$': '$$.Task.Token' } },
    });
    const childExecution = 'arn:aws:states:us-east-1:123456789012:execution:nested-waiting:holds-token';
    const { input } = await api.client.send(new DescribeExecutionCommand({ executionArn: childExecution }));
    const { token } = JSON.parse(input!) as { token: string };
    await api.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"fromChild":1}' }));
    assert.equal((await settled(api, arn)).output, '{"fromChild":1}');
    const events = types(await historyOf(api, arn));
    assert.deepEqual(events.slice(2, 6), ['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded']);
    await api.client.send(new StopExecutionCommand({ executionArn: childExecution }));
  });
});
