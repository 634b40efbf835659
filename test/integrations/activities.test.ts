import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteActivityCommand,
  DescribeActivityCommand,
  GetActivityTaskCommand,
  ListActivitiesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { Api } from '../api/harness.ts';
import { rejection, ROLE, startApi } from '../api/harness.ts';
import { fixture, historyOf, runCli, settled, types } from './support.ts';

let api: Api;
before(async () => {
  api = await startApi();
});
after(() => api.close());

async function machine(name: string, states: Record<string, unknown>, startAt = 'Work'): Promise<string> {
  const out = await api.client.send(
    new CreateStateMachineCommand({
      name,
      roleArn: ROLE,
      definition: JSON.stringify({ StartAt: startAt, States: states }),
    }),
  );
  return out.stateMachineArn!;
}

async function start(stateMachineArn: string, input: unknown): Promise<string> {
  const out = await api.client.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
  );
  return out.executionArn!;
}

describe('activities through the API', () => {
  it('CreateActivity is idempotent by name; Describe, List and Delete follow AWS', async () => {
    const a = await api.client.send(new CreateActivityCommand({ name: 'registry-b' }));
    assert.equal(a.activityArn, 'arn:aws:states:us-east-1:123456789012:activity:registry-b');
    const again = await api.client.send(new CreateActivityCommand({ name: 'registry-b' }));
    assert.equal(again.creationDate?.getTime(), a.creationDate?.getTime());
    await api.client.send(new CreateActivityCommand({ name: 'registry-a' }));
    const d = await api.client.send(new DescribeActivityCommand({ activityArn: a.activityArn }));
    assert.equal(d.name, 'registry-b');
    const list = await api.client.send(new ListActivitiesCommand({}));
    const names = (list.activities ?? []).map((x) => x.name).filter((n) => n?.startsWith('registry-'));
    assert.deepEqual(names, ['registry-a', 'registry-b']);
    await api.client.send(new DeleteActivityCommand({ activityArn: a.activityArn }));
    const gone = await rejection(
      api.client.send(new DescribeActivityCommand({ activityArn: a.activityArn })),
    );
    assert.equal(gone.name, 'ActivityDoesNotExist');
    const bad = await rejection(api.client.send(new CreateActivityCommand({ name: 'has space' })));
    assert.equal(bad.name, 'InvalidName');
    const wrongType = await rejection(
      api.client.send(
        new DescribeActivityCommand({ activityArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:x' }),
      ),
    );
    assert.equal(wrongType.name, 'InvalidArn');
  });

  it('a worker process takes the task and answers it: ActivityScheduled/Started/Succeeded', async () => {
    const { activityArn } = await api.client.send(new CreateActivityCommand({ name: 'greeter' }));
    const sm = await machine('activity-greeter', {
      Work: { Type: 'Task', Resource: activityArn, HeartbeatSeconds: 30, TimeoutSeconds: 60, End: true },
    });
    const executionArn = await start(sm, { name: 'Ada' });
    const worker = await runCli([
      'worker',
      '--activity',
      activityArn!,
      '--handler',
      fixture('activity-handler.mjs'),
      '--endpoint',
      api.endpoint,
      '--worker-name',
      'worker-1',
      '--max-tasks',
      '1',
    ]);
    assert.equal(worker.code, 0, worker.stderr);
    const d = await settled(api, executionArn);
    assert.equal(d.status, 'SUCCEEDED');
    const output = JSON.parse(d.output!) as { greeting: string; worker: number };
    assert.equal(output.greeting, 'hello Ada');
    assert.notEqual(output.worker, process.pid, 'answered by another process');
    const events = await historyOf(api, executionArn);
    assert.deepEqual(types(events), [
      'ExecutionStarted',
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivitySucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    const scheduled = events[2]!.activityScheduledEventDetails!;
    assert.equal(scheduled.resource, activityArn);
    assert.equal(scheduled.input, '{"name":"Ada"}');
    assert.equal(scheduled.heartbeatInSeconds, 30);
    assert.equal(scheduled.timeoutInSeconds, 60);
    assert.equal(events[3]!.activityStartedEventDetails?.workerName, 'worker-1');
  });

  it("a worker's thrown error becomes ActivityFailed with its name and message, caught by Catch", async () => {
    const { activityArn } = await api.client.send(new CreateActivityCommand({ name: 'charger' }));
    const sm = await machine('activity-charger', {
      Work: {
        Type: 'Task',
        Resource: activityArn,
        Catch: [{ ErrorEquals: ['PaymentDeclined'], ResultPath: '$.error', Next: 'Declined' }],
        End: true,
      },
      Declined: { Type: 'Pass', End: true },
    });
    const executionArn = await start(sm, { decline: true, card: '4242' });
    const worker = await runCli([
      'worker',
      '--activity',
      activityArn!,
      '--handler',
      fixture('activity-handler.mjs'),
      '--endpoint',
      api.endpoint,
      '--max-tasks',
      '1',
    ]);
    assert.equal(worker.code, 0, worker.stderr);
    const d = await settled(api, executionArn);
    assert.equal(d.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(d.output!), {
      decline: true,
      card: '4242',
      error: { Error: 'PaymentDeclined', Cause: 'card 4242 was declined' },
    });
    const failed = (await historyOf(api, executionArn)).find((e) => e.type === 'ActivityFailed');
    assert.deepEqual(failed?.activityFailedEventDetails, {
      error: 'PaymentDeclined',
      cause: 'card 4242 was declined',
    });
  });

  it('heartbeats keep a long task alive; a missed heartbeat times it out (ActivityTimedOut)', async () => {
    const { activityArn } = await api.client.send(new CreateActivityCommand({ name: 'slow' }));
    const sm = await machine('activity-slow', {
      Work: { Type: 'Task', Resource: activityArn, HeartbeatSeconds: 2, End: true },
    });
    const kept = await start(sm, { name: 'kept', workSteps: 6, heartbeat: true });
    const lost = await start(sm, { name: 'lost', workSteps: 10, heartbeat: false });
    const worker = await runCli([
      'worker',
      '--activity',
      activityArn!,
      '--handler',
      fixture('activity-handler.mjs'),
      '--endpoint',
      api.endpoint,
      '--max-tasks',
      '2',
    ]);
    assert.equal(worker.code, 0, worker.stderr);
    assert.equal((await settled(api, kept)).status, 'SUCCEEDED');
    const timedOut = await settled(api, lost);
    assert.equal(timedOut.status, 'FAILED');
    assert.equal(timedOut.error, 'States.Timeout');
    const events = await historyOf(api, lost);
    assert.deepEqual(types(events).slice(2), [
      'ActivityScheduled',
      'ActivityStarted',
      'ActivityTimedOut',
      'ExecutionFailed',
    ]);
    // AWS records States.Timeout, with no cause (LocalStack's AWS-recorded snapshots).
    assert.deepEqual(events[4]!.activityTimedOutEventDetails, { error: 'States.Timeout' });
  });

  it('TimeoutSeconds ends a task nobody takes; a later answer gets TaskTimedOut', async () => {
    const { activityArn } = await api.client.send(new CreateActivityCommand({ name: 'unattended' }));
    const sm = await machine('activity-unattended', {
      Work: { Type: 'Task', Resource: activityArn, TimeoutSeconds: 1, End: true },
    });
    const executionArn = await start(sm, {});
    const d = await settled(api, executionArn);
    assert.equal(d.status, 'FAILED');
    assert.equal(d.error, 'States.Timeout');
    const events = await historyOf(api, executionArn);
    assert.deepEqual(types(events).slice(2), ['ActivityScheduled', 'ActivityTimedOut', 'ExecutionFailed']);
    // The timed-out task is no longer handed out, and answering it is too late.
    const poll = new AbortController();
    const taken = api.integrations.activities.poll(activityArn!, 'late', 50, poll.signal);
    assert.equal(await taken, undefined);
  });

  it('a worker that hangs up during its long poll is handed no task; the next poll gets it', async () => {
    const { activityArn } = await api.client.send(new CreateActivityCommand({ name: 'hang-up' }));
    const sm = await machine('activity-hang-up', {
      Work: { Type: 'Task', Resource: activityArn, End: true },
    });
    const activities = api.integrations.activities;
    const signals: AbortSignal[] = [];
    const poll = activities.poll.bind(activities);
    activities.poll = (arn, worker, ms, signal) => {
      signals.push(signal);
      return poll(arn, worker, ms, signal);
    };
    try {
      const req = request(api.endpoint, {
        method: 'POST',
        headers: { 'x-amz-target': 'AWSStepFunctions.GetActivityTask' },
      });
      req.on('error', () => {});
      req.end(JSON.stringify({ activityArn, workerName: 'gone' }));
      // The poll waits at the server, then its client goes.
      while (signals.length === 0) await new Promise((r) => setTimeout(r, 5));
      req.destroy();
      for (let i = 0; i < 500 && !signals[0]?.aborted; i++) await new Promise((r) => setTimeout(r, 10));
      assert.equal(signals[0]?.aborted, true);
    } finally {
      Reflect.deleteProperty(activities, 'poll');
    }
    await start(sm, { n: 2 });
    const task = await api.client.send(new GetActivityTaskCommand({ activityArn, workerName: 'here' }));
    assert.equal(task.input, '{"n":2}');
    await api.client.send(new SendTaskSuccessCommand({ taskToken: task.taskToken!, output: '{}' }));
  });

  it('answers to tokens follow AWS: InvalidToken, TaskDoesNotExist, TaskTimedOut, InvalidOutput', async () => {
    const { activityArn } = await api.client.send(new CreateActivityCommand({ name: 'tokens' }));
    const sm = await machine('activity-tokens', { Work: { Type: 'Task', Resource: activityArn, End: true } });
    const executionArn = await start(sm, { n: 1 });
    const task = await api.client.send(new GetActivityTaskCommand({ activityArn, workerName: 'w' }));
    assert.equal(task.input, '{"n":1}');
    const taskToken = task.taskToken!;
    const invalid = await rejection(
      api.client.send(new SendTaskSuccessCommand({ taskToken: 'nonsense', output: '{}' })),
    );
    assert.equal(invalid.name, 'InvalidToken');
    const badOutput = await rejection(
      api.client.send(new SendTaskSuccessCommand({ taskToken, output: '{oops' })),
    );
    assert.equal(badOutput.name, 'InvalidOutput');
    await api.client.send(new SendTaskHeartbeatCommand({ taskToken }));
    await api.client.send(new SendTaskSuccessCommand({ taskToken, output: '{"ok":true}' }));
    assert.equal((await settled(api, executionArn)).output, '{"ok":true}');
    const late = await rejection(api.client.send(new SendTaskFailureCommand({ taskToken, error: 'X' })));
    assert.equal(late.name, 'TaskTimedOut');
    // A well-formed token of a visit that never waited.
    const foreign = Buffer.from(`999.0|${executionArn}`).toString('base64url');
    const unknown = await rejection(api.client.send(new SendTaskHeartbeatCommand({ taskToken: foreign })));
    assert.equal(unknown.name, 'TaskDoesNotExist');
    const noActivity = await rejection(
      api.client.send(
        new GetActivityTaskCommand({ activityArn: 'arn:aws:states:us-east-1:123456789012:activity:none' }),
      ),
    );
    assert.equal(noActivity.name, 'ActivityDoesNotExist');
  });
});
