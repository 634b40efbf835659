// A `.sync` task resumed after a restart looks at the job it had submitted (its recorded
// TaskSubmitted output reaches the integration) instead of submitting another one; resumed before
// the submission was recorded, it starts the job as a first run does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStore } from '../../src/store/drivers.ts';
import type { TaskRequest } from '../../src/integrations/index.ts';
import { storeCutAt, storedHistory } from '../support/crash-cut.ts';
import { assertChain, engineOn, ScriptedTasks, VirtualClock } from '../../src/test-support/engine-harness.ts';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);

const DEFINITION = JSON.stringify({
  StartAt: 'Job',
  States: {
    Job: {
      Type: 'Task',
      Resource: 'arn:aws:states:::batch:submitJob.sync',
      Parameters: { JobName: 'nightly', JobQueue: 'q', JobDefinition: 'd' },
      End: true,
    },
  },
});

/** A job service: submits `j-<n>` unless resumed, then reports the job it looks at as done. */
function jobService(): ScriptedTasks {
  return new ScriptedTasks((request: TaskRequest, call) => {
    const job = request.resumeSubmitted ?? { JobId: `j-${call + 1}` };
    request.progress?.submitted(job);
    return { ok: true, output: { job, Status: 'SUCCEEDED' } };
  });
}

describe('a .sync task resumed from its history', () => {
  it('keeps the job it submitted, whatever event the process died after', async () => {
    const store = new MemoryStore();
    const clock = new VirtualClock(T0);
    const engine = engineOn(store, clock, jobService());
    const sm = engine.createStateMachine({
      name: 'M',
      definition: DEFINITION,
      roleArn: 'arn:aws:iam::123456789012:role/r',
    });
    const { executionArn } = engine.startExecution({ stateMachineArn: sm.stateMachineArn, name: 'e' });
    const reference = await clock.runUntil(engine.waitForExecution(executionArn));
    await engine.flushed();
    assert.equal(reference.status, 'SUCCEEDED');
    const full = await storedHistory(store, executionArn);
    const submittedAt = full.findIndex((e) => e.type === 'TaskSubmitted');
    assert.ok(submittedAt > 0);
    const succeededAt = full.findIndex((e) => e.type === 'TaskSucceeded');
    for (let cut = submittedAt - 1; cut <= succeededAt; cut++) {
      const crashed = await storeCutAt(store, executionArn, cut);
      const later = new VirtualClock(full[cut - 1]?.timestamp ?? T0);
      const tasks = jobService();
      const resumed = engineOn(crashed, later, tasks);
      await resumed.recover();
      const record = await later.runUntil(resumed.waitForExecution(executionArn));
      await resumed.flushed();
      const where = `cut after event ${cut} (${full[cut - 1]?.type})`;
      assert.equal(record.status, 'SUCCEEDED', where);
      assert.equal(record.output, reference.output, where);
      const submittedBefore = cut > submittedAt;
      assert.deepEqual(
        tasks.calls.map((c) => c.resumeSubmitted),
        submittedBefore ? [{ JobId: 'j-1' }] : [undefined],
        where,
      );
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
