// Issue 19, item 9: a branch that fails a Parallel (an iteration that fails a Map) fails it at
// once, as on AWS, even while a sibling's Lambda function still runs; the sibling's Task state is
// recorded as aborted (TaskStateAborted, as in histories recorded on AWS) and its late result is
// ignored. The function itself is not cut short.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { Api } from '../api/harness.ts';
import { ROLE, startApi } from '../api/harness.ts';
import { eventually, fixture, historyOf, settled, types } from './support.ts';

/** How long the slow function takes: the Parallel must fail well before it returns. */
const SLOW_MS = 2_500;
/** Generous bounds on a loaded machine, still far below SLOW_MS. */
const AT_ONCE_MS = 1_500;
/** Ample time for a worker thread to start and import its handler, on a loaded machine. */
const COLD_START_MS = 3_000;

let api: Api;
let slowEnded = 0;

before(async () => {
  api = await startApi({
    baseDir: fixture('.'),
    lambda: { functions: { pooled: { handler: 'lambda-handler.mjs#handler', timeout: 10 } } },
  });
  api.integrations.functions.registerAll({
    slow: async () => {
      await sleep(SLOW_MS);
      slowEnded++;
      return { late: true };
    },
    boom: () => {
      throw new Error('boom');
    },
  });
});
after(async () => {
  await api.integrations.close();
  await api.close();
});

const invoke = (functionName: string, payload: unknown = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: functionName, Payload: payload },
  End: true,
});

let n = 0;
async function run(definition: object, input: unknown = {}) {
  const { stateMachineArn } = await api.client.send(
    new CreateStateMachineCommand({
      name: `parallel-abort-${++n}`,
      roleArn: ROLE,
      definition: JSON.stringify(definition),
    }),
  );
  const started = Date.now();
  const { executionArn } = await api.client.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
  );
  const d = await settled(api, executionArn!);
  return { executionArn: executionArn!, d, ms: Date.now() - started };
}

const count = (events: HistoryEvent[], type: string) => types(events).filter((t) => t === type).length;
const at = (events: HistoryEvent[], type: string) =>
  events.find((e) => e.type === type)!.timestamp!.getTime();

/** A Parallel with one Task state per branch (name -> state); ends the machine unless told. */
const parallel = (tasks: Record<string, object>, next: object = { End: true }) => ({
  Type: 'Parallel',
  Branches: Object.entries(tasks).map(([name, task]) => ({ StartAt: name, States: { [name]: task } })),
  ...next,
});

const PARALLEL = {
  StartAt: 'Both',
  States: { Both: parallel({ Slow: invoke('slow'), Boom: invoke('boom') }) },
};

/** A Map whose items name the function each iteration calls. */
const mapOfCalls = (fields: object = {}, processorConfig: object = {}) => ({
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ...fields,
      ItemProcessor: {
        ...processorConfig,
        StartAt: 'Call',
        States: { Call: { ...invoke('slow'), Parameters: { 'FunctionName.$': '$.fn', Payload: {} } } },
      },
      End: true,
    },
  },
});

describe('a failing branch fails its Parallel or Map at once', { timeout: 30_000 }, () => {
  it('Parallel: fails at once while the sibling Lambda runs; both Task states are aborted; the late result is ignored', async () => {
    const endedBefore = slowEnded;
    const { executionArn, d, ms } = await run(PARALLEL);
    assert.equal(d.status, 'FAILED');
    assert.equal(d.error, 'Error');
    assert.ok(ms < AT_ONCE_MS, `closed after ${ms} ms, the slow function takes ${SLOW_MS} ms`);
    assert.equal(slowEnded, endedBefore, 'the slow function had not returned yet');
    const events = await historyOf(api, executionArn);
    const failedAfter = at(events, 'ParallelStateFailed') - at(events, 'ParallelStateStarted');
    assert.ok(failedAfter < AT_ONCE_MS, `ParallelStateFailed ${failedAfter} ms after ParallelStateStarted`);
    // As AWS records it: the failed task's state and the running sibling's are both aborted,
    // before the Parallel fails.
    assert.equal(count(events, 'TaskFailed'), 1);
    assert.equal(count(events, 'TaskStateAborted'), 2);
    assert.equal(count(events, 'TaskSucceeded'), 0);
    const order = types(events);
    assert.ok(order.lastIndexOf('TaskStateAborted') < order.indexOf('ParallelStateFailed'));
    assert.deepEqual(order.slice(-2), ['ParallelStateFailed', 'ExecutionFailed']);
    events.forEach((e, i) => assert.equal(e.id, i + 1));

    // The function was left to finish; what it returned changes nothing.
    await eventually(() => Promise.resolve(slowEnded > endedBefore ? true : undefined), SLOW_MS + 5_000);
    await sleep(50);
    assert.deepEqual(types(await historyOf(api, executionArn)), order);
  });

  it('Parallel with Catch: the Catch takes over at once', async () => {
    const definition = {
      StartAt: 'Both',
      States: {
        Both: parallel(
          { Slow: invoke('slow'), Boom: invoke('boom') },
          { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], Next: 'Done' },
        ),
        Caught: { Type: 'Pass', End: true },
        Done: { Type: 'Pass', End: true },
      },
    };
    const { executionArn, d, ms } = await run(definition);
    assert.equal(d.status, 'SUCCEEDED');
    assert.equal((JSON.parse(d.output!) as { Error: string }).Error, 'Error');
    assert.ok(ms < AT_ONCE_MS, `closed after ${ms} ms`);
    const order = types(await historyOf(api, executionArn));
    assert.deepEqual(
      order.slice(order.indexOf('ParallelStateFailed'), order.indexOf('ParallelStateFailed') + 2),
      ['ParallelStateFailed', 'ParallelStateExited'],
    );
  });

  it('Map: a failing iteration fails the Map at once; the running one is aborted (MapIterationAborted, TaskStateAborted)', async () => {
    const { executionArn, d, ms } = await run(mapOfCalls(), [{ fn: 'slow' }, { fn: 'boom' }]);
    assert.equal(d.status, 'FAILED');
    assert.ok(ms < AT_ONCE_MS, `closed after ${ms} ms`);
    const events = await historyOf(api, executionArn);
    assert.equal(count(events, 'MapIterationFailed'), 1);
    assert.equal(count(events, 'MapIterationAborted'), 1);
    assert.equal(count(events, 'TaskStateAborted'), 2);
    assert.equal(count(events, 'MapStateFailed'), 1);
    const order = types(events);
    // Each iteration's end comes before its Task state's abort, as in AWS's history.
    assert.ok(order.indexOf('MapIterationFailed') < order.indexOf('TaskStateAborted'));
    assert.ok(order.lastIndexOf('TaskStateAborted') < order.indexOf('MapStateFailed'));
  });

  it('a tolerated failure does not abort the other iterations', async () => {
    const definition = mapOfCalls(
      { ToleratedFailureCount: 1 },
      { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
    );
    const { d, ms } = await run(definition, [{ fn: 'slow' }, { fn: 'boom' }]);
    assert.equal(d.status, 'SUCCEEDED', d.error);
    assert.ok(ms >= SLOW_MS, 'the slow iteration ran to its end');
  });

  it('a function in a worker thread is left to finish, its result ignored, and its sandbox serves again', async () => {
    const definition = {
      StartAt: 'Both',
      States: {
        Both: parallel({ Pooled: invoke('pooled', { id: 1, hang: SLOW_MS }), Boom: invoke('boom') }),
      },
    };
    const { executionArn, d, ms } = await run(definition);
    assert.equal(d.status, 'FAILED');
    assert.ok(ms < AT_ONCE_MS, `closed after ${ms} ms`);
    assert.equal(count(await historyOf(api, executionArn), 'TaskStateAborted'), 2);
    // The abandoned call hangs SLOW_MS from when its sandbox started, which a cold worker thread
    // does only after the execution closed: its sandbox is free again after both.
    await sleep(SLOW_MS + COLD_START_MS);
    const again = await run({ StartAt: 'Pooled', States: { Pooled: invoke('pooled', { id: 2 }) } });
    assert.equal(again.d.status, 'SUCCEEDED', again.d.cause);
    assert.equal((JSON.parse(again.d.output!) as { Payload: { warm: boolean } }).Payload.warm, true);
  });
});
