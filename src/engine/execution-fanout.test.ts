import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json, JsonObject } from '../asl/index.ts';
import type { TaskScript } from '../test-support/engine-harness.ts';
import { hang } from '../test-support/engine-harness.ts';
import { lambdaTask, machineOf, pass } from '../test-support/definitions.ts';
import { entered, execute, PARALLEL_STARTED, PASS_VISIT, T0 } from './execution-fixture.ts';

describe('Execution history of Parallel and Map states', () => {
  it('runs Parallel branches from ParallelStateStarted and keeps the outputs in branch order', async () => {
    const branch = (name: string, result: Json): JsonObject => machineOf(name, pass({ Result: result }));
    const { record, at, links } = await execute(
      machineOf('P', { Type: 'Parallel', Branches: [branch('A', 'a'), branch('B', 'b')], End: true }),
      { x: 1 },
    );
    links([
      ...PARALLEL_STARTED,
      ...PASS_VISIT,
      ['PassStateEntered', 3],
      'PassStateExited',
      'ParallelStateExited',
      'ExecutionSucceeded',
    ]);
    assert.deepEqual(at(6)['stateEnteredEventDetails'], entered('B', '{"x":1}'));
    assert.equal(record.output, '["a","b"]');
  });

  it('fails a Parallel state when a branch fails (ParallelStateFailed, the branch error)', async () => {
    const { record, at, links } = await execute(
      machineOf('P', {
        Type: 'Parallel',
        Branches: [
          machineOf('A', pass()),
          machineOf('B', { Type: 'Fail', Error: 'BranchError', Cause: 'why' }),
        ],
        End: true,
      }),
    );
    links([
      ...PARALLEL_STARTED,
      ...PASS_VISIT,
      ['FailStateEntered', 3],
      'ParallelStateFailed',
      'ExecutionFailed',
    ]);
    assert.deepEqual(at(8)['executionFailedEventDetails'], { error: 'BranchError', cause: 'why' });
    assert.equal(record.status, 'FAILED');
  });

  it('stops the other branches when one fails (their task calls are aborted)', async () => {
    const waitThenFail = {
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 1, Next: 'F' }, F: { Type: 'Fail', Error: 'E' } },
    };
    const { tasks, record, events, types } = await execute(
      machineOf('P', {
        Type: 'Parallel',
        Branches: [machineOf('Slow', lambdaTask()), waitThenFail],
        End: true,
      }),
      {},
      hang,
    );
    assert.equal(record.status, 'FAILED');
    assert.equal(record.error, 'E');
    assert.equal(tasks.calls[0]!.signal.aborted, true);
    assert.ok(!types().includes('LambdaFunctionSucceeded'));
    assert.equal(events.at(-1)!.timestamp, T0 + 1000);
  });

  it('runs Map iterations in order with MaxConcurrency 1 (MapIterationStarted index, MapStateSucceeded)', async () => {
    const { record, at, links } = await execute(
      machineOf('M', {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 1,
        ItemSelector: { 'i.$': '$$.Map.Item.Index', 'v.$': '$$.Map.Item.Value' },
        ItemProcessor: machineOf('P', pass()),
        End: true,
      }),
      { items: ['a', 'b'] },
    );
    links([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapIterationStarted',
      'PassStateEntered',
      'PassStateExited',
      'MapIterationSucceeded',
      ['MapIterationStarted', 3],
      'PassStateEntered',
      'PassStateExited',
      'MapIterationSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    assert.deepEqual(at(3)['mapStateStartedEventDetails'], { length: 2 });
    assert.deepEqual(at(4)['mapIterationStartedEventDetails'], { name: 'M', index: 0 });
    assert.deepEqual(at(8)['mapIterationStartedEventDetails'], { name: 'M', index: 1 });
    assert.deepEqual(at(11)['mapIterationSucceededEventDetails'], { name: 'M', index: 1 });
    assert.deepEqual(at(9)['stateEnteredEventDetails'], entered('P', '{"i":1,"v":"b"}'));
    assert.equal(record.output, '[{"i":0,"v":"a"},{"i":1,"v":"b"}]');
  });

  it('runs at most 40 inline Map iterations at once, whatever its MaxConcurrency (AWS guide, "Inline mode")', async () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    for (const [maxConcurrency, expected] of [
      [0, 40],
      [100, 40],
      [5, 5],
    ] as const) {
      let running = 0;
      let most = 0;
      const { tasks, record } = await execute(
        machineOf('M', {
          Type: 'Map',
          MaxConcurrency: maxConcurrency,
          ItemProcessor: machineOf('T', lambdaTask()),
          End: true,
        }),
        items,
        async (r) => {
          most = Math.max(most, ++running);
          // Answered some turns of the microtask queue later (the fixture's clock is virtual).
          for (let turn = 0; turn < 50; turn++) await Promise.resolve();
          running--;
          return { ok: true, output: r.parameters };
        },
      );
      assert.equal(record.status, 'SUCCEEDED');
      assert.equal(most, expected, `MaxConcurrency ${maxConcurrency}`);
      assert.equal(tasks.calls.length, 100);
      assert.equal(record.output, JSON.stringify(items));
    }
  });

  it('fails an inline Map at the first failing item with MaxConcurrency 1: later items never start', async () => {
    const { tasks, record, at, types } = await execute(
      machineOf('M', {
        Type: 'Map',
        MaxConcurrency: 1,
        ItemProcessor: machineOf('T', lambdaTask()),
        End: true,
      }),
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
    assert.deepEqual(types(), [
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
    assert.deepEqual(at(16)['mapIterationFailedEventDetails'], { name: 'M', index: 1 });
    assert.equal(record.status, 'FAILED');
    assert.equal(record.error, 'ItemError');
    assert.equal(record.cause, 'item 2');
  });

  const distributed = (tolerated: JsonObject): JsonObject =>
    machineOf('M', {
      Type: 'Map',
      ...tolerated,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        ...machineOf('T', lambdaTask()),
      },
      End: true,
    });
  const failFrom2: TaskScript = (r) =>
    (r.parameters as number) >= 2
      ? { ok: false, error: 'Bad', cause: 'x' }
      : { ok: true, output: r.parameters };

  it('fails a DISTRIBUTED Map whose failures exceed ToleratedFailureCount (MapRunFailed)', async () => {
    const { record, at, links } = await execute(
      distributed({ ToleratedFailureCount: 1 }),
      [1, 2, 3],
      failFrom2,
    );
    links([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      'MapRunFailed',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
    assert.deepEqual(at(4)['mapRunStartedEventDetails'], {
      mapRunArn: 'arn:aws:states:us-east-1:123456789012:mapRun:M/M:00000000-0000-4000-8000-000000000001',
    });
    assert.deepEqual(at(5)['mapRunFailedEventDetails'], {
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'The specified tolerated failure threshold was exceeded',
    });
    assert.equal(record.error, 'States.ExceedToleratedFailureThreshold');
  });

  it('succeeds a DISTRIBUTED Map whose failures stay within ToleratedFailureCount', async () => {
    const { record, types } = await execute(distributed({ ToleratedFailureCount: 2 }), [1, 2, 3], failFrom2);
    assert.deepEqual(types(), [
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
    const { record, types } = await execute(
      distributed({ ItemsPath: '$.Items', ToleratedFailureCountPath: '$.ToleratedFailureCount' }),
      { Items: [0], ToleratedFailureCount: -1 },
    );
    assert.deepEqual(types(), ['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'ExecutionFailed']);
    assert.equal(record.error, 'States.Runtime');
    assert.equal(
      record.cause,
      "An error occurred while executing the state 'M' (entered at the event id #2). ToleratedFailureCount cannot be negative.",
    );
  });
});
