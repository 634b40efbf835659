import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json, JsonObject } from '../asl/index.ts';
import type { TaskScript } from '../test-support/engine-harness.ts';
import {
  assertChain,
  CountingEntropy,
  hang,
  ScriptedTasks,
  VirtualClock,
} from '../test-support/engine-harness.ts';
import { Engine } from './engine.ts';
import type { HistoryEvent } from './history/event.ts';
import { MAX_STANDARD_SECONDS } from './limits.ts';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);
const ROLE = 'arn:aws:iam::123456789012:role/StepFunctions';
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:hello';
const INVOKE = 'arn:aws:states:::lambda:invoke';
const NOT_TRUNCATED = { truncated: false };

async function execute(definition: JsonObject, input: Json = {}, script?: TaskScript) {
  const clock = new VirtualClock(T0);
  const tasks = new ScriptedTasks(script);
  const engine = new Engine({
    clock,
    entropy: new CountingEntropy(),
    tasks,
    region: 'us-east-1',
    account: '123456789012',
  });
  const sm = engine.createStateMachine({ name: 'M', definition: JSON.stringify(definition), roleArn: ROLE });
  const started = engine.startExecution({
    stateMachineArn: sm.stateMachineArn,
    name: 'e1',
    input: JSON.stringify(input),
  });
  const record = await clock.runUntil(engine.waitForExecution(started.executionArn));
  const events = engine.getExecutionHistory(started.executionArn);
  assertChain(events);
  return { clock, tasks, record, events };
}

/** [type, id, previousEventId] of every event. */
const brief = (events: readonly HistoryEvent[]): [string, number, number][] =>
  events.map((e) => [e.type, e.id, e.previousEventId]);

const types = (events: readonly HistoryEvent[]): string[] => events.map((e) => e.type);

const at = (events: readonly HistoryEvent[], id: number): HistoryEvent => {
  const e = events[id - 1];
  assert.ok(e, `no event ${id}`);
  return e;
};

/** The delays slept, without the execution's one-year limit (AWS quotas) that every run arms. */
const retrySleeps = (clock: VirtualClock): number[] =>
  clock.sleeps.filter((ms) => ms < MAX_STANDARD_SECONDS * 1000);

const pass = (fields: JsonObject = {}): JsonObject => ({ Type: 'Pass', End: true, ...fields });

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

  it('retries with IntervalSeconds × BackoffRate delays from the clock, then catches', async () => {
    const { clock, tasks, record, events } = await execute(
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
    assert.deepEqual(brief(events), [
      ['ExecutionStarted', 1, 0],
      ['TaskStateEntered', 2, 1],
      ['TaskScheduled', 3, 2],
      ['TaskStarted', 4, 3],
      ['TaskFailed', 5, 4],
      ['TaskScheduled', 6, 5],
      ['TaskStarted', 7, 6],
      ['TaskFailed', 8, 7],
      ['TaskScheduled', 9, 8],
      ['TaskStarted', 10, 9],
      ['TaskFailed', 11, 10],
      ['TaskStateExited', 12, 11],
      ['PassStateEntered', 13, 12],
      ['PassStateExited', 14, 13],
      ['ExecutionSucceeded', 15, 14],
    ]);
    // the retries happen after the delays, in virtual time
    assert.deepEqual(
      [3, 6, 9].map((id) => at(events, id).timestamp - T0),
      [0, 2000, 8000],
    );
    assert.deepEqual(at(events, 5)['taskFailedEventDetails'], {
      resourceType: 'lambda',
      resource: 'invoke',
      error: 'Boom',
      cause: 'bad',
    });
    const caught = '{"in":1,"err":{"Error":"Boom","Cause":"bad"}}';
    assert.deepEqual(at(events, 12)['stateExitedEventDetails'], {
      name: 'T',
      output: caught,
      outputDetails: NOT_TRUNCATED,
    });
    assert.deepEqual(at(events, 13)['stateEnteredEventDetails'], {
      name: 'Handled',
      input: caught,
      inputDetails: NOT_TRUNCATED,
    });
    assert.equal(record.status, 'SUCCEEDED');
    assert.deepEqual(
      tasks.calls.map((c) => (c.context as { State: JsonObject }).State['RetryCount']),
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
    assert.deepEqual(at(ok.events, 5)['lambdaFunctionFailedEventDetails'], { error: 'Flaky' });

    const failed = await execute(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, End: true } } },
      {},
      () => ({
        ok: false,
        error: 'Boom',
        cause: 'bad',
      }),
    );
    assert.deepEqual(types(failed.events).slice(-2), ['LambdaFunctionFailed', 'ExecutionFailed']);
    assert.deepEqual(failed.events.at(-1)!['executionFailedEventDetails'], { error: 'Boom', cause: 'bad' });
    assert.equal(failed.record.status, 'FAILED');
    assert.equal(failed.record.error, 'Boom');
    assert.equal(failed.record.cause, 'bad');
  });

  it('times a legacy Lambda task out with LambdaFunctionTimedOut and States.Timeout', async () => {
    const { tasks, record, events } = await execute(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, TimeoutSeconds: 5, End: true } } },
      {},
      hang,
    );
    assert.deepEqual(brief(events), [
      ['ExecutionStarted', 1, 0],
      ['TaskStateEntered', 2, 1],
      ['LambdaFunctionScheduled', 3, 2],
      ['LambdaFunctionStarted', 4, 3],
      ['LambdaFunctionTimedOut', 5, 4],
      ['ExecutionFailed', 6, 5],
    ]);
    assert.equal(at(events, 3)['lambdaFunctionScheduledEventDetails']?.['timeoutInSeconds'], 5);
    assert.equal(at(events, 5).timestamp, T0 + 5000);
    assert.deepEqual(at(events, 5)['lambdaFunctionTimedOutEventDetails'], { error: 'States.Timeout' });
    assert.deepEqual(at(events, 6)['executionFailedEventDetails'], { error: 'States.Timeout' });
    assert.equal(record.status, 'FAILED');
    assert.equal(record.error, 'States.Timeout');
    assert.equal(tasks.calls[0]!.signal.aborted, true, 'the abandoned call is told to stop');
  });

  it('times a service task out with TaskTimedOut, which States.TaskFailed does not catch', async () => {
    const { events } = await execute(
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
    assert.deepEqual(types(events), [
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskTimedOut',
      'ExecutionFailed',
    ]);
    assert.equal(at(events, 3)['taskScheduledEventDetails']?.['timeoutInSeconds'], 3);
    assert.equal(at(events, 5).timestamp, T0 + 3000);
    assert.deepEqual(at(events, 5)['taskTimedOutEventDetails'], {
      resourceType: 'lambda',
      resource: 'invoke',
      error: 'States.Timeout',
    });
  });

  it('runs Parallel branches from ParallelStateStarted and keeps the outputs in branch order', async () => {
    const branch = (name: string, result: Json): JsonObject => ({
      StartAt: name,
      States: { [name]: pass({ Result: result }) },
    });
    const { record, events } = await execute(
      {
        StartAt: 'P',
        States: { P: { Type: 'Parallel', Branches: [branch('A', 'a'), branch('B', 'b')], End: true } },
      },
      { x: 1 },
    );
    assert.deepEqual(brief(events), [
      ['ExecutionStarted', 1, 0],
      ['ParallelStateEntered', 2, 1],
      ['ParallelStateStarted', 3, 2],
      ['PassStateEntered', 4, 3],
      ['PassStateExited', 5, 4],
      ['PassStateEntered', 6, 3],
      ['PassStateExited', 7, 6],
      ['ParallelStateExited', 8, 7],
      ['ExecutionSucceeded', 9, 8],
    ]);
    assert.deepEqual(at(events, 6)['stateEnteredEventDetails'], {
      name: 'B',
      input: '{"x":1}',
      inputDetails: NOT_TRUNCATED,
    });
    assert.equal(record.output, '["a","b"]');
  });

  it('fails a Parallel state when a branch fails (ParallelStateFailed, the branch error)', async () => {
    const { record, events } = await execute({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: pass() } },
            { StartAt: 'B', States: { B: { Type: 'Fail', Error: 'BranchError', Cause: 'why' } } },
          ],
          End: true,
        },
      },
    });
    assert.deepEqual(brief(events), [
      ['ExecutionStarted', 1, 0],
      ['ParallelStateEntered', 2, 1],
      ['ParallelStateStarted', 3, 2],
      ['PassStateEntered', 4, 3],
      ['PassStateExited', 5, 4],
      ['FailStateEntered', 6, 3],
      ['ParallelStateFailed', 7, 6],
      ['ExecutionFailed', 8, 7],
    ]);
    assert.deepEqual(at(events, 8)['executionFailedEventDetails'], { error: 'BranchError', cause: 'why' });
    assert.equal(record.status, 'FAILED');
  });

  it('stops the other branches when one fails (their task calls are aborted)', async () => {
    const { tasks, record, events } = await execute(
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'Slow', States: { Slow: { Type: 'Task', Resource: LAMBDA, End: true } } },
              {
                StartAt: 'W',
                States: { W: { Type: 'Wait', Seconds: 1, Next: 'F' }, F: { Type: 'Fail', Error: 'E' } },
              },
            ],
            End: true,
          },
        },
      },
      {},
      hang,
    );
    assert.equal(record.status, 'FAILED');
    assert.equal(record.error, 'E');
    assert.equal(tasks.calls[0]!.signal.aborted, true);
    assert.ok(!types(events).includes('LambdaFunctionSucceeded'));
    assert.equal(events.at(-1)!.timestamp, T0 + 1000);
  });

  it('runs Map iterations in order with MaxConcurrency 1 (MapIterationStarted index, MapStateSucceeded)', async () => {
    const { record, events } = await execute(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemsPath: '$.items',
            MaxConcurrency: 1,
            ItemSelector: { 'i.$': '$$.Map.Item.Index', 'v.$': '$$.Map.Item.Value' },
            ItemProcessor: { StartAt: 'P', States: { P: pass() } },
            End: true,
          },
        },
      },
      { items: ['a', 'b'] },
    );
    assert.deepEqual(brief(events), [
      ['ExecutionStarted', 1, 0],
      ['MapStateEntered', 2, 1],
      ['MapStateStarted', 3, 2],
      ['MapIterationStarted', 4, 3],
      ['PassStateEntered', 5, 4],
      ['PassStateExited', 6, 5],
      ['MapIterationSucceeded', 7, 6],
      ['MapIterationStarted', 8, 3],
      ['PassStateEntered', 9, 8],
      ['PassStateExited', 10, 9],
      ['MapIterationSucceeded', 11, 10],
      ['MapStateSucceeded', 12, 11],
      ['MapStateExited', 13, 12],
      ['ExecutionSucceeded', 14, 13],
    ]);
    assert.deepEqual(at(events, 3)['mapStateStartedEventDetails'], { length: 2 });
    assert.deepEqual(at(events, 4)['mapIterationStartedEventDetails'], { name: 'M', index: 0 });
    assert.deepEqual(at(events, 8)['mapIterationStartedEventDetails'], { name: 'M', index: 1 });
    assert.deepEqual(at(events, 11)['mapIterationSucceededEventDetails'], { name: 'M', index: 1 });
    assert.deepEqual(at(events, 9)['stateEnteredEventDetails'], {
      name: 'P',
      input: '{"i":1,"v":"b"}',
      inputDetails: NOT_TRUNCATED,
    });
    assert.equal(record.output, '[{"i":0,"v":"a"},{"i":1,"v":"b"}]');
  });

  it('fails an inline Map at the first failing item with MaxConcurrency 1: later items never start', async () => {
    const { tasks, record, events } = await execute(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            MaxConcurrency: 1,
            ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: LAMBDA, End: true } } },
            End: true,
          },
        },
      },
      [1, 2, 3],
      (r) =>
        r.parameters === 2
          ? { ok: false, error: 'ItemError', cause: 'item 2' }
          : { ok: true, output: r.parameters },
    );
    assert.deepEqual(
      tasks.calls.map((c) => c.parameters),
      [1, 2],
    );
    assert.deepEqual(types(events), [
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapIterationStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'MapIterationSucceeded',
      'MapIterationStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionFailed',
      'MapIterationFailed',
      // The failed item's Task state is aborted with the Map, as AWS records it.
      'TaskStateAborted',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
    assert.deepEqual(at(events, 16)['mapIterationFailedEventDetails'], { name: 'M', index: 1 });
    assert.equal(record.status, 'FAILED');
    assert.equal(record.error, 'ItemError');
    assert.equal(record.cause, 'item 2');
  });

  const distributed = (tolerated: JsonObject): JsonObject => ({
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        ...tolerated,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'T',
          States: { T: { Type: 'Task', Resource: LAMBDA, End: true } },
        },
        End: true,
      },
    },
  });
  const failFrom2: TaskScript = (r) =>
    (r.parameters as number) >= 2
      ? { ok: false, error: 'Bad', cause: 'x' }
      : { ok: true, output: r.parameters };

  it('fails a DISTRIBUTED Map whose failures exceed ToleratedFailureCount (MapRunFailed)', async () => {
    const { record, events } = await execute(distributed({ ToleratedFailureCount: 1 }), [1, 2, 3], failFrom2);
    assert.deepEqual(brief(events), [
      ['ExecutionStarted', 1, 0],
      ['MapStateEntered', 2, 1],
      ['MapStateStarted', 3, 2],
      ['MapRunStarted', 4, 3],
      ['MapRunFailed', 5, 4],
      ['MapStateFailed', 6, 5],
      ['ExecutionFailed', 7, 6],
    ]);
    assert.deepEqual(at(events, 4)['mapRunStartedEventDetails'], {
      mapRunArn: 'arn:aws:states:us-east-1:123456789012:mapRun:M/M:00000000-0000-4000-8000-000000000001',
    });
    assert.deepEqual(at(events, 5)['mapRunFailedEventDetails'], {
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'The specified tolerated failure threshold was exceeded',
    });
    assert.equal(record.error, 'States.ExceedToleratedFailureThreshold');
  });

  it('succeeds a DISTRIBUTED Map whose failures stay within ToleratedFailureCount', async () => {
    const { record, events } = await execute(distributed({ ToleratedFailureCount: 2 }), [1, 2, 3], failFrom2);
    assert.deepEqual(types(events), [
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      'MapRunSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    assert.equal(record.status, 'SUCCEEDED');
  });

  it('fails a DISTRIBUTED Map with a negative ToleratedFailureCountPath right after MapStateStarted (recorded)', async () => {
    const { record, events } = await execute(
      distributed({ ItemsPath: '$.Items', ToleratedFailureCountPath: '$.ToleratedFailureCount' }),
      { Items: [0], ToleratedFailureCount: -1 },
    );
    assert.deepEqual(types(events), [
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'ExecutionFailed',
    ]);
    assert.equal(record.error, 'States.Runtime');
    assert.equal(
      record.cause,
      "An error occurred while executing the state 'M' (entered at the event id #2). ToleratedFailureCount cannot be negative.",
    );
  });

  it('times the execution out at the machine TimeoutSeconds: TIMED_OUT and ExecutionTimedOut', async () => {
    const { clock, record, events } = await execute({
      TimeoutSeconds: 10,
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 60, Next: 'After' }, After: pass() },
    });
    assert.deepEqual(brief(events), [
      ['ExecutionStarted', 1, 0],
      ['WaitStateEntered', 2, 1],
      ['ExecutionTimedOut', 3, 2],
    ]);
    assert.equal(at(events, 3).timestamp, T0 + 10_000);
    assert.deepEqual(at(events, 3)['executionTimedOutEventDetails'], { error: 'States.Timeout' });
    assert.equal(record.status, 'TIMED_OUT');
    assert.equal(record.stopDate, T0 + 10_000);
    assert.deepEqual(clock.pending, [], 'the Wait timer is cancelled');
    await clock.advance(100_000);
    assert.equal(events.length, 3, 'nothing runs after ExecutionTimedOut');
  });

  it('chains ExecutionTimedOut to the last event even when the timeout fires inside a branch', async () => {
    const { events } = await execute({
      TimeoutSeconds: 10,
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } }],
          End: true,
        },
      },
    });
    assert.deepEqual(brief(events), [
      ['ExecutionStarted', 1, 0],
      ['ParallelStateEntered', 2, 1],
      ['ParallelStateStarted', 3, 2],
      ['WaitStateEntered', 4, 3],
      ['ExecutionTimedOut', 5, 4],
    ]);
  });

  it('fails with States.DataLimitExceeded when a state output exceeds 256 KiB', async () => {
    const { record, events } = await execute(
      {
        StartAt: 'Big',
        States: { Big: pass({ Parameters: { 'parts.$': "States.StringSplit($.s, ',')" } }) },
      },
      { s: 'ab,'.repeat(70_000) },
    );
    assert.deepEqual(types(events), ['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
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
    const engine = new Engine({
      clock,
      entropy: new CountingEntropy(),
      tasks,
      region: 'us-east-1',
      account: '123456789012',
    });
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
    assert.deepEqual(brief(events), [
      ['ExecutionStarted', 1, 0],
      ['TaskStateEntered', 2, 1],
      ['LambdaFunctionScheduled', 3, 2],
      ['LambdaFunctionStarted', 4, 3],
      ['ExecutionAborted', 5, 4],
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
