// Redriving an execution whose distributed Map failed or was stopped redrives its Map Run: the
// same run (same ARN, MapRunRedriven, redriveCount), only its children that did not succeed run
// again (AWS guide, "Redriving Map Runs"; API reference, DescribeMapRun).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  ListMapRunsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { type Api, ROLE, startApi } from './harness.ts';

const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** Each child calls `item`: it fails for odd items while `failing`, and echoes its item. */
const MAP = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        MaxConcurrency: 1,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Item',
          States: { Item: { Type: 'Task', Resource: fn('item'), End: true } },
        },
        End: true,
        ...extra,
      },
    },
  });

describe('redriving a distributed Map', () => {
  let api: Api;
  const calls: number[] = [];
  let failing = true;
  /** The child of item 99 waits until released. */
  const held: { release?: (() => void) | undefined } = {};
  /** Waits (within a bound) until item 99's child holds. */
  const waitHeld = async (): Promise<void> => {
    for (let i = 0; i < 100 && !held.release; i++) await new Promise((r) => setTimeout(r, 10));
  };
  const release = (): void => {
    const r = held.release;
    held.release = undefined;
    r?.();
  };
  before(async () => {
    api = await startApi();
    api.integrations.functions.register('item', (n: unknown) => {
      calls.push(n as number);
      if (n === 99) return new Promise((resolve) => (held.release = () => resolve(n)));
      return failing && (n as number) % 2 === 1 ? Promise.reject(new Error('odd')) : Promise.resolve(n);
    });
  });
  after(() => api.close());

  const start = async (name: string, definition: string, input: unknown) => {
    const { stateMachineArn } = await api.client.send(
      new CreateStateMachineCommand({ name, definition, roleArn: ROLE }),
    );
    const { executionArn } = await api.client.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
    );
    return executionArn!;
  };

  const types = async (executionArn: string) =>
    (await api.client.send(new GetExecutionHistoryCommand({ executionArn }))).events!;

  test('a failed run: the same Map Run again, MapRunRedriven, only the unsuccessful children', async () => {
    calls.length = 0;
    failing = true;
    const executionArn = await start('redrive-map', MAP(), [0, 1, 2, 3]);
    const failed = await api.engine.waitForExecution(executionArn);
    assert.equal(failed.status, 'FAILED');
    assert.deepEqual(calls, [0, 1]);
    const [run] = (await api.client.send(new ListMapRunsCommand({ executionArn }))).mapRuns!;
    const mapRunArn = run!.mapRunArn!;
    const before = await api.client.send(new DescribeMapRunCommand({ mapRunArn }));
    assert.equal(before.status, 'FAILED');
    assert.equal(before.redriveCount, 0);

    failing = false;
    await api.client.send(new RedriveExecutionCommand({ executionArn }));
    const done = await api.engine.waitForExecution(executionArn);
    assert.equal(done.status, 'SUCCEEDED', done.cause);
    assert.deepEqual(JSON.parse(done.output!), [0, 1, 2, 3]);
    // Item 0 succeeded before: it does not run again.
    assert.deepEqual(calls, [0, 1, 1, 2, 3]);

    const events = await types(executionArn);
    const redriven = events.findIndex((e) => e.type === 'ExecutionRedriven');
    assert.deepEqual(
      events.slice(redriven).map((e) => e.type),
      [
        'ExecutionRedriven',
        'MapRunRedriven',
        'MapRunSucceeded',
        'MapStateSucceeded',
        'MapStateExited',
        'ExecutionSucceeded',
      ],
    );
    const started = events.find((e) => e.type === 'MapRunStarted')!;
    assert.deepEqual(events[redriven + 1]!.mapRunRedrivenEventDetails, { mapRunArn, redriveCount: 1 });
    assert.equal(events[redriven + 1]!.previousEventId, started.id);
    assert.equal(events.filter((e) => e.type === 'MapRunStarted').length, 1);

    const runs = (await api.client.send(new ListMapRunsCommand({ executionArn }))).mapRuns!;
    assert.deepEqual(
      runs.map((r) => r.mapRunArn),
      [mapRunArn],
    );
    const after = await api.client.send(new DescribeMapRunCommand({ mapRunArn }));
    assert.equal(after.status, 'SUCCEEDED');
    assert.equal(after.redriveCount, 1);
    assert.ok(after.redriveDate instanceof Date);
    assert.equal(after.itemCounts?.succeeded, 4);
    assert.equal(after.itemCounts?.failed, 0);
    assert.equal(after.itemCounts?.total, 4);
  });

  test('a stopped run is redriven too; a second redrive counts 2', async () => {
    calls.length = 0;
    failing = true;
    const executionArn = await start('redrive-stopped', MAP({ ToleratedFailureCount: 5 }), [0, 99, 1]);
    await waitHeld();
    await api.client.send(new StopExecutionCommand({ executionArn }));
    assert.equal((await api.engine.waitForExecution(executionArn)).status, 'ABORTED');
    release();
    const [run] = (await api.client.send(new ListMapRunsCommand({ executionArn }))).mapRuns!;
    assert.equal(
      (await api.client.send(new DescribeMapRunCommand({ mapRunArn: run!.mapRunArn }))).status,
      'ABORTED',
    );

    // 99 holds again; stop once more, then let it through.
    await api.client.send(new RedriveExecutionCommand({ executionArn }));
    await waitHeld();
    await api.client.send(new StopExecutionCommand({ executionArn }));
    await api.engine.waitForExecution(executionArn);
    release();
    failing = false;
    const redrive = api.client.send(new RedriveExecutionCommand({ executionArn }));
    await redrive;
    await waitHeld();
    release();
    const done = await api.engine.waitForExecution(executionArn);
    assert.equal(done.status, 'SUCCEEDED', done.cause);
    assert.deepEqual(JSON.parse(done.output!), [0, 99, 1]);
    assert.equal(calls.filter((n) => n === 0).length, 1);
    const described = await api.client.send(new DescribeMapRunCommand({ mapRunArn: run!.mapRunArn }));
    assert.equal(described.redriveCount, 2);
    const counts = (await types(executionArn))
      .filter((e) => e.type === 'MapRunRedriven')
      .map((e) => e.mapRunRedrivenEventDetails?.redriveCount);
    assert.deepEqual(counts, [1, 2]);
  });
});
