// The bundled nightly schedule loads with `npm start`'s defaults (examples on) and fires on time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRuntime, DEFAULTS } from '../../src/server/index.ts';
import { CountingEntropy, VirtualClock } from '../../src/test-support/engine-harness.ts';

describe('the nightly-cleanup example', () => {
  it('is scheduled at 02:00 Berlin time and runs then, named for the night', async () => {
    const clock = new VirtualClock(Date.UTC(2024, 0, 1, 0, 0));
    const runtime = await createRuntime(
      { ...DEFAULTS, store: 'memory' },
      { clock, entropy: new CountingEntropy() },
    );
    try {
      const schedule = await runtime.triggers.schedules.get('default', 'nightly-cleanup');
      assert.equal(schedule?.ScheduleExpression, 'cron(0 2 * * ? *)');
      assert.equal(schedule?.ScheduleExpressionTimezone, 'Europe/Berlin');
      await clock.advance(60 * 60_000 + 1000);
      const arn = runtime.engine.stateMachineArn('nightly-cleanup');
      const [run] = runtime.engine.listExecutions(arn);
      assert.equal(run?.name, 'nightly-cleanup-20240101T010000Z');
      const done = await clock.runUntil(runtime.engine.waitForExecution(run.executionArn));
      assert.equal(done.status, 'SUCCEEDED');
      assert.deepEqual(JSON.parse(done.output ?? '{}'), {
        job: 'nightly-cleanup',
        run: 'nightly-cleanup-20240101T010000Z',
        startedAt: '2024-01-01T01:00:00.000Z',
        retentionDays: 30,
        removeOlderThan: '2023-12-02T01:00:00.000Z',
      });
    } finally {
      await runtime.shutdown();
    }
  });
});
