// A parent waiting on a nested execution (states:startExecution.sync) across a restart: stopping
// the server must leave the child open (not abort it as a stopped parent would), and the restarted
// server must resume the parent with the same child, not start that child a second time.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Runtime } from '../../src/server/index.ts';
import { createRuntime } from '../../src/server/index.ts';
import { openStore } from '../../src/store/drivers.ts';
import { CountingEntropy, VirtualClock } from '../../src/test-support/engine-harness.ts';

const ARN = 'arn:aws:states:us-east-1:123456789012';
const PARENT = `${ARN}:execution:Parent:p`;
const CHILD = `${ARN}:execution:Child:p-child`;

async function runtimeOn(dir: string, clock: VirtualClock): Promise<Runtime> {
  const runtime = await createRuntime(
    {
      region: 'us-east-1',
      account: '123456789012',
      functionModules: [],
      examples: false,
      integrations: {},
      store: 'sqlite',
      dataDir: dir,
    },
    { clock, entropy: new CountingEntropy() },
  );
  runtime.integrations.functions.register('double', (e) => ({ n: (e as { n: number }).n * 2 }));
  return runtime;
}

describe('nested executions across a restart', () => {
  it(
    'the child stays open at shutdown and the resumed parent waits for that same child',
    { timeout: 30_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'stepwise-nested-'));
      try {
        const clock = new VirtualClock();
        const first = await runtimeOn(dir, clock);
        const role = `arn:aws:iam::123456789012:role/r`;
        first.engine.createStateMachine({
          name: 'Child',
          roleArn: role,
          definition: JSON.stringify({
            StartAt: 'Nap',
            States: {
              Nap: { Type: 'Wait', Seconds: 20, Next: 'Double' },
              Double: {
                Type: 'Task',
                Resource: 'arn:aws:states:::lambda:invoke',
                Parameters: { FunctionName: 'double', 'Payload.$': '$' },
                OutputPath: '$.Payload',
                End: true,
              },
            },
          }),
        });
        first.engine.createStateMachine({
          name: 'Parent',
          roleArn: role,
          definition: JSON.stringify({
            StartAt: 'Call',
            States: {
              Call: {
                Type: 'Task',
                Resource: 'arn:aws:states:::states:startExecution.sync:2',
                Parameters: {
                  StateMachineArn: `${ARN}:stateMachine:Child`,
                  'Name.$': "States.Format('{}-child', $$.Execution.Name)",
                  'Input.$': '$',
                },
                OutputPath: '$.Output',
                End: true,
              },
            },
          }),
        });
        first.engine.startExecution({
          stateMachineArn: `${ARN}:stateMachine:Parent`,
          name: 'p',
          input: '{"n":4}',
        });
        await clock.advance(10_000);
        await first.shutdown();

        const stopped = await openStore({ store: 'sqlite', dataDir: dir });
        assert.equal((await stopped.getExecution(CHILD))?.status, 'RUNNING');
        assert.deepEqual(
          (await stopped.getHistory(CHILD)).map((e) => e.data['type']),
          ['ExecutionStarted', 'WaitStateEntered'],
        );
        await stopped.close();

        const later = new VirtualClock(clock.now() + 1000);
        const second = await runtimeOn(dir, later);
        try {
          assert.equal(second.resumed, 2);
          const parent = await later.runUntil(second.engine.waitForExecution(PARENT));
          await second.engine.flushed();
          assert.equal(parent.status, 'SUCCEEDED');
          assert.equal(parent.output, '{"n":8}');
          const child = (await second.engine.readExecutionHistory(CHILD)).map((e) => e.type);
          assert.equal(child.filter((t) => t === 'ExecutionStarted').length, 1);
          assert.equal(child.at(-1), 'ExecutionSucceeded');
        } finally {
          await second.shutdown();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
