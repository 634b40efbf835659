// Resuming executions from their stored history: for every point at which the process could
// have died (every committed prefix of the history), a new engine on the same store finishes the
// execution with the same output, ids 1..n, no transition repeated and no finished task re-run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../../src/asl/index.ts';
import { MemoryStore } from '../../src/store/drivers.ts';
import { storeCutAt, storedHistory } from '../support/crash-cut.ts';
import { assertChain, engineOn, ScriptedTasks, VirtualClock } from '../../src/test-support/engine-harness.ts';
import type { HistoryEvent } from '../../src/engine/index.ts';
import { RecordInStore } from '../../src/engine/index.ts';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);
const ROLE = 'arn:aws:iam::123456789012:role/StepFunctions';
const INVOKE = 'arn:aws:states:::lambda:invoke';

const DEFINITION: JsonObject = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'Double',
          States: {
            Double: { Type: 'Task', Resource: INVOKE, Parameters: { 'n.$': '$.n' }, End: true },
          },
        },
        {
          StartAt: 'Nap',
          States: {
            Nap: { Type: 'Wait', Seconds: 10, Next: 'Each' },
            Each: {
              Type: 'Map',
              ItemsPath: '$.items',
              MaxConcurrency: 2,
              ItemProcessor: {
                StartAt: 'Item',
                States: { Item: { Type: 'Task', Resource: INVOKE, Parameters: { 'n.$': '$' }, End: true } },
              },
              End: true,
            },
          },
        },
      ],
      Next: 'Tag',
    },
    Tag: { Type: 'Pass', Parameters: { 'id.$': 'States.UUID()', 'results.$': '$' }, Next: 'Last' },
    Last: {
      Type: 'Task',
      Resource: INVOKE,
      Parameters: { 'n.$': 'States.ArrayLength($.results)' },
      End: true,
    },
  },
};

/** Doubles `n` on a virtual delay, so tasks interleave with the Wait and with each other. */
function doubler(clock: VirtualClock) {
  return new ScriptedTasks(async (r) => {
    const n = (r.parameters as { n: number }).n;
    await clock.sleep(1000 + 100 * n, new AbortController().signal);
    return { ok: true, output: { Payload: n * 2 } };
  });
}

const shape = (e: HistoryEvent): string => {
  const d = Object.entries(e).find(([k]) => k.endsWith('EventDetails'))?.[1] as JsonObject | undefined;
  return `${e.type} ${JSON.stringify(d?.['name'] ?? '')} ${JSON.stringify(d?.['index'] ?? '')}`;
};

const TASK_ENDS = new Set(['TaskSucceeded', 'TaskFailed', 'TaskTimedOut']);

describe('recovery by replay', () => {
  it('finishes an execution cut at any committed event exactly as the uninterrupted run', async () => {
    // The uninterrupted run, on a store like any other.
    const store = new MemoryStore();
    const clock = new VirtualClock(T0);
    const engine = engineOn(store, clock, doubler(clock));
    const sm = engine.createStateMachine({
      name: 'M',
      definition: JSON.stringify(DEFINITION),
      roleArn: ROLE,
    });
    const input = JSON.stringify({ n: 5, items: [1, 2, 3] });
    const { executionArn } = engine.startExecution({ stateMachineArn: sm.stateMachineArn, name: 'e', input });
    const reference = await clock.runUntil(engine.waitForExecution(executionArn));
    await engine.flushed();
    assert.equal(reference.status, 'SUCCEEDED');
    const full = await storedHistory(store, executionArn);
    assertChain(full);

    assert.equal(full.length, 44);
    for (let cut = 1; cut < full.length; cut++) {
      // What a crash after the commit of event `cut` leaves behind.
      const crashed = await storeCutAt(store, executionArn, cut);
      const later = new VirtualClock(full[cut - 1]?.timestamp ?? T0);
      const tasks = doubler(later);
      const resumed = engineOn(crashed, later, tasks);
      await resumed.recover();
      const record = await later.runUntil(resumed.waitForExecution(executionArn));
      await resumed.flushed();
      const events = await storedHistory(crashed, executionArn);
      const where = `cut after event ${cut} (${full[cut - 1]?.type})`;
      assert.equal(record.status, 'SUCCEEDED', where);
      // Tag drew a UUID before the cut: the recorded one stands.
      const tagged = full.find((e) => e.type === 'PassStateExited');
      const expected = tagged && tagged.id <= cut ? reference.output : undefined;
      if (expected !== undefined) assert.equal(record.output, expected, where);
      assert.deepEqual((JSON.parse(record.output ?? '') as { Payload: number }).Payload, 4, where);
      assertChain(events);
      assert.deepEqual(events.slice(0, cut), full.slice(0, cut), where);
      assert.deepEqual(events.map(shape).sort(), full.map(shape).sort(), where);
      const rerun = events.filter((e) => e.id > cut && TASK_ENDS.has(e.type)).length;
      assert.equal(tasks.calls.length, rerun, `${where}: tasks called`);
      assert.equal((await crashed.getExecution(executionArn))?.status, 'SUCCEEDED', where);
    }
  });

  it('lists executions and reads histories that closed before the restart', async () => {
    const store = new MemoryStore();
    const clock = new VirtualClock(T0);
    const engine = engineOn(store, clock, doubler(clock));
    const sm = engine.createStateMachine({
      name: 'P',
      definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
      roleArn: ROLE,
    });
    const { executionArn } = engine.startExecution({
      stateMachineArn: sm.stateMachineArn,
      name: 'x',
      input: '{"a":1}',
    });
    await clock.runUntil(engine.waitForExecution(executionArn));
    await engine.flushed();

    const next = engineOn(store, clock, doubler(clock));
    await next.recover();
    assert.equal(next.describeStateMachine(sm.stateMachineArn).name, 'P');
    // Closed executions are not read at the restart: listed from the store, each read when named.
    assert.deepEqual(next.listExecutions(sm.stateMachineArn), []);
    assert.deepEqual(
      (await next.readExecutions(sm.stateMachineArn)).map((r) => [r.executionArn, r.status]),
      [[executionArn, 'SUCCEEDED']],
    );
    assert.throws(() => next.describeExecution(executionArn), RecordInStore);
    assert.equal((await next.reading(() => next.describeExecution(executionArn))).output, '{"a":1}');
    assert.deepEqual(
      (await next.readExecutionHistory(executionArn)).map((e) => e.type),
      ['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded'],
    );
    // The same name again is refused: the execution closed, it is not running.
    const again = engineOn(store, clock, doubler(clock));
    await again.recover();
    const start = { stateMachineArn: sm.stateMachineArn, name: 'x', input: '{"a":1}' };
    assert.throws(() => again.startExecution(start), RecordInStore);
    await assert.rejects(
      again.reading(() => again.startExecution(start)),
      /ExecutionAlreadyExists|Execution Already Exists/,
    );
    // A name the store does not have starts (read once, then known to be new).
    const other = await again.reading(() => again.startExecution({ ...start, name: 'y' }));
    assert.equal(other.name, 'y');
    await assert.rejects(
      again.reading(() => again.describeExecution(`${executionArn.slice(0, -1)}z`)),
      /ExecutionDoesNotExist|Execution Does Not Exist/,
    );
  });
});
