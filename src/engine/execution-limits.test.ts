import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertChain, engineOn, hang, ScriptedTasks, VirtualClock } from '../test-support/engine-harness.ts';
import { LAMBDA, machineOf, pass } from '../test-support/definitions.ts';
import { assertLinks, at, execute, PARALLEL_STARTED, ROLE, T0 } from './execution-fixture.ts';

describe('Execution limits: TimeoutSeconds and payload sizes', () => {
  it('times the execution out at the machine TimeoutSeconds: TIMED_OUT and ExecutionTimedOut', async () => {
    const { clock, record, events, at, links } = await execute({
      TimeoutSeconds: 10,
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 60, Next: 'After' }, After: pass() },
    });
    links(['ExecutionStarted', 'WaitStateEntered', 'ExecutionTimedOut']);
    assert.equal(at(3).timestamp, T0 + 10_000);
    assert.deepEqual(at(3)['executionTimedOutEventDetails'], { error: 'States.Timeout' });
    assert.equal(record.status, 'TIMED_OUT');
    assert.equal(record.stopDate, T0 + 10_000);
    assert.deepEqual(clock.pending, [], 'the Wait timer is cancelled');
    await clock.advance(100_000);
    assert.equal(events.length, 3, 'nothing runs after ExecutionTimedOut');
  });

  it('chains ExecutionTimedOut to the last event even when the timeout fires inside a branch', async () => {
    const { links } = await execute({
      TimeoutSeconds: 10,
      ...machineOf('P', {
        Type: 'Parallel',
        Branches: [machineOf('W', { Type: 'Wait', Seconds: 60, End: true })],
        End: true,
      }),
    });
    links([...PARALLEL_STARTED, 'WaitStateEntered', 'ExecutionTimedOut']);
  });

  it('fails with States.DataLimitExceeded when a state output exceeds 256 KiB', async () => {
    const { record, types } = await execute(
      {
        StartAt: 'Big',
        States: { Big: pass({ Parameters: { 'parts.$': "States.StringSplit($.s, ',')" } }) },
      },
      { s: 'ab,'.repeat(70_000) },
    );
    assert.deepEqual(types(), ['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
    assert.equal(record.error, 'States.DataLimitExceeded');
    assert.ok(
      record.cause?.startsWith(
        "The state/task 'Big' returned a result with a size exceeding the maximum number of bytes service limit",
      ),
      record.cause,
    );
  });

  it('States.ALL does not catch States.DataLimitExceeded', async () => {
    const { record } = await execute(
      {
        StartAt: 'Big',
        States: {
          Big: {
            Type: 'Task',
            Resource: LAMBDA,
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
            End: true,
          },
          Caught: pass(),
        },
      },
      {},
      () => ({ ok: true, output: 'x'.repeat(262_145) }),
    );
    assert.equal(record.status, 'FAILED');
    assert.equal(record.error, 'States.DataLimitExceeded');
  });
});

describe('stopExecution', () => {
  it('closes a running execution as ABORTED with ExecutionAborted and aborts the task in flight', async () => {
    const clock = new VirtualClock(T0);
    const tasks = new ScriptedTasks(hang);
    const engine = engineOn(undefined, clock, tasks);
    const definition = {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: LAMBDA, Next: 'After' }, After: pass() },
    };
    const sm = engine.createStateMachine({
      name: 'M',
      definition: JSON.stringify(definition),
      roleArn: ROLE,
    });
    const { executionArn } = engine.startExecution({ stateMachineArn: sm.stateMachineArn, name: 'e1' });
    await clock.advance(3000);
    assert.equal(engine.describeExecution(executionArn).status, 'RUNNING');
    const stopped = engine.stopExecution(executionArn, 'Manual', 'operator');
    assert.equal(stopped.status, 'ABORTED');
    await clock.runUntil(engine.waitForExecution(executionArn));
    const events = engine.getExecutionHistory(executionArn);
    assertChain(events);
    assertLinks(events, [
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'ExecutionAborted',
    ]);
    assert.deepEqual(at(events, 5)['executionAbortedEventDetails'], { error: 'Manual', cause: 'operator' });
    assert.equal(at(events, 5).timestamp, T0 + 3000);
    assert.equal(tasks.calls[0]!.signal.aborted, true);
    const record = engine.describeExecution(executionArn);
    assert.equal(record.status, 'ABORTED');
    assert.equal(record.stopDate, T0 + 3000);
    // a second stop changes nothing
    engine.stopExecution(executionArn);
    assert.equal(engine.getExecutionHistory(executionArn).length, 5);
  });
});
