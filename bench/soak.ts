// Soak (a benchmark, not a test): a steady mixed load against a real `stepwise serve` process
// for a while, sampling the server's memory, to show that memory stays flat and nothing fails.
//
//   npm run bench:soak                          60 s on SQLite
//   npm run bench:soak -- --seconds 300 --store postgres
//
// The load, each kind in its own loop (one request in flight per loop, loopback only):
// callbacks — start a machine whose Task waits for a token (sqs:sendMessage.waitForTaskToken),
//   read the token from its history, SendTaskSuccess, wait until SUCCEEDED;
// activities — start a machine on an activity, GetActivityTask, SendTaskSuccess, until SUCCEEDED;
// stops — start a machine in a long Wait, describe it, StopExecution, until ABORTED;
// quick — start a Pass chain, until SUCCEEDED;
// reads — ListExecutions, DescribeExecution, GetExecutionHistory of recent ones, ListStateMachines.
// Every answer must be HTTP 200 with the expected outcome; anything else counts as an error.
// Memory: the server preloads soak-memory.ts, which prints its RSS and heap (after a full GC)
// every few seconds; the report gives the first and last samples and the least-squares trend.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../src/test-support/postgres-database.ts';
import { callApi, killServer, startServerProcess } from '../test/support/server-process.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined;
const seconds = Number(option('seconds') ?? 60);
const storeKind = option('store') ?? 'sqlite';
const SAMPLE_MS = 5_000;

const ARN = 'arn:aws:states:us-east-1:123456789012';
const ROLE = 'arn:aws:iam::123456789012:role/soak';
const ACTIVITY = `${ARN}:activity:soak`;

const MACHINES: Record<string, object> = {
  callback: {
    StartAt: 'Ask',
    States: {
      Ask: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Parameters: {
          QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
          MessageBody: { 'token.$': '$$.Task.Token' },
        },
        ResultPath: '$.answer',
        End: true,
      },
    },
  },
  activity: {
    StartAt: 'Work',
    States: { Work: { Type: 'Task', Resource: ACTIVITY, TimeoutSeconds: 60, End: true } },
  },
  stop: { StartAt: 'Nap', States: { Nap: { Type: 'Wait', Seconds: 600, End: true } } },
  quick: {
    StartAt: 'A',
    States: {
      A: { Type: 'Pass', Result: { step: 1 }, ResultPath: '$.a', Next: 'B' },
      B: { Type: 'Pass', Parameters: { 'a.$': '$.a', 'n.$': '$.n' }, Next: 'C' },
      C: { Type: 'Succeed' },
    },
  },
};

interface Tally {
  ops: Record<string, number>;
  errors: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function soak(url: string, until: number, tally: Tally): Promise<void> {
  let n = 0;
  const call = async (action: string, body: object): Promise<Record<string, unknown>> => {
    const r = await callApi(url, action, body);
    tally.ops[action] = (tally.ops[action] ?? 0) + 1;
    if (r.status !== 200) throw new Error(`${action} ${r.status}: ${JSON.stringify(r.json)}`);
    return r.json;
  };
  const start = async (machine: string): Promise<string> => {
    const r = await call('StartExecution', {
      stateMachineArn: `${ARN}:stateMachine:soak-${machine}`,
      name: `${machine}-${++n}`,
      input: JSON.stringify({ n }),
    });
    return String(r['executionArn']);
  };
  /** Polls DescribeExecution (bounded) until the execution has left RUNNING. */
  const settled = async (executionArn: string, expected: string): Promise<void> => {
    for (let i = 0; i < 500; i++) {
      const d = await call('DescribeExecution', { executionArn });
      if (d['status'] === expected) return;
      if (d['status'] !== 'RUNNING')
        throw new Error(`${executionArn}: ${String(d['status'])}, not ${expected}`);
      await sleep(10);
    }
    throw new Error(`${executionArn}: still RUNNING`);
  };
  const loops: Record<string, () => Promise<void>> = {
    callback: async () => {
      const arn = await start('callback');
      let token: string | undefined;
      for (let i = 0; i < 500 && !token; i++) {
        const h = await call('GetExecutionHistory', { executionArn: arn });
        const scheduled = (
          h['events'] as { type: string; taskScheduledEventDetails?: { parameters: string } }[]
        ).find((e) => e.type === 'TaskScheduled');
        const parameters = scheduled?.taskScheduledEventDetails?.parameters;
        token =
          parameters && (JSON.parse(parameters) as { MessageBody: { token: string } }).MessageBody.token;
        if (!token) await sleep(10);
      }
      if (!token) throw new Error(`${arn}: no token`);
      await call('SendTaskSuccess', { taskToken: token, output: '{"ok":true}' });
      await settled(arn, 'SUCCEEDED');
    },
    activity: async () => {
      const arn = await start('activity');
      const task = await call('GetActivityTask', { activityArn: ACTIVITY, workerName: 'soak' });
      if (typeof task['taskToken'] !== 'string') throw new Error(`${arn}: no activity task`);
      await call('SendTaskSuccess', { taskToken: task['taskToken'], output: String(task['input']) });
      await settled(arn, 'SUCCEEDED');
    },
    stop: async () => {
      const arn = await start('stop');
      await call('DescribeExecution', { executionArn: arn });
      await call('StopExecution', { executionArn: arn, error: 'Soak', cause: 'stopped by the soak' });
      await settled(arn, 'ABORTED');
    },
    quick: async () => {
      await settled(await start('quick'), 'SUCCEEDED');
    },
    reads: async () => {
      for (const machine of Object.keys(MACHINES)) {
        const list = await call('ListExecutions', {
          stateMachineArn: `${ARN}:stateMachine:soak-${machine}`,
          maxResults: 20,
        });
        const recent = (list['executions'] as { executionArn: string }[])[0];
        if (!recent) continue;
        await call('DescribeExecution', { executionArn: recent.executionArn });
        await call('GetExecutionHistory', {
          executionArn: recent.executionArn,
          reverseOrder: true,
          maxResults: 50,
        });
      }
      await call('ListStateMachines', {});
      await sleep(20);
    },
  };
  await Promise.all(
    Object.entries(loops).map(async ([kind, loop]) => {
      while (Date.now() < until) {
        try {
          await loop();
          tally.ops[`cycle:${kind}`] = (tally.ops[`cycle:${kind}`] ?? 0) + 1;
        } catch (e) {
          tally.errors.push(`${kind}: ${e instanceof Error ? e.message : String(e)}`);
          await sleep(100);
        }
      }
    }),
  );
}

interface Sample {
  t: number;
  rss: number;
  heapUsed: number;
  /** Memory of C++ objects bound to JavaScript ones (Buffers, the SQLite binding's). */
  external: number;
}

function samplesOf(stderr: string): Sample[] {
  return [...stderr.matchAll(/^stepwise-soak-memory (.*)$/gm)].map((m) => JSON.parse(m[1] ?? '{}') as Sample);
}

/** Least-squares slope of `y` over time, in MB per minute. */
function trend(samples: readonly Sample[], y: (s: Sample) => number): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mt = samples.reduce((a, s) => a + s.t, 0) / n;
  const my = samples.reduce((a, s) => a + y(s), 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.t - mt) * (y(s) - my);
    den += (s.t - mt) ** 2;
  }
  return (num / den) * 60_000;
}

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;

async function run(storeArgs: string[]): Promise<boolean> {
  const server = await startServerProcess(storeArgs, {
    NODE_OPTIONS: `--import=${join(import.meta.dirname, 'soak-memory.ts')}`,
    STEPWISE_SOAK_SAMPLE_MS: String(SAMPLE_MS),
  });
  const tally: Tally = { ops: {}, errors: [] };
  try {
    const url = server.url;
    for (const [name, definition] of Object.entries(MACHINES)) {
      const r = await callApi(url, 'CreateStateMachine', {
        name: `soak-${name}`,
        definition: JSON.stringify(definition),
        roleArn: ROLE,
      });
      if (r.status !== 200) throw new Error(JSON.stringify(r.json));
    }
    await callApi(url, 'CreateActivity', { name: 'soak' });
    const began = Date.now();
    await soak(url, began + seconds * 1000, tally);
    const elapsed = (Date.now() - began) / 1000;
    await sleep(SAMPLE_MS + 500);
    const samples = samplesOf(server.errors());
    const first = samples[0];
    const last = samples.at(-1);
    const cycles = Object.entries(tally.ops).filter(([k]) => k.startsWith('cycle:'));
    const requests = Object.entries(tally.ops)
      .filter(([k]) => !k.startsWith('cycle:'))
      .reduce((a, [, v]) => a + v, 0);
    const started = tally.ops['StartExecution'] ?? 0;
    console.log(
      `${storeKind}: ${elapsed.toFixed(0)} s, ${requests} requests (${(requests / elapsed).toFixed(0)}/s), ` +
        `${started} executions started; errors ${tally.errors.length}`,
    );
    console.log(`  cycles: ${cycles.map(([k, v]) => `${k.slice(6)} ${v}`).join(', ')}`);
    console.log(
      `  requests: ${Object.entries(tally.ops)
        .filter(([k]) => !k.startsWith('cycle:'))
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    if (first && last) {
      console.log(
        `  server memory, ${samples.length} samples every ${SAMPLE_MS / 1000} s (heap after a full GC): ` +
          `RSS ${mb(first.rss)} -> ${mb(last.rss)} (trend ${trend(samples, (s) => s.rss / 2 ** 20).toFixed(2)} MB/min), ` +
          `heap ${mb(first.heapUsed)} -> ${mb(last.heapUsed)} (trend ${trend(samples, (s) => s.heapUsed / 2 ** 20).toFixed(2)} MB/min, ` +
          `${started ? ((last.heapUsed - first.heapUsed) / started) | 0 : 0} bytes per execution started)`,
      );
      const series = (y: (s: Sample) => number): string =>
        samples.map((s) => (y(s) / 2 ** 20).toFixed(1)).join(' ');
      console.log(`  heap samples (MB): ${series((s) => s.heapUsed)}`);
      console.log(`  RSS samples (MB): ${series((s) => s.rss)}`);
      console.log(`  external samples (MB): ${series((s) => s.external)}`);
    } else console.log('  no memory samples (the preload did not run)');
    for (const e of tally.errors.slice(0, 20)) console.log(`  error: ${e}`);
    const stderr = server
      .errors()
      .replace(/^stepwise-soak-memory .*\n/gm, '')
      .trim();
    if (stderr) console.log(`  server stderr:\n${stderr.slice(0, 2000)}`);
    return tally.errors.length === 0;
  } finally {
    await killServer(server);
  }
}

let ok: boolean;
if (storeKind === 'postgres') {
  const db = await createTestDatabase('soak');
  if (!db) throw new Error('no PostgreSQL at 127.0.0.1:5432');
  try {
    ok = await run(['--store', db.url]);
  } finally {
    await db.drop();
  }
} else {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-soak-'));
  try {
    ok = await run(['--data-dir', dir]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
process.exitCode = ok ? 0 : 1;
