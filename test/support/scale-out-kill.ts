// The scale-out kill scenario (issue 17): three servers on one PostgreSQL share `executions`
// executions with Lambda tasks, retries, Waits, callbacks, activities, an inline Map and (one in
// ten) a Distributed Map of STANDARD children; one server is killed (SIGKILL), then another,
// while they run. At the end every execution, children included, must have finished exactly
// once with a gap-free history in which no state was entered more often than its definition
// allows (no transition applied twice), and no lease may be left.
// Used by test/cluster/scale-out.test.ts (small) and bench/scale-out-kill.ts (1,000).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { storedEvents } from './stored-events.ts';
import type { ServerProcess } from './server-process.ts';
import { callApi, killServer, startServerProcess } from './server-process.ts';

const FUNCTIONS = join(import.meta.dirname, '..', 'cluster', 'cluster-functions.mjs');
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:';
const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:job';
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:';
const ROLE = 'arn:aws:iam::123456789012:role/r';

/** Each kind of wait a server may die in, then an inline Map of three items. */
const MIXED = {
  StartAt: 'Work',
  States: {
    Work: {
      Type: 'Task',
      Resource: `${LAMBDA}work`,
      Parameters: { 'n.$': '$.n' },
      ResultPath: '$.w',
      Next: 'Flaky',
    },
    Flaky: {
      Type: 'Task',
      Resource: `${LAMBDA}flaky`,
      ResultPath: null,
      Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, MaxAttempts: 30, BackoffRate: 1 }],
      Next: 'Nap',
    },
    Nap: { Type: 'Wait', Seconds: 1, Next: 'Ask' },
    Ask: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'notify', Payload: { 'token.$': '$$.Task.Token', 'n.$': '$.n' } },
      ResultPath: '$.answer',
      Next: 'Job',
    },
    // No HeartbeatSeconds: a task claimed by a poll on a server killed before it answered must
    // come back to the queue by the claim rule itself (docs/scale-out.md), not by a timeout.
    Job: {
      Type: 'Task',
      Resource: ACTIVITY,
      ResultPath: '$.job',
      Next: 'Each',
    },
    Each: {
      Type: 'Map',
      ItemsPath: '$.list',
      ItemProcessor: {
        StartAt: 'Item',
        States: {
          Item: { Type: 'Pass', Parameters: { 'n.$': '$' }, Next: 'Twice' },
          Twice: { Type: 'Task', Resource: `${LAMBDA}work`, End: true },
        },
      },
      ResultPath: '$.each',
      Next: 'Done',
    },
    Done: { Type: 'Pass', End: true },
  },
};
const MIXED_ENTERED = { Work: 1, Flaky: 1, Nap: 1, Ask: 1, Job: 1, Each: 1, Item: 3, Twice: 3, Done: 1 };

/** A Distributed Map of STANDARD children, each a Wait and a Lambda task. */
const FANOUT = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Map',
      Label: 'Fan',
      ItemsPath: '$.items',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Shape',
        States: {
          Shape: { Type: 'Pass', Parameters: { 'n.$': '$' }, Next: 'Nap' },
          Nap: { Type: 'Wait', Seconds: 1, Next: 'Double' },
          Double: { Type: 'Task', Resource: `${LAMBDA}work`, End: true },
        },
      },
      ResultPath: '$.fan',
      Next: 'Done',
    },
    Done: { Type: 'Pass', End: true },
  },
};
const FANOUT_ENTERED = { Fan: 1, Done: 1 };
const CHILD_ENTERED = { Shape: 1, Nap: 1, Double: 1 };
const CHILDREN = 5;

export interface KillReport {
  readonly executions: number;
  /** Child executions of the Distributed Maps. */
  readonly children: number;
  /** Executions closed (of all, children included) when each kill came. */
  readonly doneAtKills: readonly number[];
  /** From each kill until the killed server held no lease any more. */
  readonly claimedWithinMs: readonly number[];
  readonly durationMs: number;
  readonly problems: readonly string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (s: ServerProcess) => s.child.exitCode === null && s.child.signalCode === null;

/** A call to a live server; one that dies under it (or answers 503) is tried on the next. */
async function anyServer(servers: readonly ServerProcess[], action: string, body: object) {
  for (let attempt = 0; ; attempt++) {
    const live = servers.filter(alive);
    const s = live[attempt % live.length];
    if (!s) throw new Error('no server is alive');
    try {
      const r = await callApi(s.url, action, body);
      if (r.status !== 503) return r;
    } catch {
      // It died under the call.
    }
    if (attempt > 600) throw new Error(`${action} keeps failing`);
    await sleep(100);
  }
}

/** Answers each task token the `notify` function hands over through a live server. */
async function tokenCollector(servers: readonly ServerProcess[], problems: string[]) {
  let closed = false;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.end('{}');
      const { token, n } = JSON.parse(body) as { token: string; n: number };
      void sleep(Math.random() * 300)
        .then(() =>
          anyServer(servers, 'SendTaskSuccess', {
            taskToken: token,
            output: JSON.stringify({ approved: n }),
          }),
        )
        .catch((e: unknown) => {
          if (!closed) problems.push(`could not answer a token: ${String(e)}`);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => {
      closed = true;
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `count` activity workers, each polling one live server at a time (tasks are in the store). */
function activityWorkers(servers: readonly ServerProcess[], count: number): () => void {
  let stopped = false;
  const work = async (k: number): Promise<void> => {
    for (let round = k; !stopped; round++) {
      const live = servers.filter(alive);
      const s = live[round % live.length];
      if (!s) return;
      // A long poll; tasks of every server come through any (a server killed under it fails it).
      const got = await callApi(s.url, 'GetActivityTask', {
        activityArn: ACTIVITY,
        workerName: `w${k}`,
      }).catch(() => undefined);
      const token = got?.json['taskToken'];
      if (typeof token !== 'string') continue;
      await anyServer(servers, 'SendTaskSuccess', { taskToken: token, output: '{"done":true}' }).catch(
        () => {},
      );
    }
  };
  for (let k = 0; k < count; k++) void work(k);
  return () => (stopped = true);
}

interface Row {
  arn: string;
  state_machine_arn: string;
  status: string;
}

/** Counts and checks what the store holds. */
async function closedCount(db: pg.Client): Promise<number> {
  const r = await db.query(`SELECT count(*)::int AS n FROM executions WHERE status <> 'RUNNING'`);
  return (r.rows[0] as { n: number }).n;
}

async function leasesOf(db: pg.Client, url: string): Promise<number> {
  const r = await db.query(
    `SELECT count(*)::int AS n FROM execution_leases l JOIN documents d ON d.kind = 'server' AND d.key = l.owner
     WHERE d.data::json->>'url' = $1`,
    [url],
  );
  return (r.rows[0] as { n: number }).n;
}

/** One execution's history: ids 1..n chained, one start, one success last, states entered as allowed. */
function checkHistory(arn: string, data: readonly string[], entered: Record<string, number>): string[] {
  const events = data.map(
    (d) =>
      JSON.parse(d) as {
        id: number;
        type: string;
        previousEventId: number;
        stateEnteredEventDetails?: { name: string };
      },
  );
  const problems: string[] = [];
  if (!events.every((e, k) => e.id === k + 1)) problems.push(`${arn}: ids do not run 1..n`);
  const types = events.map((e) => e.type);
  if (types.filter((t) => t === 'ExecutionStarted').length !== 1) problems.push(`${arn}: not one start`);
  if (types.filter((t) => t === 'ExecutionSucceeded').length !== 1 || types.at(-1) !== 'ExecutionSucceeded')
    problems.push(`${arn}: not one success, last: ${types.join(',')}`);
  const counts: Record<string, number> = {};
  for (const e of events) {
    const name = e.stateEnteredEventDetails?.name;
    if (name !== undefined) counts[name] = (counts[name] ?? 0) + 1;
  }
  if (JSON.stringify(counts) !== JSON.stringify(entered))
    problems.push(`${arn}: states entered ${JSON.stringify(counts)}, expected ${JSON.stringify(entered)}`);
  return problems;
}

/** Runs the scenario on the PostgreSQL database at `dbUrl` (made for it). */
export async function killScaleOut(options: {
  readonly dbUrl: string;
  readonly executions: number;
  /** Activity workers (each polls one server at a time). */
  readonly workers?: number;
  readonly log?: (line: string) => void;
}): Promise<KillReport> {
  const began = Date.now();
  const log = options.log ?? (() => {});
  const problems: string[] = [];
  const servers: ServerProcess[] = [];
  const collector = await tokenCollector(servers, problems);
  const db = new pg.Client({ connectionString: options.dbUrl });
  let stopWorkers = (): void => {};
  const doneAtKills: number[] = [];
  const claimedWithinMs: number[] = [];
  try {
    const env = { STEPWISE_SCALE_OUT: '1', COLLECTOR_URL: collector.url };
    for (let i = 0; i < 3; i++) {
      servers.push(await startServerProcess(['--functions', FUNCTIONS, '--store', options.dbUrl], env));
    }
    await db.connect();
    const [first] = servers as [ServerProcess];
    for (const [action, body] of [
      ['CreateActivity', { name: 'job' }],
      ['CreateStateMachine', { name: 'mixed', definition: JSON.stringify(MIXED), roleArn: ROLE }],
      ['CreateStateMachine', { name: 'fanout', definition: JSON.stringify(FANOUT), roleArn: ROLE }],
    ] as const) {
      const r = await callApi(first.url, action, body);
      if (r.status !== 200) throw new Error(`${action}: ${JSON.stringify(r.json)}`);
    }
    stopWorkers = activityWorkers(servers, options.workers ?? 6);
    // Started on each server in turn (each drives what it starts), 20 calls at a time.
    const arns: Array<{ arn: string; n: number; fanout: boolean }> = [];
    const starts = Array.from({ length: options.executions }, (_, n) => n);
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        for (let n = starts.shift(); n !== undefined; n = starts.shift()) {
          const fanout = n % 10 === 9;
          const input = fanout
            ? { n, items: Array.from({ length: CHILDREN }, (_, k) => n * 100 + k) }
            : { n, list: [1, 2, 3] };
          const start = () =>
            callApi(servers[n % 3]!.url, 'StartExecution', {
              stateMachineArn: `${MACHINE}${fanout ? 'fanout' : 'mixed'}`,
              name: `x${n}`,
              input: JSON.stringify(input),
            });
          let r = await start();
          // A store too slow to confirm in time answers 503; as the SDKs do, the start is retried
          // (by its name, so a start that was stored after all is not made twice).
          for (let k = 0; r.status === 503 && k < 20; k++) {
            await sleep(500);
            r = await start();
            // Stored after all, and closed already: the checks below say how it ended.
            if (r.json['__type'] === 'com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists') {
              log(`x${n}: answered 503, then ExecutionAlreadyExists (closed already)`);
              r = {
                status: 200,
                json: {
                  executionArn: `${MACHINE.replace('stateMachine', 'execution')}${fanout ? 'fanout' : 'mixed'}:x${n}`,
                },
              };
            }
          }
          if (r.status !== 200) throw new Error(`StartExecution: ${r.status} ${JSON.stringify(r.json)}`);
          arns.push({ arn: String(r.json['executionArn']), n, fanout });
        }
      }),
    );
    log(`started ${arns.length} executions in ${Date.now() - began} ms`);
    const total = arns.length + arns.filter((a) => a.fanout).length * CHILDREN;
    // Kill one server after a third has closed, another after two thirds.
    for (const [k, victim] of [servers[0]!, servers[1]!].entries()) {
      const target = Math.floor((total * (k + 1)) / 3);
      for (let done = await closedCount(db); done < target; done = await closedCount(db)) await sleep(100);
      doneAtKills.push(await closedCount(db));
      const held = await leasesOf(db, victim.url);
      await killServer(victim);
      const killed = Date.now();
      while ((await leasesOf(db, victim.url)) > 0) {
        if (Date.now() - killed > 30_000) break;
        await sleep(50);
      }
      claimedWithinMs.push(Date.now() - killed);
      log(
        `killed ${victim.url} holding ${held} leases at ${doneAtKills.at(-1)} closed; claimed within ${claimedWithinMs.at(-1)} ms`,
      );
    }
    const deadline = Date.now() + Math.max(120_000, options.executions * 600);
    for (let done = await closedCount(db); done < total; done = await closedCount(db)) {
      if (Date.now() > deadline) {
        problems.push(`only ${done} of ${total} executions closed`);
        break;
      }
      await sleep(200);
    }
    log(`all closed after ${Date.now() - began} ms; checking`);
    // Every execution in the store: each closed once, succeeded, its history gap-free.
    const rows = (await db.query('SELECT arn, state_machine_arn, status FROM executions')).rows as Row[];
    if (rows.length !== total) problems.push(`${rows.length} executions stored, ${total} expected`);
    const events = await storedEvents(db);
    for (const row of rows) {
      if (row.status !== 'SUCCEEDED') problems.push(`${row.arn}: ${row.status}`);
      const machine = row.state_machine_arn.slice(MACHINE.length);
      const entered =
        machine === 'mixed' ? MIXED_ENTERED : machine === 'fanout' ? FANOUT_ENTERED : CHILD_ENTERED;
      problems.push(...checkHistory(row.arn, events.get(row.arn) ?? [], entered));
    }
    // Outputs: each execution's work reached it once and in order.
    for (const { arn, n, fanout } of arns) {
      const d = await anyServer(servers, 'DescribeExecution', { executionArn: arn });
      const output = JSON.parse(typeof d.json['output'] === 'string' ? d.json['output'] : 'null') as Record<
        string,
        unknown
      > | null;
      const expected = fanout
        ? Array.from({ length: CHILDREN }, (_, k) => ({ v: 2 * (n * 100 + k) }))
        : undefined;
      if (fanout && JSON.stringify(output?.['fan']) !== JSON.stringify(expected))
        problems.push(`${arn}: fan ${JSON.stringify(output?.['fan'])}`);
      if (
        !fanout &&
        JSON.stringify([output?.['w'], output?.['answer'], output?.['job'], output?.['each']]) !==
          JSON.stringify([{ v: 2 * n }, { approved: n }, { done: true }, [{ v: 2 }, { v: 4 }, { v: 6 }]])
      )
        problems.push(`${arn}: output ${JSON.stringify(output)}`);
    }
    const leases = await db.query('SELECT count(*)::int AS n FROM execution_leases');
    const left = (leases.rows[0] as { n: number }).n;
    if (left !== 0) problems.push(`${left} leases left`);
    return {
      executions: arns.length,
      children: total - arns.length,
      doneAtKills,
      claimedWithinMs,
      durationMs: Date.now() - began,
      problems,
    };
  } finally {
    // What went wrong inside the servers, for whoever reads the log.
    const told = servers
      .flatMap((s) => s.errors().split('\n'))
      .filter((l) => /refused|could not|Error/.test(l));
    for (const line of told.slice(0, 20)) log(`server: ${line.slice(0, 400)}`);
    stopWorkers();
    await collector.close();
    for (const s of servers) await killServer(s);
    await db.end().catch(() => {});
  }
}
