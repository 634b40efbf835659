import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
  DescribeMapRunCommand,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidArn,
  InvalidDefinition,
  ListExecutionsCommand,
  ListMapRunsCommand,
  ResourceNotFound,
  StartExecutionCommand,
  StopExecutionCommand,
  UpdateMapRunCommand,
  ValidationException,
} from '@aws-sdk/client-sfn';
import { type Api, ROLE, rejection, startApi } from './harness.ts';

/** A distributed Map whose item processor starts at `Item`. */
const distributed = (states: object, extra: object = {}): string =>
  JSON.stringify({
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Item',
          States: states,
        },
        ...extra,
        End: true,
      },
    },
  });

describe('map runs through @aws-sdk/client-sfn', () => {
  let api: Api;
  before(async () => {
    api = await startApi();
  });
  after(async () => {
    await api.close();
  });

  async function run(name: string, definition: string, input: string): Promise<string> {
    const { stateMachineArn } = await api.client.send(
      new CreateStateMachineCommand({ name, definition, roleArn: ROLE }),
    );
    const { executionArn } = await api.client.send(new StartExecutionCommand({ stateMachineArn, input }));
    return executionArn!;
  }

  async function mapRunArnOf(executionArn: string): Promise<string> {
    const history = await api.client.send(new GetExecutionHistoryCommand({ executionArn }));
    const started = history.events?.find((e) => e.type === 'MapRunStarted');
    return started!.mapRunStartedEventDetails!.mapRunArn!;
  }

  test('a finished map run is listed and described with its item counts', async () => {
    const executionArn = await run(
      'fan-out',
      distributed(
        {
          Item: {
            Type: 'Choice',
            Choices: [{ Variable: '$', NumericEquals: 3, Next: 'Bad' }],
            Default: 'Good',
          },
          Good: { Type: 'Succeed' },
          Bad: { Type: 'Fail', Error: 'E' },
        },
        { ToleratedFailureCount: 1, MaxConcurrency: 2 },
      ),
      '[1, 2, 3, 4]',
    );
    await api.engine.waitForExecution(executionArn);
    const listed = await api.client.send(new ListMapRunsCommand({ executionArn }));
    assert.equal(listed.mapRuns?.length, 1);
    const mapRunArn = listed.mapRuns[0]!.mapRunArn!;
    assert.equal(mapRunArn, await mapRunArnOf(executionArn));
    assert.match(mapRunArn, /^arn:aws:states:us-east-1:123456789012:mapRun:fan-out\/Each:[0-9a-f-]{36}$/);
    assert.equal(listed.mapRuns[0]!.executionArn, executionArn);
    assert.ok(listed.mapRuns[0]!.stopDate instanceof Date);

    const d = await api.client.send(new DescribeMapRunCommand({ mapRunArn }));
    assert.equal(d.status, 'SUCCEEDED');
    assert.equal(d.executionArn, executionArn);
    assert.equal(d.maxConcurrency, 2);
    assert.equal(d.toleratedFailureCount, 1);
    assert.equal(d.toleratedFailurePercentage, 0);
    assert.deepEqual(d.itemCounts, {
      pending: 0,
      running: 0,
      succeeded: 3,
      failed: 1,
      timedOut: 0,
      aborted: 0,
      total: 4,
      resultsWritten: 3,
      failuresNotRedrivable: 0,
      pendingRedrive: 0,
    });
    assert.deepEqual(d.executionCounts, d.itemCounts);

    // Each item ran as a STANDARD child execution of `<machine>/<label>`, listed by its Map Run.
    const children = await api.client.send(new ListExecutionsCommand({ mapRunArn }));
    assert.equal(children.executions?.length, 4);
    for (const child of children.executions ?? []) {
      assert.equal(child.mapRunArn, mapRunArn);
      assert.match(child.executionArn!, /:execution:fan-out\/Each:[0-9a-f-]{36}$/);
      assert.equal(child.stateMachineArn, 'arn:aws:states:us-east-1:123456789012:stateMachine:fan-out/Each');
    }
    const failed = await api.client.send(new ListExecutionsCommand({ mapRunArn, statusFilter: 'FAILED' }));
    assert.equal(failed.executions?.length, 1);
    const child = await api.client.send(
      new DescribeExecutionCommand({ executionArn: failed.executions[0]!.executionArn }),
    );
    assert.equal(child.mapRunArn, mapRunArn);
    assert.equal(child.input, '3');
    assert.equal(child.error, 'E');
    assert.equal(child.redriveStatus, 'REDRIVABLE_BY_MAP_RUN');
    const ran = await api.client.send(
      new DescribeStateMachineForExecutionCommand({ executionArn: failed.executions[0]!.executionArn }),
    );
    assert.equal(ran.mapRunArn, mapRunArn);
    assert.equal(ran.label, 'Each');
    const parentRan = await api.client.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    assert.equal(parentRan.mapRunArn, undefined);
    assert.equal(parentRan.label, undefined);
    const history = await api.client.send(
      new GetExecutionHistoryCommand({ executionArn: failed.executions[0]!.executionArn }),
    );
    assert.deepEqual(
      history.events?.map((e) => e.type),
      ['ExecutionStarted', 'ChoiceStateEntered', 'ChoiceStateExited', 'FailStateEntered', 'ExecutionFailed'],
    );

    const closed = await rejection(
      api.client.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 5 })),
    );
    assert.ok(closed instanceof ValidationException);
  });

  test('a running map run can be updated (a raised MaxConcurrency starts more at once); stopping aborts it', async () => {
    const executionArn = await run(
      'slow-fan-out',
      distributed({ Item: { Type: 'Wait', Seconds: 30, End: true } }, { MaxConcurrency: 1 }),
      '[1, 2, 3]',
    );
    const mapRunArn = await mapRunArnOf(executionArn);
    const before = await api.client.send(new DescribeMapRunCommand({ mapRunArn }));
    assert.equal(before.itemCounts?.running, 1);
    assert.equal(before.itemCounts?.pending, 2);
    await api.client.send(
      new UpdateMapRunCommand({
        mapRunArn,
        maxConcurrency: 3,
        toleratedFailurePercentage: 12.5,
        toleratedFailureCount: 2,
      }),
    );
    const running = await api.client.send(new DescribeMapRunCommand({ mapRunArn }));
    assert.equal(running.status, 'RUNNING');
    assert.equal(running.maxConcurrency, 3);
    assert.equal(running.toleratedFailurePercentage, 12.5);
    assert.equal(running.toleratedFailureCount, 2);
    assert.equal(running.itemCounts?.running, 3, 'the raise started the two waiting items');
    assert.equal(running.itemCounts?.pending, 0);
    await api.client.send(new StopExecutionCommand({ executionArn }));
    await api.engine.waitForExecution(executionArn);
    const stopped = await api.client.send(new DescribeMapRunCommand({ mapRunArn }));
    assert.equal(stopped.status, 'ABORTED');
    assert.equal(stopped.itemCounts?.aborted, 3);
  });

  test('ItemBatcher: one child per batch of selected items, each given {BatchInput, Items}', async () => {
    const executionArn = await run(
      'batched',
      distributed(
        {
          Item: {
            Type: 'Pass',
            Parameters: {
              'count.$': 'States.ArrayLength($.Items)',
              'items.$': '$.Items',
              'run.$': '$.BatchInput.run',
            },
            End: true,
          },
        },
        {
          ItemsPath: '$.items',
          ItemSelector: { 'n.$': '$$.Map.Item.Value', 'at.$': '$$.Map.Item.Index' },
          ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'run.$': '$.run' } },
        },
      ),
      JSON.stringify({ items: [10, 20, 30, 40, 50], run: 'r1' }),
    );
    await api.engine.waitForExecution(executionArn);
    const described = await api.client.send(new DescribeExecutionCommand({ executionArn }));
    assert.equal(described.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(described.output!), [
      {
        count: 2,
        items: [
          { n: 10, at: 0 },
          { n: 20, at: 1 },
        ],
        run: 'r1',
      },
      {
        count: 2,
        items: [
          { n: 30, at: 2 },
          { n: 40, at: 3 },
        ],
        run: 'r1',
      },
      { count: 1, items: [{ n: 50, at: 4 }], run: 'r1' },
    ]);
    const history = await api.client.send(new GetExecutionHistoryCommand({ executionArn }));
    const types = history.events!.map((e) => e.type);
    assert.deepEqual(types, [
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      'MapRunSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    const mapRun = await api.client.send(
      new DescribeMapRunCommand({ mapRunArn: await mapRunArnOf(executionArn) }),
    );
    assert.equal(mapRun.executionCounts?.total, 3);
    assert.equal(mapRun.executionCounts?.succeeded, 3);
    // Items are counted as items, children (batches) as executions (API reference, DescribeMapRun).
    assert.equal(mapRun.itemCounts?.total, 5);
    assert.equal(mapRun.itemCounts?.succeeded, 5);
  });

  test('ItemReader: with no S3 reachable the Map Run fails with States.ItemReaderFailed', async () => {
    const executionArn = await run(
      'reads-s3',
      distributed(
        { Item: { Type: 'Succeed' } },
        {
          ItemReader: {
            Resource: 'arn:aws:states:::s3:getObject',
            ReaderConfig: { InputType: 'JSON' },
            Parameters: { Bucket: 'orders', Key: 'today.json' },
          },
        },
      ),
      '[1, 2, 3]',
    );
    const done = await api.engine.waitForExecution(executionArn);
    assert.equal(done.status, 'FAILED');
    assert.equal(done.error, 'States.ItemReaderFailed');
    assert.match(done.cause ?? '', /s3/i);
    const history = await api.client.send(new GetExecutionHistoryCommand({ executionArn }));
    const types = history.events!.map((e) => e.type);
    assert.ok(types.includes('MapStateStarted'));
    assert.ok(!types.includes('MapIterationStarted'), 'the state input is not iterated instead');
  });

  test('ItemBatcher: tolerated failures are counted in items, not in batches', async () => {
    // Batches of 2 over 4 items; the batch holding 3 fails: 2 items failed.
    const fails = (tolerated: number) =>
      distributed(
        {
          Item: {
            Type: 'Choice',
            Choices: [{ Variable: '$.Items[1]', NumericEquals: 4, Next: 'Bad' }],
            Default: 'Good',
          },
          Good: { Type: 'Succeed' },
          Bad: { Type: 'Fail', Error: 'E' },
        },
        { ToleratedFailureCount: tolerated, ItemBatcher: { MaxItemsPerBatch: 2 } },
      );
    const strict = await run('batched-strict', fails(1), '[1, 2, 3, 4]');
    assert.equal((await api.engine.waitForExecution(strict)).status, 'FAILED');
    const lenient = await run('batched-lenient', fails(2), '[1, 2, 3, 4]');
    assert.equal((await api.engine.waitForExecution(lenient)).status, 'SUCCEEDED');
    const d = await api.client.send(new DescribeMapRunCommand({ mapRunArn: await mapRunArnOf(lenient) }));
    assert.equal(d.itemCounts?.failed, 2);
    assert.equal(d.executionCounts?.failed, 1);
  });

  test('ItemBatcher: a bad MaxItemsPerBatchPath fails the run; an inline Map may not batch', async () => {
    const executionArn = await run(
      'batched-bad-path',
      distributed(
        { Item: { Type: 'Pass', End: true } },
        { ItemsPath: '$.items', ItemBatcher: { MaxItemsPerBatchPath: '$.n' } },
      ),
      JSON.stringify({ items: [1, 2], n: 0 }),
    );
    await api.engine.waitForExecution(executionArn);
    const described = await api.client.send(new DescribeExecutionCommand({ executionArn }));
    assert.equal(described.status, 'FAILED');
    assert.equal(described.error, 'States.Runtime');
    assert.equal(
      described.cause,
      "An error occurred while executing the state 'Each' (entered at the event id #2). " +
        'The MaxItemsPerBatchPath field refers to value "0" which is not a valid positive integer: $.n',
    );

    const inline = JSON.stringify({
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
          ItemBatcher: { MaxItemsPerBatch: 2 },
          End: true,
        },
      },
    });
    const refused = await rejection(
      api.client.send(
        new CreateStateMachineCommand({ name: 'inline-batched', definition: inline, roleArn: ROLE }),
      ),
    );
    assert.ok(refused instanceof InvalidDefinition);
    assert.match(refused.message, /Field 'ItemBatcher' is not supported/);
  });

  test('unknown map runs and executions, bad ARNs and empty updates', async () => {
    const unknown =
      'arn:aws:states:us-east-1:123456789012:mapRun:none/Each:00000000-0000-0000-0000-000000000000';
    const notFound = await rejection(api.client.send(new DescribeMapRunCommand({ mapRunArn: unknown })));
    assert.ok(notFound instanceof ResourceNotFound);
    const listNone = await rejection(api.client.send(new ListExecutionsCommand({ mapRunArn: unknown })));
    assert.ok(listNone instanceof ResourceNotFound);
    const noExecution = await rejection(
      api.client.send(
        new ListMapRunsCommand({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:none:x' }),
      ),
    );
    assert.ok(noExecution instanceof ExecutionDoesNotExist);
    const badArn = await rejection(
      api.client.send(
        new DescribeMapRunCommand({ mapRunArn: 'arn:aws:states:us-east-1:123456789012:execution:a:b' }),
      ),
    );
    assert.ok(badArn instanceof InvalidArn);
    const empty = await rejection(api.client.send(new UpdateMapRunCommand({ mapRunArn: unknown })));
    assert.ok(empty instanceof ValidationException);
    const tooHigh = await rejection(
      api.client.send(new UpdateMapRunCommand({ mapRunArn: unknown, toleratedFailurePercentage: 101 })),
    );
    assert.ok(tooHigh instanceof ValidationException);
  });
});
