// Activities and task tokens across a restart on the SQLite store: the activity is still there,
// and a worker that took a task before the restart can still answer it — the re-run task waits
// on the same token (tokens derive from the execution and the state visit).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEFAULTS } from '../../src/config/index.ts';
import { createRuntime } from '../../src/server/index.ts';
import { eventually } from './support.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-activities-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const open = () =>
  createRuntime({ ...DEFAULTS, examples: false, functionModules: [], store: 'sqlite', dataDir });

describe('activities across a restart (sqlite store)', () => {
  it('keeps the activity, and the token a worker holds still answers the task', async () => {
    const first = await open();
    const { activityArn } = first.engine.taskControl.createActivity('durable-approvals');
    const sm = first.engine.createStateMachine({
      name: 'durable-activity',
      roleArn: 'arn:aws:iam::123456789012:role/x',
      definition: JSON.stringify({
        StartAt: 'Approve',
        States: { Approve: { Type: 'Task', Resource: activityArn, End: true } },
      }),
    });
    const { executionArn } = first.engine.startExecution({
      stateMachineArn: sm.stateMachineArn,
      input: '{"n":1}',
    });
    const task = await first.engine.taskControl.getActivityTask(
      activityArn,
      'w1',
      new AbortController().signal,
      5000,
    );
    assert.ok(task, 'the worker got the task');
    await eventually(() =>
      Promise.resolve(
        first.engine.getExecutionHistory(executionArn).some((e) => e.type === 'ActivityStarted') || undefined,
      ),
    );
    await first.shutdown();

    const second = await open();
    try {
      assert.equal(second.engine.taskControl.describeActivity(activityArn).name, 'durable-approvals');
      // The resumed execution re-runs the unanswered task, which waits on the same token.
      await eventually(() => {
        try {
          void second.engine.taskControl.sendTaskHeartbeat(task.taskToken);
          return Promise.resolve(true);
        } catch {
          return Promise.resolve(undefined);
        }
      });
      await second.engine.taskControl.sendTaskSuccess(task.taskToken, '{"approved":true}');
      const done = await second.engine.waitForExecution(executionArn);
      assert.equal(done.status, 'SUCCEEDED');
      assert.equal(done.output, '{"approved":true}');
    } finally {
      await second.shutdown();
    }
  });
});
