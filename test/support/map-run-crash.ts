// A distributed Map Run of STANDARD children, its server killed with SIGKILL while the children
// run, then restarted on the same store: the run must finish with every item done exactly once
// (one child execution per item, each closed once, gap-free) and complete result files in S3.
// Used by test/durable/map-run-crash.test.ts (small) and bench/dmap-crash.ts (10,000 items).
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_CREDENTIALS, startS3rver } from './aws-stand-ins.ts';
import type { ServerProcess } from './server-process.ts';
import { callApi, killServer, startServerProcess } from './server-process.ts';

export interface MapRunCrashReport {
  readonly items: number;
  readonly kills: number;
  /** Children that had succeeded when each kill came. */
  readonly doneAtKills: readonly number[];
  readonly durationMs: number;
  /** Everything wrong found at the end (empty: nothing lost, nothing duplicated). */
  readonly problems: readonly string[];
}

const BUCKET = 'crash-results';
const ROLE = 'arn:aws:iam::123456789012:role/crash';

const definition = (items: number) =>
  JSON.stringify({
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        Label: 'Fan',
        // Children sleep a second: the kills find many of them open (resumed by replay after).
        MaxConcurrency: Math.max(50, Math.floor(items / 10)),
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Shape',
          States: {
            Shape: { Type: 'Pass', Parameters: { 'n.$': '$' }, Next: 'Nap' },
            Nap: { Type: 'Wait', Seconds: 1, Next: 'Double' },
            Double: {
              Type: 'Pass',
              Parameters: { 'n.$': '$.n', 'twice.$': 'States.MathAdd($.n, $.n)' },
              End: true,
            },
          },
        },
        ResultWriter: {
          Resource: 'arn:aws:states:::s3:putObject',
          Parameters: { Bucket: BUCKET, Prefix: 'crash' },
          WriterConfig: { OutputType: 'JSONL', Transformation: 'COMPACT' },
        },
        End: true,
      },
    },
  });

const EXPECTED = [
  'ExecutionStarted',
  ...['PassStateEntered', 'PassStateExited', 'WaitStateEntered', 'WaitStateExited'],
  ...['PassStateEntered', 'PassStateExited', 'ExecutionSucceeded'],
].join(',');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api(server: ServerProcess, action: string, body: object): Promise<Record<string, unknown>> {
  const { status, json } = await callApi(server.url, action, body);
  if (status !== 200) throw new Error(`${action}: ${status} ${JSON.stringify(json)}`);
  return json;
}

/** Every child of the run, page after page. */
async function children(server: ServerProcess, mapRunArn: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let nextToken: string | undefined;
  do {
    const page = await api(server, 'ListExecutions', {
      mapRunArn,
      maxResults: 1000,
      ...(nextToken ? { nextToken } : {}),
    });
    out.push(...(page['executions'] as Record<string, unknown>[]));
    nextToken = page['nextToken'] as string | undefined;
  } while (nextToken);
  return out;
}

/**
 * Runs the scenario: `items` items, killed `kills` times once `killEvery` more children have
 * succeeded since the last start; `storeArgs` name the store (`--data-dir DIR`, `--store URL`).
 */
export async function crashMapRun(options: {
  readonly items: number;
  readonly kills: number;
  readonly storeArgs: readonly string[];
  /** Check every child's history (slow at 10,000): otherwise every 10th. */
  readonly everyHistory?: boolean;
}): Promise<MapRunCrashReport> {
  const began = Date.now();
  const s3rver = await startS3rver();
  const s3 = new S3Client({
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    endpoint: s3rver.endpoint,
    forcePathStyle: true,
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const cwd = mkdtempSync(join(tmpdir(), 'stepwise-map-crash-'));
  writeFileSync(
    join(cwd, 'stepwise.config.json'),
    JSON.stringify({
      integrations: {
        aws: {
          region: 'us-east-1',
          endpoints: { s3: s3rver.endpoint },
          // A copy: the SDK marks the credentials object it was given.
          credentials: {
            accessKeyId: LOCAL_CREDENTIALS.accessKeyId,
            secretAccessKey: LOCAL_CREDENTIALS.secretAccessKey,
          },
        },
      },
    }),
  );
  const start = () => startServerProcess(options.storeArgs, {}, { cwd });
  let server: ServerProcess | undefined;
  const problems: string[] = [];
  const doneAtKills: number[] = [];
  try {
    server = await start();
    const { stateMachineArn } = await api(server, 'CreateStateMachine', {
      name: 'map-crash',
      roleArn: ROLE,
      definition: definition(options.items),
    });
    const input = JSON.stringify(Array.from({ length: options.items }, (_, i) => i));
    const { executionArn } = await api(server, 'StartExecution', { stateMachineArn, input });
    let mapRunArn: string | undefined;
    const succeeded = async (): Promise<number> => {
      if (!mapRunArn) {
        const runs = (await api(server!, 'ListMapRuns', { executionArn }))['mapRuns'] as {
          mapRunArn: string;
        }[];
        mapRunArn = runs[0]?.mapRunArn;
        if (!mapRunArn) return 0;
      }
      const run = await api(server!, 'DescribeMapRun', { mapRunArn });
      return (run['itemCounts'] as { succeeded: number }).succeeded;
    };
    for (let k = 0; k < options.kills; k++) {
      // Kill somewhere in the middle of what is left: after a share of the children succeeded.
      const target = Math.floor((options.items * (k + 1)) / (options.kills + 2));
      let done = 0;
      for (let i = 0; i < 6000 && (done = await succeeded()) < target; i++) await sleep(20);
      doneAtKills.push(done);
      await killServer(server);
      server = await start();
    }
    let status = 'RUNNING';
    for (let i = 0; i < 30_000 && status === 'RUNNING'; i++) {
      status = (await api(server, 'DescribeExecution', { executionArn })).status as string;
      if (status === 'RUNNING') await sleep(50);
    }
    if (status !== 'SUCCEEDED') problems.push(`the execution ended ${status}`);
    mapRunArn ??= (await api(server, 'ListMapRuns', { executionArn }))['mapRuns'] as never;
    const run = await api(server, 'DescribeMapRun', { mapRunArn });
    const counts = run['itemCounts'] as Record<string, number>;
    if (run['status'] !== 'SUCCEEDED') problems.push(`the Map Run ended ${String(run['status'])}`);
    if (counts['succeeded'] !== options.items || counts['total'] !== options.items)
      problems.push(`Map Run counts ${JSON.stringify(counts)}`);
    const listed = await children(server, mapRunArn);
    const names = new Set(listed.map((c) => c['name']));
    if (listed.length !== options.items || names.size !== options.items)
      problems.push(`${listed.length} children listed (${names.size} names) for ${options.items} items`);
    const notDone = listed.filter((c) => c['status'] !== 'SUCCEEDED' || c['redriveCount'] !== 0);
    if (notDone.length)
      problems.push(`${notDone.length} children not SUCCEEDED once, e.g. ${JSON.stringify(notDone[0])}`);
    // Each child's history: started once, closed once, ids 1..n.
    const checked = listed.filter((_, i) => options.everyHistory || i % 10 === 0);
    for (const c of checked) {
      const h = await api(server, 'GetExecutionHistory', {
        executionArn: c['executionArn'],
        maxResults: 1000,
      });
      const events = h['events'] as { id: number; type: string }[];
      const types = events.map((e) => e.type).join(',');
      const ids = events.every((e, i) => e.id === i + 1);
      if (!ids || types !== EXPECTED) problems.push(`child ${String(c['name'])}: ${types}`);
    }
    // The result file: every item's output exactly once.
    const output = JSON.parse(
      (await api(server, 'DescribeExecution', { executionArn }))['output'] as string,
    ) as {
      ResultWriterDetails: { Key: string };
    };
    const text = async (key: string) =>
      (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString();
    const manifest = JSON.parse(await text(output.ResultWriterDetails.Key)) as {
      ResultFiles: Record<string, { Key: string }[]>;
    };
    const lines: { n: number; twice: number }[] = [];
    for (const file of manifest.ResultFiles['SUCCEEDED'] ?? [])
      for (const line of (await text(file.Key)).split('\n')) if (line) lines.push(JSON.parse(line) as never);
    const seen = new Set(lines.map((l) => l.n));
    if (
      lines.length !== options.items ||
      seen.size !== options.items ||
      lines.some((l) => l.twice !== 2 * l.n)
    )
      problems.push(
        `${lines.length} results (${seen.size} items) in the result files for ${options.items} items`,
      );
    if ((manifest.ResultFiles['FAILED'] ?? []).length || (manifest.ResultFiles['PENDING'] ?? []).length)
      problems.push(`FAILED or PENDING result files: ${JSON.stringify(manifest.ResultFiles)}`);
  } finally {
    if (server) await killServer(server, 'SIGTERM');
    s3.destroy();
    await s3rver.close();
    rmSync(cwd, { recursive: true, force: true });
  }
  return {
    items: options.items,
    kills: options.kills,
    doneAtKills,
    durationMs: Date.now() - began,
    problems,
  };
}
