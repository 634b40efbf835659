// HeartbeatSeconds is a timer of the engine, like Wait, Retry and TimeoutSeconds: the activity
// integration only reports when a worker takes the task and each SendTaskHeartbeat, so virtual
// time alone drives a missed heartbeat (no real sleeping).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Integrations } from '../../src/integrations/drivers.ts';
import { engineOn, VirtualClock } from '../../src/test-support/engine-harness.ts';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);

describe('HeartbeatSeconds on virtual time', () => {
  it('each heartbeat restarts the clock; HeartbeatSeconds after the last one the task times out', async () => {
    const clock = new VirtualClock(T0);
    const integrations = new Integrations({ region: 'us-east-1', account: '123456789012' });
    const engine = engineOn(undefined, clock, integrations, {
      activities: integrations.activities,
      callbacks: integrations.callbacks,
    });
    const { activityArn } = engine.taskControl.createActivity('slow-worker');
    const sm = engine.createStateMachine({
      name: 'beats',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      definition: JSON.stringify({
        StartAt: 'Work',
        States: {
          Work: {
            Type: 'Task',
            Resource: activityArn,
            HeartbeatSeconds: 10,
            Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], ResultPath: '$.caught', Next: 'Late' }],
            End: true,
          },
          Late: { Type: 'Pass', End: true },
        },
      }),
    });
    const { executionArn } = engine.startExecution({ stateMachineArn: sm.stateMachineArn, input: '{}' });
    await clock.advance(0);
    const task = await engine.taskControl.getActivityTask(activityArn, 'w1', new AbortController().signal);
    assert.ok(task, 'the worker took the task');
    const types = (): string[] => engine.getExecutionHistory(executionArn).map((e) => e.type);

    // Three beats, 9 virtual seconds apart: never 10 seconds without one.
    for (let beat = 0; beat < 3; beat++) {
      await clock.advance(9_000);
      await engine.taskControl.sendTaskHeartbeat(task.taskToken);
    }
    await clock.advance(9_999);
    assert.ok(!types().includes('ActivityTimedOut'), 'alive 9.999 s after the last heartbeat');

    await clock.advance(1);
    const done = await engine.waitForExecution(executionArn);
    assert.equal(done.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(done.output ?? ''), { caught: { Error: 'States.Timeout' } });
    const events = engine.getExecutionHistory(executionArn);
    const timedOut = events.find((e) => e.type === 'ActivityTimedOut');
    assert.deepEqual(timedOut?.activityTimedOutEventDetails, { error: 'States.Timeout' });
    // 3 × 9 s of beats, then the 10 s of HeartbeatSeconds since the last one.
    assert.equal(timedOut?.timestamp, T0 + 37_000);
    assert.throws(() => engine.taskControl.sendTaskSuccess(task.taskToken, '{}'), { code: 'TaskTimedOut' });
  });
});
