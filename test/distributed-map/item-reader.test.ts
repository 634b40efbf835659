// A distributed Map's ItemReader against s3rver, end to end through the API. Expected items and
// histories are those AWS recorded (LocalStack's test_base_scenarios snapshots,
// test_map_item_reader_*) and the shapes AWS documents ("ItemReader (Map)", "How Step Functions
// parses input CSV files").
import assert from 'node:assert/strict';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { after, before, describe, it } from 'node:test';
import type { S3Setup } from './s3-support.ts';
import { BUCKET, distributed, getObject, gzip, listObjectsV2, runMap, startS3Setup } from './s3-support.ts';

let s3: S3Setup;
before(async () => {
  s3 = await startS3Setup();
});
after(() => s3.close());

const csvReader = (key: string, config: Record<string, unknown> = {}) => ({
  Resource: getObject,
  ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW', ...config },
  Parameters: { Bucket: BUCKET, Key: key },
});

const mapOf = (reader: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  Type: 'Map',
  MaxConcurrency: 1,
  ItemReader: reader,
  ItemProcessor: distributed(),
  ...extra,
});

describe('ItemReader s3:getObject, InputType CSV', () => {
  it('FIRST_ROW headers: every row an object of strings, short rows padded, blank rows kept', async () => {
    await s3.put(
      'first.csv',
      "Col1,Col2,Col3\nValue1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
    );
    const r = await runMap(s3.api, mapOf(csvReader('first.csv')), {});
    assert.equal(r.description.status, 'SUCCEEDED', r.description.cause);
    assert.deepEqual(r.output, [
      { Col1: 'Value1', Col2: 'Value2', Col3: 'Value3' },
      { Col1: 'Value4', Col2: 'Value5', Col3: 'Value6' },
      { Col1: '', Col2: '', Col3: '' },
      { Col1: 'true', Col2: '1', Col3: "'HelloWorld'" },
      { Col1: 'Null', Col2: 'None', Col3: '' },
      { Col1: '   ', Col2: '', Col3: '' },
    ]);
    assert.deepEqual(r.types, [
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      'MapRunSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    assert.equal(r.events[2]!.mapStateStartedEventDetails?.length, 0);
  });

  it('GIVEN headers: extra fields dropped; duplicate headers fail the Map Run', async () => {
    await s3.put('given.csv', 'Value1,Value2,Value3\nValue4,Value5,Value6\n');
    const ok = await runMap(
      s3.api,
      mapOf(csvReader('given.csv', { CSVHeaderLocation: 'GIVEN', CSVHeaders: ['H1'] })),
      {},
    );
    assert.deepEqual(ok.output, [{ H1: 'Value1' }, { H1: 'Value4' }]);
    const dup = await runMap(
      s3.api,
      mapOf(csvReader('given.csv', { CSVHeaderLocation: 'GIVEN', CSVHeaders: ['H1', 'H1', 'H3'] })),
      {},
    );
    assert.equal(dup.description.status, 'FAILED');
    assert.equal(dup.description.error, 'States.ItemReaderFailed');
    assert.equal(dup.description.cause, 'CSV headers cannot contain duplicates.');
    assert.deepEqual(dup.types.slice(2), [
      'MapStateStarted',
      'MapRunStarted',
      'MapRunFailed',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
    assert.deepEqual(dup.events[4]!.mapRunFailedEventDetails, {
      error: 'States.ItemReaderFailed',
      cause: 'CSV headers cannot contain duplicates.',
    });
  });

  it('CSVDelimiter PIPE, SEMICOLON, SPACE, TAB; quotes and backslashes as AWS parses them', async () => {
    for (const [name, d] of [
      ['PIPE', '|'],
      ['SEMICOLON', ';'],
      ['SPACE', ' '],
      ['TAB', '\t'],
    ] as const) {
      await s3.put(`d-${name}.csv`, `a${d}b\n"x${d}1"${d}"say ""hi"""\r\nC:\\\\dir${d}\\q\\${d}z\n`);
      const r = await runMap(s3.api, mapOf(csvReader(`d-${name}.csv`, { CSVDelimiter: name })), {});
      assert.equal(r.description.status, 'SUCCEEDED', r.description.cause);
      assert.deepEqual(
        r.output,
        [
          { a: `x${d}1`, b: 'say "hi"' },
          { a: 'C:\\dir', b: `q${d}z` },
        ],
        name,
      );
    }
  });

  it('MaxItems and MaxItemsPath: the first items; 0 is all; negative fails the run; 1.5 is States.Runtime', async () => {
    await s3.put('max.csv', 'Col1,Col2\nValue1,Value2\nValue3,Value4\nValue5,Value6\nValue7,Value8\n');
    const two = await runMap(s3.api, mapOf(csvReader('max.csv', { MaxItems: 2 })), {});
    assert.deepEqual(two.output, [
      { Col1: 'Value1', Col2: 'Value2' },
      { Col1: 'Value3', Col2: 'Value4' },
    ]);
    const byPath = (max: unknown) =>
      runMap(s3.api, mapOf(csvReader('max.csv', { MaxItemsPath: '$.MaxItems' })), { MaxItems: max });
    assert.equal(((await byPath(0)).output as unknown[]).length, 4);
    assert.equal(((await byPath(100_000_001)).output as unknown[]).length, 4);
    assert.equal(((await byPath(3)).output as unknown[]).length, 3);
    const negative = await byPath(-1);
    assert.equal(negative.description.error, 'States.ItemReaderFailed');
    assert.equal(negative.description.cause, 'field MaxItems must be positive');
    const fraction = await byPath(1.5);
    assert.equal(fraction.description.error, 'States.Runtime');
    assert.equal(
      fraction.description.cause,
      'An error occurred while executing the state \'MapState\' (entered at the event id #2). The MaxItemsPath field refers to value "1.5" which is not a valid integer: $.MaxItems',
    );
    assert.deepEqual(fraction.types.slice(2), ['MapStateStarted', 'ExecutionFailed']);
  });
});

describe('ItemReader s3:getObject, InputType JSON and JSONL', () => {
  const statements = [
    { verdict: 'true', statement_date: '6/11/2008', statement_source: 'speech' },
    { verdict: 'false', statement_date: '6/7/2022', statement_source: 'television' },
    { verdict: 'mostly-true', statement_date: '5/18/2016', statement_source: 'news' },
  ];

  it('a JSON array; ItemsPath is not applied to it; ItemSelector sees each item', async () => {
    await s3.put('items.json', JSON.stringify(statements));
    const reader = {
      Resource: getObject,
      ReaderConfig: { InputType: 'JSON' },
      Parameters: { 'Bucket.$': '$.Bucket', 'Key.$': '$.Key' },
    };
    const r = await runMap(s3.api, mapOf(reader, { ItemsPath: '$.from_previous' }), {
      Bucket: BUCKET,
      Key: 'items.json',
      from_previous: ['no'],
    });
    assert.deepEqual(r.output, statements);
    const selected = await runMap(
      s3.api,
      mapOf(reader, {
        ItemSelector: { 'v.$': '$$.Map.Item.Value.verdict', 'i.$': '$$.Map.Item.Index', 'k.$': '$.Key' },
      }),
      { Bucket: BUCKET, Key: 'items.json' },
    );
    assert.deepEqual(selected.output, [
      { v: 'true', i: 0, k: 'items.json' },
      { v: 'false', i: 1, k: 'items.json' },
      { v: 'mostly-true', i: 2, k: 'items.json' },
    ]);
  });

  it('an object fails as a non-iterable node; ItemsPointer selects an array inside it', async () => {
    await s3.put('object.json', JSON.stringify({ data: { rows: statements }, Hello: 'world' }));
    const reader = (config: Record<string, unknown>) => ({
      Resource: getObject,
      ReaderConfig: { InputType: 'JSON', ...config },
      Parameters: { Bucket: BUCKET, Key: 'object.json' },
    });
    const flat = await runMap(s3.api, mapOf(reader({})), {});
    assert.equal(flat.description.error, 'States.ItemReaderFailed');
    assert.equal(flat.description.cause, 'Attempting to map over non-iterable node.');
    const pointed = await runMap(s3.api, mapOf(reader({ ItemsPointer: '/data/rows', MaxItems: 2 })), {});
    assert.deepEqual(pointed.output, statements.slice(0, 2));
  });

  it('JSONL: one item per line, blank lines skipped', async () => {
    await s3.put('lines.jsonl', statements.map((s) => JSON.stringify(s)).join('\n') + '\n\n');
    const r = await runMap(
      s3.api,
      mapOf({
        Resource: getObject,
        ReaderConfig: { InputType: 'JSONL' },
        Parameters: { Bucket: BUCKET, Key: 'lines.jsonl' },
      }),
      {},
    );
    assert.deepEqual(r.output, statements);
  });

  it('JSONata: Arguments and a MaxItems expression', async () => {
    await s3.put('items.json', JSON.stringify(statements));
    const r = await runMap(
      s3.api,
      {
        Type: 'Map',
        ItemReader: {
          Resource: getObject,
          ReaderConfig: { InputType: 'JSON', MaxItems: '{% $maxItems := 2 %}' },
          Arguments: { Bucket: '{% $states.input.Bucket %}', Key: '{% $states.input.Key %}' },
        },
        ItemProcessor: distributed(),
      },
      { Bucket: BUCKET, Key: 'items.json' },
      { QueryLanguage: 'JSONata' },
    );
    assert.equal(r.description.status, 'SUCCEEDED', r.description.cause);
    assert.deepEqual(r.output, statements.slice(0, 2));
  });

  it('a missing key fails the Map Run with States.ItemReaderFailed and S3 in the cause', async () => {
    const r = await runMap(s3.api, mapOf(csvReader('nope.csv')), {});
    assert.equal(r.description.error, 'States.ItemReaderFailed');
    assert.match(r.description.cause ?? '', /Service: S3, Status Code: 404/);
  });

  it('a Catch on the Map catches States.ItemReaderFailed', async () => {
    const r = await runMap(
      s3.api,
      {
        ...mapOf(csvReader('nope.csv')),
        Next: 'Caught',
        Catch: [{ ErrorEquals: ['States.ItemReaderFailed'], ResultPath: '$.caught', Next: 'Caught' }],
      },
      {},
      { States: { Caught: { Type: 'Pass', End: true } } },
    );
    assert.equal(r.description.status, 'SUCCEEDED');
    assert.equal((r.output as { caught: { Error: string } }).caught.Error, 'States.ItemReaderFailed');
    assert.deepEqual(r.types.slice(3, 6), ['MapRunStarted', 'MapRunFailed', 'MapStateFailed']);
  });
});

describe('ItemReader s3:getObject, InputType PARQUET', () => {
  it('each row an item keyed by column, values as JSON', async () => {
    const file = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: ['a', 'b', 'c'], type: 'STRING' },
        { name: 'qty', data: [1, 2, 3], type: 'INT32' },
        { name: 'ok', data: [true, false, true], type: 'BOOLEAN' },
      ],
    });
    await s3.put('rows.parquet', Buffer.from(file));
    const r = await runMap(
      s3.api,
      mapOf({
        Resource: getObject,
        ReaderConfig: { InputType: 'PARQUET', MaxItems: 2 },
        Parameters: { Bucket: BUCKET, Key: 'rows.parquet' },
      }),
      {},
    );
    assert.equal(r.description.status, 'SUCCEEDED', r.description.cause);
    assert.deepEqual(r.output, [
      { id: 'a', qty: 1, ok: true },
      { id: 'b', qty: 2, ok: false },
    ]);
    await s3.put('not.parquet', 'plain text');
    const bad = await runMap(
      s3.api,
      mapOf({
        Resource: getObject,
        ReaderConfig: { InputType: 'PARQUET' },
        Parameters: { Bucket: BUCKET, Key: 'not.parquet' },
      }),
      {},
    );
    assert.equal(bad.description.error, 'States.ItemReaderFailed');
    assert.match(bad.description.cause ?? '', /^The Parquet object could not be read/);
  });
});

describe('ItemReader s3:listObjectsV2 and MANIFEST', () => {
  it('listObjectsV2: each object under Prefix as Etag, Key, LastModified, Size, StorageClass', async () => {
    for (let i = 0; i < 3; i++) await s3.put(`listed/file_${i}.txt`, `${i}HelloWorld!`);
    const r = await runMap(
      s3.api,
      mapOf({ Resource: listObjectsV2, Parameters: { Bucket: BUCKET, Prefix: 'listed/' } }),
      {},
    );
    assert.equal(r.description.status, 'SUCCEEDED', r.description.cause);
    const items = r.output as Array<Record<string, unknown>>;
    assert.deepEqual(
      items.map((o) => Object.keys(o).sort()),
      Array(3).fill(['Etag', 'Key', 'LastModified', 'Size', 'StorageClass']),
    );
    assert.deepEqual(
      items.map((o) => [o['Key'], o['Size'], o['StorageClass']]),
      [
        ['listed/file_0.txt', 12, 'STANDARD'],
        ['listed/file_1.txt', 12, 'STANDARD'],
        ['listed/file_2.txt', 12, 'STANDARD'],
      ],
    );
    assert.match(items[0]!['Etag'] as string, /^"[0-9a-f]{32}"$/);
  });

  it('MANIFEST: an S3 Inventory manifest, its gzipped CSV lists read with fileSchema as names', async () => {
    await s3.put(
      'inv/data/a.csv.gz',
      gzip('"map-data","photos/1.jpg","10"\n"map-data","photos/2.jpg","20"\n'),
    );
    await s3.put('inv/data/b.csv.gz', gzip('"map-data","photos/3.jpg","30"\n'));
    await s3.put(
      'inv/manifest.json',
      JSON.stringify({
        sourceBucket: 'map-data',
        destinationBucket: `arn:aws:s3:::${BUCKET}`,
        fileFormat: 'CSV',
        fileSchema: 'Bucket, Key, Size',
        files: [{ key: 'inv/data/a.csv.gz' }, { key: 'inv/data/b.csv.gz' }],
      }),
    );
    const r = await runMap(
      s3.api,
      mapOf({
        Resource: getObject,
        ReaderConfig: { InputType: 'MANIFEST' },
        Parameters: { Bucket: BUCKET, Key: 'inv/manifest.json' },
      }),
      {},
    );
    assert.equal(r.description.status, 'SUCCEEDED', r.description.cause);
    assert.deepEqual(r.output, [
      { Bucket: 'map-data', Key: 'photos/1.jpg', Size: '10' },
      { Bucket: 'map-data', Key: 'photos/2.jpg', Size: '20' },
      { Bucket: 'map-data', Key: 'photos/3.jpg', Size: '30' },
    ]);
  });
});
