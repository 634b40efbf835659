// A distributed Map's items run as child workflow executions (AWS guide, "Distributed mode",
// "Viewing a Distributed Map Run"): STANDARD children are listed by their Map Run and described
// with it; EXPRESS ones are not kept; stopping the parent aborts its children; items read by an
// ItemReader are handed over in parts while the children run, batches and $$.Map.Item.Index
// unbroken across the parts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { ROLE, rejection } from '../api/harness.ts';
import { eventually } from '../integrations/support.ts';
import type { S3Setup } from './s3-support.ts';
import { BUCKET, distributed, getObject, runMap, startS3Setup } from './s3-support.ts';

let s3: S3Setup;
before(async () => {
  s3 = await startS3Setup();
});
after(() => s3.close());

const express = (states: Record<string, unknown> = { Pass: { Type: 'Pass', End: true } }) => ({
  ...distributed(states),
  ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
});

describe('child workflow executions', () => {
  it('EXPRESS children are neither listed nor described; their ARNs are express ones', async () => {
    const r = await runMap(
      s3.api,
      {
        Type: 'Map',
        Label: 'Quick',
        ItemProcessor: express(),
        ResultWriter: { WriterConfig: { Transformation: 'NONE', OutputType: 'JSON' } },
      },
      ['a', 'b', 'c'],
    );
    assert.equal(r.description.status, 'SUCCEEDED', r.description.cause);
    const children = r.output as { ExecutionArn: string; Name: string; Output: string }[];
    assert.deepEqual(
      children.map((c) => c.Output),
      ['"a"', '"b"', '"c"'],
    );
    for (const c of children) {
      assert.match(c.ExecutionArn, /:express:dmap-\d+\/Quick:[0-9a-f-]{36}:[0-9a-f-]{36}$/);
      assert.equal(c.ExecutionArn.split(':')[7], c.Name);
    }
    const mapRunArn = r.events.find((e) => e.type === 'MapRunStarted')!.mapRunStartedEventDetails!.mapRunArn!;
    const listed = await s3.api.client.send(new ListExecutionsCommand({ mapRunArn }));
    assert.deepEqual(listed.executions, []);
    const described = await rejection(
      s3.api.client.send(new DescribeExecutionCommand({ executionArn: children[0]!.ExecutionArn })),
    );
    // As for any Express execution: the API does not describe them (DESIGN.md decision 5).
    assert.equal((described as Error).name, 'InvalidArn', String(described));
  });

  it('stopping the parent aborts its running children; children never started are not executions', async () => {
    const { stateMachineArn } = await s3.api.client.send(
      new CreateStateMachineCommand({
        name: 'stop-children',
        roleArn: ROLE,
        definition: JSON.stringify({
          StartAt: 'Fan',
          States: {
            Fan: {
              Type: 'Map',
              MaxConcurrency: 2,
              ItemProcessor: distributed({ Nap: { Type: 'Wait', Seconds: 60, End: true } }),
              End: true,
            },
          },
        }),
      }),
    );
    const { executionArn } = await s3.api.client.send(
      new StartExecutionCommand({ stateMachineArn, input: '[1, 2, 3]' }),
    );
    const mapRunArn = await eventually(async () => {
      const runs = await s3.api.client.send(new ListMapRunsCommand({ executionArn }));
      const arn = runs.mapRuns?.[0]?.mapRunArn;
      if (!arn) return undefined;
      const run = await s3.api.client.send(new DescribeMapRunCommand({ mapRunArn: arn }));
      return run.executionCounts?.running === 2 ? arn : undefined;
    });
    const running = await s3.api.client.send(
      new ListExecutionsCommand({ mapRunArn, statusFilter: 'RUNNING' }),
    );
    assert.equal(running.executions?.length, 2);
    await s3.api.client.send(new StopExecutionCommand({ executionArn }));
    await s3.api.engine.waitForExecution(executionArn!);
    const children = await eventually(async () => {
      const listed = await s3.api.client.send(new ListExecutionsCommand({ mapRunArn }));
      return listed.executions?.every((c) => c.status === 'ABORTED') ? listed.executions : undefined;
    });
    assert.equal(children.length, 2);
    const run = await s3.api.client.send(new DescribeMapRunCommand({ mapRunArn }));
    assert.equal(run.status, 'ABORTED');
  });

  it('MaxConcurrency 0 runs every child at once (no limit below 10,000)', async () => {
    const items = Array.from({ length: 40 }, (_, i) => i);
    const { stateMachineArn } = await s3.api.client.send(
      new CreateStateMachineCommand({
        name: 'all-at-once',
        roleArn: ROLE,
        definition: JSON.stringify({
          StartAt: 'Fan',
          States: {
            Fan: {
              Type: 'Map',
              ItemProcessor: distributed({ Nap: { Type: 'Wait', Seconds: 60, End: true } }),
              End: true,
            },
          },
        }),
      }),
    );
    const { executionArn } = await s3.api.client.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(items) }),
    );
    const run = await eventually(async () => {
      const runs = await s3.api.client.send(new ListMapRunsCommand({ executionArn }));
      const arn = runs.mapRuns?.[0]?.mapRunArn;
      const described = arn && (await s3.api.client.send(new DescribeMapRunCommand({ mapRunArn: arn })));
      return described && described.executionCounts?.running === items.length ? described : undefined;
    });
    assert.equal(run.maxConcurrency, 0);
    await s3.api.client.send(new StopExecutionCommand({ executionArn }));
  });
});

describe('items streamed from the ItemReader', () => {
  it('batches and $$.Map.Item.Index run on unbroken across the parts the reader hands over', async () => {
    // 1,234 rows: more than one part (500 items) of the reader.
    const rows = Array.from({ length: 1234 }, (_, i) => `${i},row-${i}`);
    await s3.put('many.csv', `n,name\n${rows.join('\n')}\n`);
    const r = await runMap(
      s3.api,
      {
        Type: 'Map',
        MaxConcurrency: 50,
        ItemReader: {
          Resource: getObject,
          ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
          Parameters: { Bucket: BUCKET, Key: 'many.csv' },
        },
        ItemSelector: { 'n.$': '$$.Map.Item.Value.n', 'index.$': '$$.Map.Item.Index' },
        ItemBatcher: { MaxItemsPerBatch: 7 },
        ItemProcessor: express({ Count: { Type: 'Pass', End: true } }),
        ResultWriter: { WriterConfig: { Transformation: 'COMPACT', OutputType: 'JSON' } },
      },
      {},
    );
    assert.equal(r.description.status, 'SUCCEEDED', r.description.cause);
    const batches = r.output as { Items: { n: string; index: number }[] }[];
    assert.equal(batches.length, Math.ceil(1234 / 7));
    assert.ok(batches.slice(0, -1).every((b) => b.Items.length === 7));
    const all = batches.flatMap((b) => b.Items);
    assert.deepEqual(
      all.map((i) => [Number(i.n), i.index]),
      rows.map((_, i) => [i, i]),
    );
  });
});
