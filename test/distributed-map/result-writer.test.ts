// A distributed Map's ResultWriter against s3rver, end to end through the API: the state output
// and manifest key AWS recorded (LocalStack's test_map_state_result_writer), the files and
// transformations AWS documents ("ResultWriter (Map)").
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { S3Setup } from './s3-support.ts';
import { BUCKET, distributed, runMap, startS3Setup } from './s3-support.ts';

let s3: S3Setup;
before(async () => {
  s3 = await startS3Setup();
});
after(() => s3.close());

const putObject = 'arn:aws:states:::s3:putObject';

interface Manifest {
  DestinationBucket: string;
  MapRunArn: string;
  ResultFiles: Record<'FAILED' | 'PENDING' | 'SUCCEEDED', Array<{ Key: string; Size: number }>>;
}

interface Written {
  MapRunArn: string;
  ResultWriterDetails: { Bucket: string; Key: string };
}

const exported = (writer: Record<string, unknown> = {}) => ({
  Resource: putObject,
  Parameters: { Bucket: BUCKET, Prefix: 'mapJobs' },
  ...writer,
});

/** Odd numbers fail (States.TaskFailed-like Fail state), even ones succeed with {n}. */
const oddFails = distributed({
  Check: {
    Type: 'Choice',
    Choices: [{ Variable: '$.odd', BooleanEquals: true, Next: 'Bad' }],
    Default: 'Good',
  },
  Bad: { Type: 'Fail', Error: 'Odd', Cause: 'odd number' },
  Good: { Type: 'Pass', Parameters: { 'n.$': '$.n' }, End: true },
});

describe('ResultWriter exporting to S3', () => {
  it('the state output names the manifest; SUCCEEDED_0.json holds each child with its metadata (NONE)', async () => {
    const r = await runMap(
      s3.api,
      { Type: 'Map', Label: 'TestMap', ItemProcessor: distributed(), ResultWriter: exported() },
      ['Hello', 'World'],
    );
    assert.equal(r.description.status, 'SUCCEEDED', r.description.cause);
    const out = r.output as Written;
    const runId = out.MapRunArn.split(':').at(-1)!;
    assert.match(out.MapRunArn, /^arn:aws:states:us-east-1:\d{12}:mapRun:dmap-\d+\/TestMap:[0-9a-f-]{36}$/);
    assert.deepEqual(out.ResultWriterDetails, { Bucket: BUCKET, Key: `mapJobs/${runId}/manifest.json` });
    assert.deepEqual(r.types.slice(2, 6), [
      'MapStateStarted',
      'MapRunStarted',
      'MapRunSucceeded',
      'MapStateSucceeded',
    ]);
    const manifest = JSON.parse(await s3.get(out.ResultWriterDetails.Key)) as Manifest;
    assert.equal(manifest.DestinationBucket, BUCKET);
    assert.equal(manifest.MapRunArn, out.MapRunArn);
    assert.deepEqual(manifest.ResultFiles.FAILED, []);
    assert.deepEqual(manifest.ResultFiles.PENDING, []);
    const [succeeded] = manifest.ResultFiles.SUCCEEDED;
    assert.equal(succeeded!.Key, `mapJobs/${runId}/SUCCEEDED_0.json`);
    const body = await s3.get(succeeded!.Key);
    assert.equal(succeeded!.Size, Buffer.byteLength(body));
    const children = JSON.parse(body) as Array<Record<string, unknown>>;
    assert.deepEqual(
      children.map((c) => [c['Input'], c['Output'], c['Status']]),
      [
        ['"Hello"', '"Hello"', 'SUCCEEDED'],
        ['"World"', '"World"', 'SUCCEEDED'],
      ],
    );
    const first = children[0]!;
    assert.deepEqual(first['InputDetails'], { Included: true });
    assert.deepEqual(first['OutputDetails'], { Included: true });
    assert.match(first['ExecutionArn'] as string, /:execution:dmap-\d+\/TestMap:/);
    assert.match(first['StateMachineArn'] as string, /:stateMachine:dmap-\d+\/TestMap$/);
    assert.match(first['StartDate'] as string, /^\d{4}-\d\d-\d\dT/);
    assert.match(first['StopDate'] as string, /^\d{4}-\d\d-\d\dT/);
  });

  it('tolerated failures go to FAILED_0.json with Error and Cause; COMPACT JSONL successes are the outputs', async () => {
    const items = [0, 1, 2, 3].map((n) => ({ n, odd: n % 2 === 1 }));
    const r = await runMap(
      s3.api,
      {
        Type: 'Map',
        ToleratedFailurePercentage: 50,
        ItemProcessor: oddFails,
        ResultWriter: exported({ WriterConfig: { OutputType: 'JSONL', Transformation: 'COMPACT' } }),
      },
      items,
    );
    assert.equal(r.description.status, 'SUCCEEDED', r.description.cause);
    const manifest = JSON.parse(await s3.get((r.output as Written).ResultWriterDetails.Key)) as Manifest;
    const succeeded = await s3.get(manifest.ResultFiles.SUCCEEDED[0]!.Key);
    assert.match(manifest.ResultFiles.SUCCEEDED[0]!.Key, /SUCCEEDED_0\.jsonl$/);
    assert.deepEqual(
      succeeded
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
      [{ n: 0 }, { n: 2 }],
    );
    const failed = (await s3.get(manifest.ResultFiles.FAILED[0]!.Key))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      failed.map((f) => [f['Status'], f['Error'], f['Cause'], f['Input']]),
      [
        ['FAILED', 'Odd', 'odd number', '{"n":1,"odd":true}'],
        ['FAILED', 'Odd', 'odd number', '{"n":3,"odd":true}'],
      ],
    );
    assert.ok(!('Output' in failed[0]!));
  });

  it('a run over its failure threshold still writes its results; children never started are PENDING', async () => {
    const items = [1, 2, 3, 4].map((n) => ({ n, odd: n % 2 === 1 }));
    const r = await runMap(
      s3.api,
      { Type: 'Map', MaxConcurrency: 1, ItemProcessor: oddFails, ResultWriter: exported() },
      items,
    );
    assert.equal(r.description.status, 'FAILED');
    assert.equal(r.description.error, 'States.ExceedToleratedFailureThreshold');
    const started = r.events.find((e) => e.type === 'MapRunStarted')!.mapRunStartedEventDetails!.mapRunArn!;
    const runId = started.split(':').at(-1)!;
    const manifest = JSON.parse(await s3.get(`mapJobs/${runId}/manifest.json`)) as Manifest;
    assert.deepEqual(manifest.ResultFiles.SUCCEEDED, []);
    assert.equal(manifest.ResultFiles.FAILED.length, 1);
    const pending = JSON.parse(await s3.get(manifest.ResultFiles.PENDING[0]!.Key)) as Array<
      Record<string, unknown>
    >;
    assert.deepEqual(
      pending.map((p) => [p['Status'], p['Input']]),
      [
        ['PENDING', '{"n":2,"odd":false}'],
        ['PENDING', '{"n":3,"odd":true}'],
        ['PENDING', '{"n":4,"odd":false}'],
      ],
    );
  });

  it('a bucket that does not exist fails the Map Run with States.ResultWriterFailed', async () => {
    const r = await runMap(
      s3.api,
      {
        Type: 'Map',
        ItemProcessor: distributed(),
        ResultWriter: { Resource: putObject, Parameters: { Bucket: 'no-such-bucket', Prefix: 'x' } },
      },
      [1],
    );
    assert.equal(r.description.status, 'FAILED');
    assert.equal(r.description.error, 'States.ResultWriterFailed');
    assert.match(r.description.cause ?? '', /bucket/i);
    assert.deepEqual(r.types.slice(-3), ['MapRunFailed', 'MapStateFailed', 'ExecutionFailed']);
  });

  it('a results file larger than one part goes up in parts (a multipart upload) and reads back whole', async () => {
    // 120 outputs of ~90 KB each: ~11 MB of COMPACT results, more than two 5 MiB parts.
    const range = (from: number) => `States.ArrayRange(${from}, ${from + 999}, 1)`;
    const wide = Object.fromEntries(Array.from({ length: 12 }, (_, k) => [`k${k}.$`, range(1_000_000 + k)]));
    const r = await runMap(
      s3.api,
      {
        Type: 'Map',
        ItemProcessor: {
          ...distributed({ Wide: { Type: 'Pass', Parameters: { 'i.$': '$', ...wide }, End: true } }),
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
        },
        ResultWriter: exported({ WriterConfig: { OutputType: 'JSON', Transformation: 'COMPACT' } }),
      },
      Array.from({ length: 120 }, (_, i) => i),
    );
    assert.equal(r.description.status, 'SUCCEEDED', r.description.cause);
    const manifest = JSON.parse(await s3.get((r.output as Written).ResultWriterDetails.Key)) as Manifest;
    const [file, ...more] = manifest.ResultFiles.SUCCEEDED;
    assert.deepEqual(more, []);
    const body = await s3.get(file!.Key);
    assert.equal(file!.Size, Buffer.byteLength(body));
    assert.ok(file!.Size > 10 * 1024 * 1024, `${file!.Size} bytes`);
    const outputs = JSON.parse(body) as Array<{ i: number; k0: number[]; k11: number[] }>;
    assert.deepEqual(
      outputs.map((o) => o.i),
      Array.from({ length: 120 }, (_, i) => i),
    );
    assert.equal(outputs[119]!.k11.length, 1000);
    assert.equal(outputs[0]!.k0[0], 1_000_000);
  });

  it('JSONata: Arguments give Bucket and Prefix', async () => {
    const r = await runMap(
      s3.api,
      {
        Type: 'Map',
        ItemProcessor: distributed(),
        ResultWriter: {
          Resource: putObject,
          Arguments: { Bucket: '{% $states.input.b %}', Prefix: 'jsonata' },
        },
        Items: '{% $states.input.items %}',
      },
      { b: BUCKET, items: [1, 2] },
      { QueryLanguage: 'JSONata' },
    );
    assert.equal(r.description.status, 'SUCCEEDED', r.description.cause);
    assert.match((r.output as Written).ResultWriterDetails.Key, /^jsonata\/[0-9a-f-]{36}\/manifest\.json$/);
  });
});

describe('ResultWriter with WriterConfig only: the results shaped, not exported', () => {
  const shaped = (transformation: string, items: unknown[], processor = distributed()) =>
    runMap(
      s3.api,
      {
        Type: 'Map',
        ItemProcessor: processor,
        ResultWriter: { WriterConfig: { Transformation: transformation, OutputType: 'JSON' } },
      },
      items,
    );

  it('COMPACT: the outputs; FLATTEN: array outputs spread into the list', async () => {
    assert.deepEqual((await shaped('COMPACT', [[1, 2], [3], 4])).output, [[1, 2], [3], 4]);
    assert.deepEqual((await shaped('FLATTEN', [[1, 2], [3], 4])).output, [1, 2, 3, 4]);
  });

  it('NONE: each output with its child execution metadata', async () => {
    const out = (await shaped('NONE', ['a'])).output as Array<Record<string, unknown>>;
    assert.equal(out.length, 1);
    assert.equal(out[0]!['Output'], '"a"');
    assert.equal(out[0]!['Status'], 'SUCCEEDED');
  });

  it('ResultSelector and ResultPath apply to the shaped results', async () => {
    const r = await runMap(
      s3.api,
      {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: distributed(),
        ResultWriter: { WriterConfig: { Transformation: 'FLATTEN', OutputType: 'JSON' } },
        ResultPath: '$.flat',
      },
      { items: [[1], [2, 3]] },
    );
    assert.deepEqual(r.output, { items: [[1], [2, 3]], flat: [1, 2, 3] });
  });
});

describe("the README's example: a CSV read, each row a child, the results written back", () => {
  it('runs as documented', async () => {
    await s3.put('orders.csv', 'id,amount\na-1,12.5\na-2,7\n');
    const r = await runMap(
      s3.api,
      {
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
          Parameters: { Bucket: BUCKET, Key: 'orders.csv' },
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
          StartAt: 'Price',
          States: {
            Price: {
              Type: 'Pass',
              Parameters: { 'id.$': '$.id', 'total.$': 'States.StringToJson($.amount)' },
              End: true,
            },
          },
        },
        ResultWriter: { Resource: putObject, Parameters: { Bucket: BUCKET, Prefix: 'results' } },
      },
      {},
    );
    assert.equal(r.description.status, 'SUCCEEDED', r.description.cause);
    const manifest = JSON.parse(await s3.get((r.output as Written).ResultWriterDetails.Key)) as Manifest;
    const rows = JSON.parse(await s3.get(manifest.ResultFiles.SUCCEEDED[0]!.Key)) as Array<{
      Output: string;
    }>;
    assert.deepEqual(
      rows.map((row) => JSON.parse(row.Output) as unknown),
      [
        { id: 'a-1', total: 12.5 },
        { id: 'a-2', total: 7 },
      ],
    );
  });
});
