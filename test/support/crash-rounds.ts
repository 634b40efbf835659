// The crash scenario shared by the crash test (test/durable/crash.test.ts) and its benchmark at
// scale (bench/crash.ts): a real server process runs executions (Task, Wait, Parallel, Map) and
// is killed with SIGKILL at random moments, several times, then restarted on the same store.
// It reports what came out, so the test can assert it and the benchmark can print it.
import { join } from 'node:path';
import type { ServerProcess } from './server-process.ts';
import { callApi, killServer, startServerProcess } from './server-process.ts';

const FUNCTIONS = join(import.meta.dirname, '..', 'durable', 'crash-functions.mjs');
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:crash';
const WORK = 'arn:aws:lambda:us-east-1:123456789012:function:work';
const EXECUTION = 'arn:aws:states:us-east-1:123456789012:execution:crash:';

const DEFINITION = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'Double',
          States: {
            Double: { Type: 'Task', Resource: WORK, Parameters: { 'n.$': '$.n' }, Next: 'Nap' },
            Nap: { Type: 'Wait', Seconds: 3, End: true },
          },
        },
        {
          StartAt: 'Each',
          States: {
            Each: {
              Type: 'Map',
              ItemsPath: '$.items',
              MaxConcurrency: 2,
              ItemProcessor: {
                StartAt: 'Item',
                States: { Item: { Type: 'Task', Resource: WORK, Parameters: { 'n.$': '$' }, End: true } },
              },
              End: true,
            },
          },
        },
      ],
      Next: 'Sum',
    },
    Sum: { Type: 'Pass', Parameters: { 'a.$': '$[0].v', 'b.$': '$[1][*].v' }, End: true },
  },
};

const inputOf = (i: number) => ({ n: i, items: [i, i + 1, i + 2, i + 3] });
const expectedOf = (i: number) => JSON.stringify({ a: 2 * i, b: inputOf(i).items.map((x) => 2 * x) });

/**
 * The events every execution must have, once each whatever the kills cut (type/name/index):
 * a transition or a task end recorded twice, or one missing, shows here.
 */
const EXPECTED_COUNTS: Readonly<Record<string, number>> = {
  ExecutionStarted: 1,
  ExecutionSucceeded: 1,
  LambdaFunctionSucceeded: 5,
  WaitStateExited: 1,
  MapIterationSucceeded: 4,
  PassStateExited: 1,
  ParallelStateExited: 1,
};

interface Server extends ServerProcess {
  /** Open executions the server found in the store and resumed, or left asleep on their timers. */
  readonly resumed: number;
  readonly parked: number;
}

async function startServer(args: readonly string[]): Promise<Server> {
  // Waits of a second or more park (a timer row, no memory): kills also hit parked executions.
  const server = await startServerProcess(['--functions', FUNCTIONS, '--park-after', '1', ...args]);
  const out = server.output();
  return {
    ...server,
    resumed: Number(/resumed (\d+)/.exec(out)?.[1] ?? 0),
    parked: Number(/(\d+) asleep on timers/.exec(out)?.[1] ?? 0),
  };
}

/** StartExecution; true once the server has acknowledged it (or says it exists already). */
async function start(url: string, i: number): Promise<boolean> {
  try {
    const r = await callApi(url, 'StartExecution', {
      stateMachineArn: MACHINE,
      name: `e-${i}`,
      input: JSON.stringify(inputOf(i)),
    });
    if (r.status === 200) return true;
    // Started before a crash and already finished: AWS refuses the same name again.
    return /ExecutionAlreadyExists$/.test(String(r.json['__type']));
  } catch {
    return false; // the server died under the request
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Event {
  id: number;
  previousEventId: number;
  type: string;
  [details: string]: unknown;
}

const shape = (e: Event): string => {
  const d = Object.entries(e).find(([k]) => k.endsWith('EventDetails'))?.[1] as
    Record<string, unknown> | undefined;
  return `${e.type}/${JSON.stringify(d?.['name'] ?? '')}/${JSON.stringify(d?.['index'] ?? '')}`;
};

export interface CrashSettings {
  readonly executions: number;
  readonly kills: number;
  /** `--data-dir DIR` or `--store postgres://…`. */
  readonly storeArgs: readonly string[];
}

export interface CrashReport {
  readonly executions: number;
  readonly kills: number;
  /** Acknowledged by a server before it was killed. */
  readonly acknowledged: number;
  /** Open executions the restarted servers found and resumed (or left parked), summed. */
  readonly resumed: number;
  /** Not SUCCEEDED with the right output in the end. */
  readonly lost: readonly string[];
  /** Listed more than once, or with an event missing or recorded twice. */
  readonly duplicated: readonly string[];
  /** With ids not 1..n or a previousEventId that is not earlier. */
  readonly gaps: readonly string[];
  readonly durationMs: number;
  /** Every failure, one line each (empty when all is well). */
  readonly problems: readonly string[];
}

/** Runs the scenario; every server it started is killed at the end, whatever happens. */
export async function crashAndRecover(settings: CrashSettings): Promise<CrashReport> {
  const servers: Server[] = [];
  try {
    return await rounds(settings, servers);
  } finally {
    for (const s of servers) await killServer(s);
  }
}

async function rounds(settings: CrashSettings, servers: Server[]): Promise<CrashReport> {
  const began = Date.now();
  const { executions, kills } = settings;
  const boot = async (): Promise<Server> => {
    const s = await startServer(settings.storeArgs);
    servers.push(s);
    return s;
  };
  let server = await boot();
  const created = await callApi(server.url, 'CreateStateMachine', {
    name: 'crash',
    definition: JSON.stringify(DEFINITION),
    roleArn: 'arn:aws:iam::123456789012:role/r',
  });
  if (created.status !== 200) throw new Error(`CreateStateMachine: ${JSON.stringify(created.json)}`);
  const acknowledged = new Set<number>();
  const perRound = Math.ceil(executions / kills);
  let resumed = 0;
  for (let round = 0; round < kills; round++) {
    const url = server.url;
    const batch = Array.from({ length: perRound }, (_, k) => round * perRound + k).filter(
      (i) => i < executions,
    );
    // Starts race the kill: some are acknowledged, some die with the process.
    const starts = batch.map((i) => start(url, i).then((ok) => ok && acknowledged.add(i)));
    await sleep(300 + Math.random() * 1200);
    await killServer(server);
    await Promise.all(starts);
    server = await boot();
    resumed += server.resumed + server.parked;
  }
  const problems: string[] = [];
  // Whatever a crash cut off is asked again; the same name and input is idempotent.
  for (let i = 0; i < executions; i++) {
    if (acknowledged.has(i)) continue;
    const r = await callApi(server.url, 'StartExecution', {
      stateMachineArn: MACHINE,
      name: `e-${i}`,
      input: JSON.stringify(inputOf(i)),
    });
    if (r.status !== 200 && !/ExecutionAlreadyExists$/.test(String(r.json['__type'])))
      problems.push(`start e-${i} again: ${JSON.stringify(r.json)}`);
  }
  await untilNoneRunning(server.url, 60_000 + executions * 60);
  const listed = await listAll(server.url);
  const lost: string[] = [];
  const duplicated: string[] = [];
  const gaps: string[] = [];
  let reference: string | undefined;
  for (const [arn, n] of listed) if (n > 1) duplicated.push(`${arn} listed ${n} times`);
  for (let i = 0; i < executions; i++) {
    const arn = `${EXECUTION}e-${i}`;
    const d = await callApi(server.url, 'DescribeExecution', { executionArn: arn });
    if (d.json['status'] !== 'SUCCEEDED' || d.json['output'] !== expectedOf(i))
      lost.push(`e-${i}: ${JSON.stringify(d.json)}`);
    const h = await callApi(server.url, 'GetExecutionHistory', { executionArn: arn, maxResults: 1000 });
    const events = (h.json['events'] ?? []) as Event[];
    if (events.some((e, k) => e.id !== k + 1 || e.previousEventId < 0 || e.previousEventId >= e.id))
      gaps.push(`e-${i}`);
    const counts = new Map<string, number>();
    for (const e of events) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
    const off = Object.entries(EXPECTED_COUNTS).filter(([type, n]) => counts.get(type) !== n);
    // Every execution has the same events (each transition once, each task ended once).
    const shapes = events.map(shape).sort().join('\n');
    reference ??= shapes;
    if (off.length > 0 || shapes !== reference)
      duplicated.push(
        `e-${i}: ${off.map(([t, n]) => `${t} ${counts.get(t) ?? 0}≠${n}`).join(', ') || "events differ from e-0's"}`,
      );
  }
  problems.push(...lost, ...duplicated, ...gaps.map((g) => `${g}: history has a gap`));
  return {
    executions,
    kills,
    acknowledged: acknowledged.size,
    resumed,
    lost,
    duplicated,
    gaps,
    durationMs: Date.now() - began,
    problems,
  };
}

async function untilNoneRunning(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const running = await callApi(url, 'ListExecutions', {
      stateMachineArn: MACHINE,
      statusFilter: 'RUNNING',
    });
    if ((running.json['executions'] as unknown[]).length === 0) return;
    if (Date.now() > deadline) throw new Error(`executions still running after ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** Every execution ARN ListExecutions gives, page by page, with how many times it came. */
async function listAll(url: string): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  let nextToken: string | undefined;
  do {
    const r = await callApi(url, 'ListExecutions', {
      stateMachineArn: MACHINE,
      maxResults: 1000,
      ...(nextToken ? { nextToken } : {}),
    });
    for (const x of r.json['executions'] as { executionArn: string }[])
      seen.set(x.executionArn, (seen.get(x.executionArn) ?? 0) + 1);
    nextToken = r.json['nextToken'] as string | undefined;
  } while (nextToken);
  return seen;
}
