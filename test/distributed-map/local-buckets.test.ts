// Local buckets with no setup (`integrations.aws.localBuckets`, `--buckets-dir`): the
// csv-to-results example reads its CSV from a folder and writes its results back as files,
// through the API with @aws-sdk/client-sfn; and `serve --buckets-dir` says where the folder is served.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { RunningServer } from '../../src/server/index.ts';
import { DEFAULTS, startServer } from '../../src/server/index.ts';
import { killServer, startServerProcess } from '../support/server-process.ts';

const EXAMPLE = resolve(import.meta.dirname, '..', '..', 'examples', 'csv-to-results');

let folder: string;
let server: RunningServer;
let sfn: SFNClient;

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'stepwise-buckets-'));
  cpSync(join(EXAMPLE, 'buckets'), folder, { recursive: true });
  server = await startServer({
    ...DEFAULTS,
    host: '127.0.0.1',
    port: 0,
    store: 'memory',
    integrations: { aws: { localBuckets: folder } },
  });
  sfn = new SFNClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});
after(async () => {
  sfn.destroy();
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('local buckets', () => {
  it('csv-to-results: a child per CSV row, one tolerated failure, results written back as files', async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:csv-to-results',
        input: readFileSync(join(EXAMPLE, 'inputs', 'orders.json'), 'utf8'),
      }),
    );
    await server.engine.waitForExecution(executionArn!);
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    assert.equal(described.status, 'SUCCEEDED', described.cause);
    const output = JSON.parse(described.output!) as {
      MapRunArn: string;
      ResultWriterDetails: { Bucket: string; Key: string };
    };
    const runId = output.MapRunArn.split(':').at(-1)!;
    assert.deepEqual(output.ResultWriterDetails, { Bucket: 'shop', Key: `results/${runId}/manifest.json` });

    const results = join(folder, 'shop', 'results', runId);
    assert.deepEqual(readdirSync(results).sort(), ['FAILED_0.json', 'SUCCEEDED_0.json', 'manifest.json']);
    const succeeded = JSON.parse(readFileSync(join(results, 'SUCCEEDED_0.json'), 'utf8')) as {
      orderId: string;
      total: number;
      size: string;
    }[];
    assert.equal(succeeded.length, 7);
    assert.deepEqual(
      succeeded.find((r) => r.orderId === 'A-1003'),
      { row: 4, orderId: 'A-1003', customer: 'Alan', total: 378, size: 'large' },
    );
    const failed = JSON.parse(readFileSync(join(results, 'FAILED_0.json'), 'utf8')) as Record<
      string,
      string
    >[];
    assert.deepEqual(
      failed.map((f) => [f['Status'], f['Error']]),
      [['FAILED', 'States.QueryEvaluationError']],
    );
    assert.match(failed[0]!['Input']!, /"quantity":"two"/);
    const manifest = JSON.parse(readFileSync(join(results, 'manifest.json'), 'utf8')) as {
      DestinationBucket: string;
    };
    assert.equal(manifest.DestinationBucket, 'shop');

    const run = await sfn.send(new DescribeMapRunCommand({ mapRunArn: output.MapRunArn }));
    assert.deepEqual([run.itemCounts?.total, run.itemCounts?.succeeded, run.itemCounts?.failed], [8, 7, 1]);
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    assert.ok(events?.some((e) => e.type === 'MapRunSucceeded'));
  });

  it('serves the folder on loopback only, at the endpoint it reports', async () => {
    const endpoint = server.localBuckets?.endpoint;
    assert.match(endpoint ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    const listed = await (await fetch(`${endpoint}/shop?list-type=2&prefix=incoming/`)).text();
    assert.match(listed, /<Key>incoming\/orders\.csv<\/Key>/);
  });

  it('`serve --buckets-dir DIR` serves DIR and says so at start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-buckets-cli-'));
    const serve = await startServerProcess(['--store', 'memory', '--buckets-dir', dir]);
    try {
      const line =
        /^ {2}Buckets: +(.+) served as S3 at (http:\/\/127\.0\.0\.1:\d+) \(S3 calls go there\)$/m.exec(
          serve.output(),
        );
      assert.ok(line, serve.output());
      assert.equal(line[1], dir);
      const created = await fetch(`${line[2]}/made-by-cli`, { method: 'PUT' });
      assert.equal(created.status, 200);
      assert.deepEqual(readdirSync(dir), ['made-by-cli']);
    } finally {
      await killServer(serve);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
