// AWS's quota on Standard executions: 25,000 history events.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { engineOn, VirtualClock } from '../../src/test-support/engine-harness.ts';

const ROLE = 'arn:aws:iam::123456789012:role/r';

it('fails an execution with States.Runtime when its history reaches 25,000 events', async () => {
  const clock = new VirtualClock();
  const e = engineOn(undefined, clock);
  // A loop AWS accepts: a Choice that could end but never does.
  const loop = {
    StartAt: 'A',
    States: {
      A: { Type: 'Pass', Next: 'B' },
      B: {
        Type: 'Choice',
        Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'End' }],
        Default: 'A',
      },
      End: { Type: 'Succeed' },
    },
  };
  const sm = e.createStateMachine({ name: 'loop', definition: JSON.stringify(loop), roleArn: ROLE });
  const { executionArn } = e.startExecution({ stateMachineArn: sm.stateMachineArn });
  const record = await clock.runUntil(e.waitForExecution(executionArn));
  assert.equal(record.status, 'FAILED');
  assert.equal(record.error, 'States.Runtime');
  const events = await e.readExecutionHistory(executionArn);
  assert.equal(events.length, 25_000);
  assert.deepEqual(
    { ...events.at(-1), timestamp: 0 },
    {
      id: 25_000,
      previousEventId: 24_999,
      timestamp: 0,
      type: 'ExecutionFailed',
      executionFailedEventDetails: {
        error: 'States.Runtime',
        cause: 'The execution reached the maximum number of history events (25000).',
      },
    },
  );
});
