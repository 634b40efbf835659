import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  ExecutionNotRedrivable,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { type Api, PASS_CHAIN, ROLE, WAIT_5S, rejection, startApi } from './harness.ts';

const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** Prepare (counted) → Flaky (fails while `failing`) → Parallel(Left counted, Right flaky) → done. */
const FLAKY = JSON.stringify({
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Task', Resource: fn('prepare'), ResultPath: '$.prepared', Next: 'Flaky' },
    Flaky: { Type: 'Task', Resource: fn('flaky'), ResultPath: '$.flaky', Next: 'Both' },
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Left', States: { Left: { Type: 'Task', Resource: fn('prepare'), End: true } } },
        { StartAt: 'Right', States: { Right: { Type: 'Task', Resource: fn('flaky2'), End: true } } },
      ],
      ResultPath: '$.both',
      End: true,
    },
  },
});

describe('RedriveExecution through @aws-sdk/client-sfn', () => {
  let api: Api;
  let flakyArn: string;
  let passArn: string;
  let waitArn: string;
  const calls = { prepare: 0, flaky: 0, flaky2: 0 };
  let failing = true;
  let failing2 = true;
  before(async () => {
    api = await startApi();
    api.integrations.functions.register('prepare', () => {
      calls.prepare++;
      return Promise.resolve({ ok: true });
    });
    api.integrations.functions.register('flaky', () => {
      calls.flaky++;
      return failing ? Promise.reject(new Error('not yet')) : Promise.resolve('fine');
    });
    api.integrations.functions.register('flaky2', () => {
      calls.flaky2++;
      return failing2 ? Promise.reject(new Error('not yet')) : Promise.resolve('fine too');
    });
    const create = async (name: string, definition: string) =>
      (await api.client.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE })))
        .stateMachineArn!;
    flakyArn = await create('flaky', FLAKY);
    passArn = await create('pass', PASS_CHAIN);
    waitArn = await create('wait', WAIT_5S);
  });
  after(async () => {
    await api.close();
  });

  test('a failed execution redriven twice resumes at its failed states and succeeds', async () => {
    const { executionArn } = await api.client.send(
      new StartExecutionCommand({ stateMachineArn: flakyArn, name: 'r1', input: '{"n":1}' }),
    );
    await api.engine.waitForExecution(executionArn!);
    let d = await api.client.send(new DescribeExecutionCommand({ executionArn }));
    assert.equal(d.status, 'FAILED');
    assert.equal(d.redriveStatus, 'REDRIVABLE');
    assert.deepEqual(calls, { prepare: 1, flaky: 1, flaky2: 0 });

    failing = false;
    const first = await api.client.send(new RedriveExecutionCommand({ executionArn }));
    assert.ok(first.redriveDate instanceof Date);
    await api.engine.waitForExecution(executionArn!);
    d = await api.client.send(new DescribeExecutionCommand({ executionArn }));
    // The Parallel's right branch fails now; the left one ran once.
    assert.equal(d.status, 'FAILED');
    assert.equal(d.redriveCount, 1);
    assert.equal(d.redriveDate?.getTime(), first.redriveDate.getTime());
    assert.deepEqual(calls, { prepare: 2, flaky: 2, flaky2: 1 });

    failing2 = false;
    await api.client.send(new RedriveExecutionCommand({ executionArn }));
    await api.engine.waitForExecution(executionArn!);
    d = await api.client.send(new DescribeExecutionCommand({ executionArn }));
    assert.equal(d.status, 'SUCCEEDED');
    assert.equal(d.redriveCount, 2);
    assert.equal(d.redriveStatus, 'NOT_REDRIVABLE');
    assert.equal(d.redriveStatusReason, 'Execution is SUCCEEDED and cannot be redriven');
    assert.deepEqual(JSON.parse(d.output ?? ''), {
      n: 1,
      prepared: { ok: true },
      flaky: 'fine',
      both: [{ ok: true }, 'fine too'],
    });
    // Prepare never ran again, nor did the Parallel's left branch: only its failed right branch.
    assert.deepEqual(calls, { prepare: 2, flaky: 2, flaky2: 2 });

    const events = (await api.client.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
    assert.deepEqual(
      events.map((e) => e.id),
      events.map((_e, i) => i + 1),
    );
    const types = events.map((e) => e.type);
    const redriven = events.filter((e) => e.type === 'ExecutionRedriven');
    assert.deepEqual(
      redriven.map((e) => e.executionRedrivenEventDetails?.redriveCount),
      [1, 2],
    );
    for (const e of redriven) {
      const before = events[e.id! - 2];
      assert.equal(before?.type, 'ExecutionFailed');
      assert.equal(e.previousEventId, before.id);
    }
    assert.equal(types.filter((t) => t === 'ExecutionStarted').length, 1);
    assert.equal(types.at(-1), 'ExecutionSucceeded');
    // Every event chains to an earlier one.
    for (const e of events) assert.ok(e.previousEventId! < e.id!);

    const listed = await api.client.send(
      new ListExecutionsCommand({ stateMachineArn: flakyArn, redriveFilter: 'REDRIVEN' }),
    );
    assert.deepEqual(
      listed.executions?.map((e) => [e.name, e.redriveCount]),
      [['r1', 2]],
    );
    const notRedriven = await api.client.send(
      new ListExecutionsCommand({ stateMachineArn: flakyArn, redriveFilter: 'NOT_REDRIVEN' }),
    );
    assert.deepEqual(notRedriven.executions, []);
  });

  test('$$.Execution.RedriveCount counts the redrives', async () => {
    // Fails until it is given a redrive count above zero.
    api.integrations.functions.register('needsRedrive', (event: unknown) => {
      const count = (event as { count: number }).count;
      return count === 0 ? Promise.reject(new Error('first attempt')) : Promise.resolve({ count });
    });
    const def = JSON.stringify({
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: fn('needsRedrive'),
          Parameters: { 'count.$': '$$.Execution.RedriveCount' },
          End: true,
        },
      },
    });
    const created = await api.client.send(
      new CreateStateMachineCommand({ name: 'counter', definition: def, roleArn: ROLE }),
    );
    const { executionArn } = await api.client.send(
      new StartExecutionCommand({ stateMachineArn: created.stateMachineArn }),
    );
    await api.engine.waitForExecution(executionArn!);
    assert.equal((await api.client.send(new DescribeExecutionCommand({ executionArn }))).status, 'FAILED');
    await api.client.send(new RedriveExecutionCommand({ executionArn }));
    await api.engine.waitForExecution(executionArn!);
    const d = await api.client.send(new DescribeExecutionCommand({ executionArn }));
    assert.equal(d.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(d.output ?? ''), { count: 1 });
  });

  test('an aborted execution is redriven at the state it was stopped in', async () => {
    const { executionArn } = await api.client.send(new StartExecutionCommand({ stateMachineArn: waitArn }));
    api.engine.stopExecution(executionArn!);
    await api.engine.waitForExecution(executionArn!);
    const redrive = await api.client.send(new RedriveExecutionCommand({ executionArn }));
    const d = await api.client.send(new DescribeExecutionCommand({ executionArn }));
    assert.equal(d.status, 'RUNNING');
    assert.equal(d.stopDate, undefined);
    assert.equal(d.redriveCount, 1);
    assert.equal(d.redriveDate?.getTime(), redrive.redriveDate?.getTime());
    api.engine.stopExecution(executionArn!);
    await api.engine.waitForExecution(executionArn!);
    const events = (await api.client.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
    assert.deepEqual(
      events.map((e) => [e.id, e.previousEventId, e.type]),
      [
        [1, 0, 'ExecutionStarted'],
        [2, 1, 'WaitStateEntered'],
        [3, 2, 'ExecutionAborted'],
        [4, 3, 'ExecutionRedriven'],
        [5, 1, 'WaitStateEntered'],
        [6, 5, 'ExecutionAborted'],
      ],
    );
  });

  test('SUCCEEDED and RUNNING executions are not redrivable; unknown ones do not exist', async () => {
    const done = await api.client.send(new StartExecutionCommand({ stateMachineArn: passArn }));
    await api.engine.waitForExecution(done.executionArn!);
    const e1 = await rejection(
      api.client.send(new RedriveExecutionCommand({ executionArn: done.executionArn })),
    );
    assert.ok(e1 instanceof ExecutionNotRedrivable);
    assert.equal(e1.message, 'Execution is SUCCEEDED and cannot be redriven');

    const running = await api.client.send(new StartExecutionCommand({ stateMachineArn: waitArn }));
    const e2 = await rejection(
      api.client.send(new RedriveExecutionCommand({ executionArn: running.executionArn })),
    );
    assert.ok(e2 instanceof ExecutionNotRedrivable);
    assert.equal(e2.message, 'Execution is RUNNING and cannot be redriven');
    api.engine.stopExecution(running.executionArn!);

    const e3 = await rejection(
      api.client.send(
        new RedriveExecutionCommand({
          executionArn: 'arn:aws:states:us-east-1:123456789012:execution:pass:nope',
        }),
      ),
    );
    assert.ok(e3 instanceof ExecutionDoesNotExist);
  });
});
