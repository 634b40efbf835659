// Distributed Map at scale (issue 13): a 1,000,000-line CSV in a local S3 (s3rver, in a child
// process so that its memory is not counted), read by an ItemReader while 1,000 EXPRESS children
// of 2 Pass states run at once, the results written back with ResultWriter COMPACT. Reports
// items/s and the peak RSS of this process (the engine's). Targets: >= 50,000 items/s, < 300 MB.
//
// The npm script caps the old generation at 256 MB (--max-old-space-size): without a cap V8 lets
// garbage grow far beyond what the run keeps alive (measured: ~25 MB after a full GC).
//
//   npm run bench:dmap                              1,000,000 items, MaxConcurrency 1,000
//   npm run bench:dmap -- --items 100000 --concurrency 500 --type STANDARD
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../src/engine/index.ts';
import { Integrations } from '../src/integrations/drivers.ts';
import { engineExecutions, systemClock, systemEntropy } from '../src/server/index.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined;
const ITEMS = Number(option('items') ?? 1_000_000);
const CONCURRENCY = Number(option('concurrency') ?? 1000);
const TYPE = option('type') ?? 'EXPRESS';
const BUCKET = 'bench-data';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** s3rver in its own process: the bench measures the engine's memory, not the S3 server's. */
async function startS3(dir: string): Promise<{ endpoint: string; stop: () => void }> {
  const code = `
    import S3rver from 's3rver';
    const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: ${JSON.stringify(dir)} });
    const { port } = await server.run();
    console.log('port ' + port);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  const port = /port (\d+)/.exec(chunk.toString())?.[1];
  if (!port) throw new Error(`s3rver did not start: ${chunk.toString()}`);
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

/** The CSV, written to a file a line at a time (never whole in memory), then uploaded as a stream. */
async function csvFile(path: string, lines: number): Promise<number> {
  const out = createWriteStream(path);
  out.write('id,name,amount\n');
  let batch = '';
  for (let i = 0; i < lines; i++) {
    batch += `${i},item-${i},${i % 997}\n`;
    if (batch.length > 1 << 16) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
  return statSync(path).size;
}

const definition = JSON.stringify({
  StartAt: 'Process',
  States: {
    Process: {
      Type: 'Map',
      Label: 'Rows',
      MaxConcurrency: CONCURRENCY,
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
        Parameters: { Bucket: BUCKET, Key: 'rows.csv' },
      },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: TYPE },
        StartAt: 'Shape',
        States: {
          Shape: { Type: 'Pass', Parameters: { 'id.$': '$.id', 'amount.$': '$.amount' }, Next: 'Tag' },
          Tag: { Type: 'Pass', Result: 'done', ResultPath: '$.status', End: true },
        },
      },
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { Bucket: BUCKET, Prefix: 'results' },
        WriterConfig: { OutputType: 'JSON', Transformation: 'COMPACT' },
      },
      End: true,
    },
  },
});

const dir = mkdtempSync(join(tmpdir(), 'stepwise-bench-dmap-'));
const s3dir = join(dir, 's3');
const s3server = await startS3(s3dir);
try {
  const s3 = new S3Client({
    region: 'us-east-1',
    credentials: CREDENTIALS,
    endpoint: s3server.endpoint,
    forcePathStyle: true,
    // No checksum trailer: s3rver does not decode an aws-chunked stream.
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const file = join(dir, 'rows.csv');
  const size = await csvFile(file, ITEMS);
  await s3.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: 'rows.csv',
      Body: createReadStream(file),
      ContentLength: size,
    }),
  );
  rmSync(file);

  const integrations = new Integrations({
    region: 'us-east-1',
    account: '123456789012',
    aws: { region: 'us-east-1', endpoints: { s3: s3server.endpoint }, credentials: CREDENTIALS },
  });
  const engine = new Engine({
    clock: systemClock,
    entropy: systemEntropy,
    tasks: integrations,
    region: 'us-east-1',
    account: '123456789012',
  });
  integrations.bindExecutions(engineExecutions(engine));
  const { stateMachineArn } = engine.createStateMachine({
    name: 'dmap-bench',
    definition,
    roleArn: 'arn:aws:iam::123456789012:role/bench',
  });
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  let heapPeak = 0;
  let externalPeak = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
    externalPeak = Math.max(externalPeak, m.external);
  }, 20);
  const load = loadavg()[0] ?? 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const { executionArn } = engine.startExecution({ stateMachineArn });
  const done = await engine.waitForExecution(executionArn);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const heapAtEnd = process.memoryUsage().heapUsed;
  global.gc?.();
  const heapKept = process.memoryUsage().heapUsed;
  const [run] = engine.listMapRuns(executionArn);
  const text = async (key: string) =>
    (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString();
  if (done.status !== 'SUCCEEDED') {
    // The run's results are written all the same: show a failed child.
    const runId = run?.mapRunArn.split(':').at(-1) ?? '';
    const failed = await text(`results/${runId}/FAILED_0.json`).catch(() => '[]');
    throw new Error(`${done.status}: ${done.error} ${done.cause}; ${failed.slice(0, 800)}`);
  }
  const succeeded = run?.itemCounts.succeeded ?? 0;
  // The results, checked after the measurement: one output per item.
  const output = JSON.parse(done.output ?? '{}') as { ResultWriterDetails: { Key: string } };
  const manifest = JSON.parse(await text(output.ResultWriterDetails.Key)) as {
    ResultFiles: { SUCCEEDED: { Key: string }[] };
  };
  let results = 0;
  for (const f of manifest.ResultFiles.SUCCEEDED)
    results += (JSON.parse(await text(f.Key)) as unknown[]).length;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
  console.log(
    `distributed Map: ${ITEMS.toLocaleString('en')} CSV rows, ${TYPE} children, MaxConcurrency ${CONCURRENCY}\n` +
      `  ${seconds.toFixed(1)} s, ${Math.round(ITEMS / seconds).toLocaleString('en')} items/s (target >= 50,000)\n` +
      `  CPU ${cpuSeconds.toFixed(1)} s (this process, user + system), ${Math.round(ITEMS / cpuSeconds).toLocaleString('en')} items per CPU second\n` +
      `  peak RSS ${mb(peak)} MB (before the run ${mb(before)} MB; target < 300 MB)\n` +
      `  JS heap: peak ${mb(heapPeak)} MB, at the end ${mb(heapAtEnd)} MB, after a full GC ${mb(heapKept)} MB; ` +
      `external (buffers) peak ${mb(externalPeak)} MB\n` +
      `  children succeeded ${succeeded.toLocaleString('en')}, results written ${results.toLocaleString('en')}\n` +
      `  load average at start ${load.toFixed(2)}`,
  );
  if (succeeded !== ITEMS || results !== ITEMS) process.exitCode = 1;
  s3.destroy();
} finally {
  s3server.stop();
  rmSync(dir, { recursive: true, force: true });
}
