// A missed heartbeat is recorded as States.Timeout, like a TimeoutSeconds timeout, yet a Catch on
// States.HeartbeatTimeout matches only the former: resuming from any committed prefix of the
// history must decide the Catch as the uninterrupted run did.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStore } from '../../src/store/drivers.ts';
import { StatesErrors } from '../../src/asl/index.ts';
import { storeCutAt, storedHistory } from '../support/crash-cut.ts';
import { assertChain, engineOn, ScriptedTasks, VirtualClock } from '../../src/test-support/engine-harness.ts';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);

const DEFINITION = JSON.stringify({
  StartAt: 'Work',
  States: {
    Work: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'f', 'token.$': '$$.Task.Token' },
      HeartbeatSeconds: 5,
      TimeoutSeconds: 60,
      Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], ResultPath: '$.caught', Next: 'Caught' }],
      End: true,
    },
    Caught: { Type: 'Pass', End: true },
  },
});

/** A worker that never beats: its heartbeat clock runs out after 5 virtual seconds. */
function silentWorker(clock: VirtualClock): ScriptedTasks {
  return new ScriptedTasks(async () => {
    await clock.sleep(5000, new AbortController().signal);
    return {
      ok: false,
      error: StatesErrors.Timeout,
      cause: undefined,
      recordedAs: 'TimedOut',
      heartbeat: true,
    };
  });
}

describe('a missed heartbeat, resumed from its history', () => {
  it('is caught by States.HeartbeatTimeout whatever event the process died after', async () => {
    const store = new MemoryStore();
    const clock = new VirtualClock(T0);
    const engine = engineOn(store, clock, silentWorker(clock));
    const sm = engine.createStateMachine({
      name: 'M',
      definition: DEFINITION,
      roleArn: 'arn:aws:iam::123456789012:role/r',
    });
    const { executionArn } = engine.startExecution({ stateMachineArn: sm.stateMachineArn, name: 'e' });
    const reference = await clock.runUntil(engine.waitForExecution(executionArn));
    await engine.flushed();
    assert.equal(reference.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(reference.output ?? ''), { caught: { Error: 'States.Timeout' } });
    const full = await storedHistory(store, executionArn);
    const timedOut = full.findIndex((e) => e.type === 'TaskTimedOut');
    assert.equal(full[timedOut]?.taskTimedOutEventDetails?.['error'], 'States.Timeout');
    for (let cut = timedOut + 1; cut < full.length; cut++) {
      const crashed = await storeCutAt(store, executionArn, cut);
      const later = new VirtualClock(full[cut - 1]?.timestamp ?? T0);
      const resumed = engineOn(crashed, later, silentWorker(later));
      await resumed.recover();
      const record = await later.runUntil(resumed.waitForExecution(executionArn));
      await resumed.flushed();
      const where = `cut after event ${cut} (${full[cut - 1]?.type})`;
      assert.equal(record.status, 'SUCCEEDED', where);
      assert.equal(record.output, reference.output, where);
      const events = await storedHistory(crashed, executionArn);
      assertChain(events);
      assert.deepEqual(
        events.map((e) => e.type),
        full.map((e) => e.type),
        where,
      );
    }
  });
});
