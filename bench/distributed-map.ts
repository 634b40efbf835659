// Distributed Map at scale (issue 13): a 1,000,000-line CSV in a local S3 (s3rver, in a child
// process so that its memory is not counted), read by an ItemReader while 1,000 EXPRESS children
// of 2 Pass states run at once, the results written back with ResultWriter COMPACT. Reports
// items/s and the peak RSS of the engine's process (bench/dmap-engine.ts, compiled to JavaScript
// as an installed Stepwise runs). Targets: >= 50,000 items/s, < 300 MB.
//
// The engine's process runs as a memory-bounded server would (NODE_OPTIONS): its old generation
// capped at 256 MB (--max-old-space-size; without a cap V8 lets garbage grow far beyond the ~25 MB
// the run keeps alive) and each semi-space at 32 MB (--max-semi-space-size; V8 otherwise grows the
// young generation to 128 MB at this allocation rate: measured 278-340 MB peak RSS without it,
// 231-252 MB with it, at the same items/s).
//
//   npm run bench:dmap                              1,000,000 items, MaxConcurrency 1,000
//   npm run bench:dmap -- --items 100000 --concurrency 500 --type STANDARD
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiled } from './compiled.ts';

const ROOT = join(import.meta.dirname, '..');

/** What bench/dmap-engine.ts prints. */
interface EngineRun {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly load: number;
  readonly rss: { readonly before: number; readonly peak: number };
  readonly heap: { readonly peak: number; readonly atEnd: number; readonly kept: number };
  readonly externalPeak: number;
  readonly status: string;
  readonly error?: string;
  readonly cause?: string;
  readonly output?: string;
  readonly mapRunArn?: string;
  readonly succeeded: number;
}

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

  // The engine runs in a process of its own, compiled: its peak RSS is the engine's alone.
  const [script] = compiled([join(ROOT, 'bench', 'dmap-engine.ts')]);
  const r = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--max-old-space-size=256',
      '--max-semi-space-size=32',
      script!,
      s3server.endpoint,
      definition,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 },
  );
  const line = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || !line) throw new Error(`the engine process failed (exit ${r.status})`);
  const done = JSON.parse(line) as EngineRun;
  const { seconds, cpuSeconds, load, heap } = done;
  const [before, peak, heapPeak, heapAtEnd, heapKept, externalPeak] = [
    done.rss.before,
    done.rss.peak,
    heap.peak,
    heap.atEnd,
    heap.kept,
    done.externalPeak,
  ];
  const text = async (key: string) =>
    (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString();
  if (done.status !== 'SUCCEEDED') {
    // The run's results are written all the same: show a failed child.
    const runId = done.mapRunArn?.split(':').at(-1) ?? '';
    const failed = await text(`results/${runId}/FAILED_0.json`).catch(() => '[]');
    throw new Error(`${done.status}: ${done.error} ${done.cause}; ${failed.slice(0, 800)}`);
  }
  const succeeded = done.succeeded;
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
      `  CPU ${cpuSeconds.toFixed(1)} s (the engine's process, user + system), ${Math.round(ITEMS / cpuSeconds).toLocaleString('en')} items per CPU second\n` +
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
