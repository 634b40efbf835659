// A rule runs a clean-up workflow when an order workflow fails (the example).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRuntime } from '../../src/server/index.ts';
import { CountingEntropy, VirtualClock } from '../../src/test-support/engine-harness.ts';

const ROLE = 'arn:aws:iam::123456789012:role/r';
const CHOOSE = JSON.stringify({
  StartAt: 'Stock',
  States: {
    Stock: {
      Type: 'Choice',
      Choices: [{ Variable: '$.inStock', BooleanEquals: true, Next: 'Ship' }],
      Default: 'Lost',
    },
    Ship: { Type: 'Pass', End: true },
    Lost: { Type: 'Fail', Error: 'Order.Lost', Cause: 'out of stock' },
  },
});
const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });

describe('rules over status-change events', () => {
  it('start the target with the transformed event when the pattern matches, once per event', async () => {
    const clock = new VirtualClock();
    const runtime = await createRuntime(
      {
        region: 'us-east-1',
        account: '123456789012',
        functionModules: [],
        examples: false,
        integrations: {},
        store: 'memory',
        triggers: {
          rules: [
            {
              name: 'cleanup-failed-orders',
              eventPattern: {
                source: ['aws.states'],
                'detail-type': ['Step Functions Execution Status Change'],
                detail: {
                  status: ['FAILED', 'TIMED_OUT'],
                  stateMachineArn: [{ suffix: ':stateMachine:Orders' }],
                },
              },
              stateMachine: 'Cleanup',
              inputTransformer: {
                InputPathsMap: { order: '$.detail.name', error: '$.detail.error' },
                InputTemplate: '{"order": <order>, "reason": "<error>"}',
              },
            },
          ],
        },
      },
      { clock, entropy: new CountingEntropy() },
    );
    try {
      const orders = runtime.engine.createStateMachine({ name: 'Orders', definition: CHOOSE, roleArn: ROLE });
      const cleanup = runtime.engine.createStateMachine({ name: 'Cleanup', definition: PASS, roleArn: ROLE });
      for (const [name, inStock] of [
        ['ok', true],
        ['lost-1', false],
        ['lost-2', false],
      ] as const)
        await runtime.engine.waitForExecution(
          runtime.engine.startExecution({
            stateMachineArn: orders.stateMachineArn,
            name,
            input: JSON.stringify({ inStock }),
          }).executionArn,
        );
      for (let i = 0; i < 50 && runtime.engine.listExecutions(cleanup.stateMachineArn).length < 2; i++)
        await clock.advance(100);
      const runs = runtime.engine.listExecutions(cleanup.stateMachineArn);
      assert.deepEqual(
        runs
          .map((r) => JSON.parse(runtime.engine.describeExecution(r.executionArn).input) as unknown)
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        [
          { order: 'lost-1', reason: 'Order.Lost' },
          { order: 'lost-2', reason: 'Order.Lost' },
        ],
      );
      assert.ok(runs.every((r) => /^cleanup-failed-orders-[0-9a-f]{16}$/.test(r.name)));
      const ruleStatus = () =>
        runtime.triggers.webhookStatus().find((s) => s.webhook === 'rule:cleanup-failed-orders');
      for (let i = 0; i < 50 && ruleStatus()?.pending !== 0; i++) await clock.advance(100);
      const status = ruleStatus();
      assert.deepEqual([status?.pending, status?.delivered], [0, 2]);
    } finally {
      await runtime.shutdown();
    }
  });
});
