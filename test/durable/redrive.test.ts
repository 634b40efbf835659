// A redrive is durable like any transition: its row and ExecutionRedriven event are committed,
// it works on an execution that closed before a restart, and a redriven execution interrupted
// by a crash resumes past its failed attempt without running it again.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStore } from '../../src/store/drivers.ts';
import { engineOn, ScriptedTasks, VirtualClock } from '../../src/test-support/engine-harness.ts';
import type { HistoryEvent } from '../../src/engine/index.ts';

const ROLE = 'arn:aws:iam::123456789012:role/StepFunctions';
const INVOKE = 'arn:aws:states:::lambda:invoke';

const DEFINITION = JSON.stringify({
  StartAt: 'A',
  States: {
    A: { Type: 'Task', Resource: INVOKE, Parameters: { step: 'a' }, ResultPath: '$.a', Next: 'B' },
    B: { Type: 'Task', Resource: INVOKE, Parameters: { step: 'b' }, ResultPath: '$.b', End: true },
  },
});

/** Step `b` fails while `failing`, and takes 5 virtual seconds when it succeeds. */
function tasks(clock: VirtualClock, failing: boolean): ScriptedTasks {
  return new ScriptedTasks(async (r) => {
    const step = (r.parameters as { step: string }).step;
    if (step === 'b' && failing) return { ok: false, error: 'Boom', cause: 'b failed' };
    if (step === 'b') await clock.sleep(5000, r.signal);
    return { ok: true, output: step };
  });
}

const stored = async (store: MemoryStore, arn: string): Promise<HistoryEvent[]> =>
  (await store.getHistory(arn)).map((e) => e.data as unknown as HistoryEvent);

describe('redrive with a store', () => {
  it('redrives after a restart and resumes a redriven execution after a crash', async () => {
    const store = new MemoryStore();
    const clock = new VirtualClock();
    const first = engineOn(store, clock, tasks(clock, true));
    const sm = first.createStateMachine({ name: 'M', definition: DEFINITION, roleArn: ROLE });
    const { executionArn } = first.startExecution({ stateMachineArn: sm.stateMachineArn, name: 'e' });
    assert.equal((await clock.runUntil(first.waitForExecution(executionArn))).status, 'FAILED');
    await first.close();

    // Redriven by a new process, which dies while B runs.
    const secondTasks = tasks(clock, false);
    const second = engineOn(store, clock, secondTasks);
    await second.recover();
    const redriven = await second.redriveExecution(executionArn);
    assert.equal(redriven.status, 'RUNNING');
    assert.equal(redriven.redriveCount, 1);
    await clock.advance(1000);
    await second.close();
    assert.deepEqual(
      secondTasks.calls.map((r) => r.parameters),
      [{ step: 'b' }],
    );
    const row = await store.getExecution(executionArn);
    assert.equal(row?.status, 'RUNNING');

    const thirdTasks = tasks(clock, false);
    const third = engineOn(store, clock, thirdTasks);
    assert.equal(await third.recover(), 1);
    const done = await clock.runUntil(third.waitForExecution(executionArn));
    await third.flushed();
    assert.equal(done.status, 'SUCCEEDED');
    assert.equal(done.redriveCount, 1);
    assert.deepEqual(JSON.parse(done.output ?? ''), { a: 'a', b: 'b' });
    // Only B ran again: A's result was adopted from the first attempt.
    assert.deepEqual(
      thirdTasks.calls.map((r) => r.parameters),
      [{ step: 'b' }],
    );
    const events = await stored(store, executionArn);
    events.forEach((e, i) => assert.equal(e.id, i + 1));
    const types = events.map((e) => e.type);
    const failed = types.indexOf('ExecutionFailed');
    assert.equal(types[failed + 1], 'ExecutionRedriven');
    assert.equal(types.at(-1), 'ExecutionSucceeded');
    // B entered twice (the failed attempt and the redrive), A once.
    assert.equal(events.filter((e) => e.stateEnteredEventDetails?.['name'] === 'A').length, 1);
    assert.equal(events.filter((e) => e.stateEnteredEventDetails?.['name'] === 'B').length, 2);
    assert.equal((await store.getExecution(executionArn))?.status, 'SUCCEEDED');
    await third.close();
  });
});
