import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json, JsonObject } from '../asl/index.ts';
import type { TaskScript } from '../test-support/engine-harness.ts';
import { hang } from '../test-support/engine-harness.ts';
import { at, brief, execute, LAMBDA, NOT_TRUNCATED, pass, T0, types } from './execution-fixture.ts';

describe('Execution history', () => {
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
});
