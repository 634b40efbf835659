// `events:putEvents` from a workflow to an event bus of Stepwise's own: the events are matched by
// the rules on that bus (a workflow starts when another publishes an event) and never sent to
// AWS; entries for other buses still go to AWS (here an endpoint that refuses connections).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Runtime } from '../../src/server/index.ts';
import { createRuntime } from '../../src/server/index.ts';
import { CountingEntropy, VirtualClock } from '../../src/test-support/engine-harness.ts';

const ROLE = 'arn:aws:iam::123456789012:role/r';
const BUS_ARN = 'arn:aws:events:us-east-1:123456789012:event-bus/orders';
const publisher = (entries: unknown[]) =>
  JSON.stringify({
    StartAt: 'Publish',
    States: {
      Publish: {
        Type: 'Task',
        Resource: 'arn:aws:states:::events:putEvents',
        Parameters: { Entries: entries },
        End: true,
      },
    },
  });
const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });

describe('rules over events:putEvents to a local bus', () => {
  let runtime: Runtime;
  const clock = new VirtualClock(Date.UTC(2024, 0, 1));
  before(async () => {
    runtime = await createRuntime(
      {
        region: 'us-east-1',
        account: '123456789012',
        functionModules: [],
        examples: false,
        store: 'memory',
        integrations: {
          aws: {
            endpoints: { eventbridge: 'http://127.0.0.1:9' },
            credentials: { accessKeyId: 'k', secretAccessKey: 's' },
          },
        },
        triggers: {
          eventBuses: ['orders'],
          rules: [
            {
              name: 'fulfil-placed-orders',
              eventBusName: BUS_ARN,
              eventPattern: { source: ['shop.orders'], 'detail-type': ['OrderPlaced'] },
              stateMachine: 'Fulfil',
              inputPath: '$.detail',
            },
            // Status changes are on the default bus: this rule never sees the published events.
            { name: 'on-default', eventPattern: { source: ['shop.orders'] }, stateMachine: 'Audit' },
          ],
        },
      },
      { clock, entropy: new CountingEntropy() },
    );
    for (const name of ['Fulfil', 'Audit'])
      runtime.engine.createStateMachine({ name, definition: PASS, roleArn: ROLE });
  });
  after(() => runtime.shutdown());

  async function run(name: string, entries: unknown[], input: object = {}) {
    const machine = runtime.engine.createStateMachine({
      name,
      definition: publisher(entries),
      roleArn: ROLE,
    });
    const { executionArn } = runtime.engine.startExecution({
      stateMachineArn: machine.stateMachineArn,
      input: JSON.stringify(input),
    });
    return clock.runUntil(runtime.engine.waitForExecution(executionArn));
  }

  async function executionsOf(name: string, count: number) {
    const arn = runtime.engine.stateMachineArn(name);
    for (let i = 0; i < 100 && runtime.engine.listExecutions(arn).length < count; i++)
      await clock.advance(100);
    return runtime.engine.listExecutions(arn);
  }

  it('starts the rule target with the event; the task gets PutEvents answer', async () => {
    const done = await run(
      'Shop',
      [
        { EventBusName: 'orders', Source: 'shop.orders', DetailType: 'OrderPlaced', 'Detail.$': '$' },
        { EventBusName: BUS_ARN, Source: 'shop.orders', DetailType: 'OrderShipped', Detail: { x: 1 } },
      ],
      { orderId: 'o-1' },
    );
    assert.equal(done.status, 'SUCCEEDED');
    const output = JSON.parse(done.output ?? '{}') as {
      Entries: { EventId: string }[];
      FailedEntryCount: number;
    };
    assert.equal(output.FailedEntryCount, 0);
    assert.equal(output.Entries.length, 2);
    assert.ok(output.Entries.every((e) => typeof e.EventId === 'string'));
    const [fulfil, ...more] = await executionsOf('Fulfil', 1);
    assert.equal(more.length, 0, 'OrderShipped does not match the pattern');
    assert.deepEqual(JSON.parse(runtime.engine.describeExecution(fulfil!.executionArn).input), {
      orderId: 'o-1',
    });
    await clock.advance(1000);
    assert.equal(runtime.engine.listExecutions(runtime.engine.stateMachineArn('Audit')).length, 0);
  });

  it('a malformed entry fails the task with EventBridge.FailedEntry; the valid one is still put', async () => {
    const done = await run('Partial', [
      { EventBusName: 'orders', DetailType: 'OrderPlaced', Detail: {} },
      {
        EventBusName: 'orders',
        Source: 'shop.orders',
        DetailType: 'OrderPlaced',
        Detail: { orderId: 'o-2' },
      },
    ]);
    assert.equal(done.status, 'FAILED');
    assert.equal(done.error, 'EventBridge.FailedEntry');
    const cause = JSON.parse(done.cause ?? '{}') as { FailedEntryCount: number; Entries: unknown[] };
    assert.equal(cause.FailedEntryCount, 1);
    assert.deepEqual(cause.Entries[0], {
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Parameter(s) Source is(are) missing.',
    });
    const runs = await executionsOf('Fulfil', 2);
    assert.equal(runs.length, 2);
  });

  it('entries for other buses go to AWS; a task mixing both is refused', async () => {
    const remote = await run('Remote', [
      { EventBusName: 'elsewhere', Source: 's', DetailType: 'd', Detail: {} },
    ]);
    assert.equal(remote.status, 'FAILED');
    assert.notEqual(remote.error, 'EventBridge.FailedEntry');
    assert.match(remote.cause ?? '', /ECONNREFUSED|connect/i);
    const mixed = await run('Mixed', [
      { EventBusName: 'orders', Source: 's', DetailType: 'd', Detail: {} },
      { Source: 's', DetailType: 'd', Detail: {} },
    ]);
    assert.equal(mixed.status, 'FAILED');
    assert.equal(mixed.error, 'States.TaskFailed');
    assert.match(mixed.cause ?? '', /mixes Stepwise's own event buses \(orders\) with AWS ones/);
  });
});
