import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../asl/index.ts';
import { hang } from '../test-support/engine-harness.ts';
import { INVOKE, LAMBDA, pass } from '../test-support/definitions.ts';
import { execute, LAMBDA_CALLED, NOT_TRUNCATED, retrySleeps, T0, TASK_CALLED } from './execution-fixture.ts';

describe('Execution history of Retry, Catch and task timeouts', () => {
  it('retries with IntervalSeconds × BackoffRate delays from the clock, then catches', async () => {
    const { clock, tasks, record, at, links } = await execute(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: INVOKE,
            Retry: [{ ErrorEquals: ['Boom'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 2 }],
            Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.err', Next: 'Handled' }],
            Next: 'Unreached',
          },
          Handled: pass(),
          Unreached: pass(),
        },
      },
      { in: 1 },
      () => ({ ok: false, error: 'Boom', cause: 'bad' }),
    );
    assert.deepEqual(retrySleeps(clock), [2000, 6000]);
    links([
      'ExecutionStarted',
      ...TASK_CALLED,
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    // the retries happen after the delays, in virtual time
    assert.deepEqual(
      [3, 6, 9].map((id) => at(id).timestamp - T0),
      [0, 2000, 8000],
    );
    assert.deepEqual(at(5)['taskFailedEventDetails'], {
      resourceType: 'lambda',
      resource: 'invoke',
      error: 'Boom',
      cause: 'bad',
    });
    const caught = '{"in":1,"err":{"Error":"Boom","Cause":"bad"}}';
    assert.deepEqual(at(12)['stateExitedEventDetails'], {
      name: 'T',
      output: caught,
      outputDetails: NOT_TRUNCATED,
    });
    assert.deepEqual(at(13)['stateEnteredEventDetails'], {
      name: 'Handled',
      input: caught,
      inputDetails: NOT_TRUNCATED,
    });
    assert.equal(record.status, 'SUCCEEDED');
    assert.deepEqual(
      tasks.contexts.map((c) => (c as { State: JsonObject }).State['RetryCount']),
      [0, 1, 2],
    );
  });

  it('succeeds on a retry and fails the execution when nothing catches', async () => {
    const ok = await execute(
      {
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: LAMBDA, Retry: [{ ErrorEquals: ['States.ALL'] }], End: true },
        },
      },
      {},
      (_r, call) =>
        call === 0 ? { ok: false, error: 'Flaky', cause: undefined } : { ok: true, output: call },
    );
    assert.equal(ok.record.status, 'SUCCEEDED');
    assert.equal(ok.record.output, '1');
    assert.deepEqual(retrySleeps(ok.clock), [1000]);
    assert.deepEqual(ok.at(5)['lambdaFunctionFailedEventDetails'], { error: 'Flaky' });

    const failed = await execute(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, End: true } } },
      {},
      () => ({
        ok: false,
        error: 'Boom',
        cause: 'bad',
      }),
    );
    assert.deepEqual(failed.types().slice(-2), ['LambdaFunctionFailed', 'ExecutionFailed']);
    assert.deepEqual(failed.events.at(-1)!['executionFailedEventDetails'], { error: 'Boom', cause: 'bad' });
    assert.equal(failed.record.status, 'FAILED');
    assert.equal(failed.record.error, 'Boom');
    assert.equal(failed.record.cause, 'bad');
  });

  it('times a legacy Lambda task out with LambdaFunctionTimedOut and States.Timeout', async () => {
    const { tasks, record, at, links } = await execute(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, TimeoutSeconds: 5, End: true } } },
      {},
      hang,
    );
    links(['ExecutionStarted', ...LAMBDA_CALLED, 'LambdaFunctionTimedOut', 'ExecutionFailed']);
    assert.equal(at(3)['lambdaFunctionScheduledEventDetails']?.['timeoutInSeconds'], 5);
    assert.equal(at(5).timestamp, T0 + 5000);
    assert.deepEqual(at(5)['lambdaFunctionTimedOutEventDetails'], { error: 'States.Timeout' });
    assert.deepEqual(at(6)['executionFailedEventDetails'], { error: 'States.Timeout' });
    assert.equal(record.status, 'FAILED');
    assert.equal(record.error, 'States.Timeout');
    assert.equal(tasks.calls[0]!.signal.aborted, true, 'the abandoned call is told to stop');
  });

  it('times a service task out with TaskTimedOut, which States.TaskFailed does not catch', async () => {
    const { at, types } = await execute(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: INVOKE,
            Parameters: { FunctionName: 'f' },
            TimeoutSecondsPath: '$.t',
            Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }],
            End: true,
          },
          Caught: pass(),
        },
      },
      { t: 3 },
      hang,
    );
    assert.deepEqual(types(), ['ExecutionStarted', ...TASK_CALLED, 'TaskTimedOut', 'ExecutionFailed']);
    assert.equal(at(3)['taskScheduledEventDetails']?.['timeoutInSeconds'], 3);
    assert.equal(at(5).timestamp, T0 + 3000);
    assert.deepEqual(at(5)['taskTimedOutEventDetails'], {
      resourceType: 'lambda',
      resource: 'invoke',
      error: 'States.Timeout',
    });
  });
});
