// The durability promise, tested the hard way: a real server process runs hundreds of executions
// (Task, Wait, Parallel, Map) and is killed with SIGKILL at random moments, several times, then
// restarted on the same store. Every execution must finish exactly once with the right output
// and a gap-free history, on SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createTestDatabase } from '../support/postgres-database.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { callApi, killServer, startServerProcess } from '../support/server-process.ts';

const FUNCTIONS = join(import.meta.dirname, 'crash-functions.mjs');
const EXECUTIONS = 200;
const KILLS = 5;
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:crash';
const WORK = 'arn:aws:lambda:us-east-1:123456789012:function:work';

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
const expectedOf = (i: number) => ({ a: 2 * i, b: inputOf(i).items.map((x) => 2 * x) });

interface Server extends ServerProcess {
  /** Open executions the server found in the store and resumed, or left asleep on their timers. */
  readonly resumed: number;
  readonly parked: number;
}

async function startServer(args: string[]): Promise<Server> {
  // Waits of a second or more park (a timer row, no memory): kills also hit parked executions.
  const server = await startServerProcess(['--functions', FUNCTIONS, '--park-after', '1', ...args]);
  const out = server.output();
  return {
    ...server,
    resumed: Number(/resumed (\d+)/.exec(out)?.[1] ?? 0),
    parked: Number(/(\d+) asleep on timers/.exec(out)?.[1] ?? 0),
  };
}

const kill = killServer;
const call = callApi;

/** StartExecution; true once the server has acknowledged it (or says it exists already). */
async function start(url: string, i: number): Promise<boolean> {
  try {
    const r = await call(url, 'StartExecution', {
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

/** Servers started so far, all killed at the end whatever happens. */
type Servers = Server[];

async function crashAndRecover(storeArgs: string[]): Promise<void> {
  const servers: Servers = [];
  try {
    await rounds(storeArgs, servers);
  } finally {
    for (const s of servers) await kill(s);
  }
}

async function rounds(storeArgs: string[], servers: Servers): Promise<void> {
  const boot = async (): Promise<Server> => {
    const s = await startServer(storeArgs);
    servers.push(s);
    return s;
  };
  let server = await boot();
  const created = await call(server.url, 'CreateStateMachine', {
    name: 'crash',
    definition: JSON.stringify(DEFINITION),
    roleArn: 'arn:aws:iam::123456789012:role/r',
  });
  assert.equal(created.status, 200, JSON.stringify(created.json));
  const acknowledged = new Set<number>();
  const perRound = Math.ceil(EXECUTIONS / KILLS);
  let resumed = 0;
  for (let round = 0; round < KILLS; round++) {
    const url = server.url;
    const batch = Array.from({ length: perRound }, (_, k) => round * perRound + k).filter(
      (i) => i < EXECUTIONS,
    );
    // Starts race the kill: some are acknowledged, some die with the process.
    const starts = batch.map((i) => start(url, i).then((ok) => ok && acknowledged.add(i)));
    await sleep(300 + Math.random() * 1200);
    await kill(server);
    await Promise.all(starts);
    server = await boot();
    resumed += server.resumed + server.parked;
  }
  // The kills did cut executions short: the restarted servers had open ones to resume.
  assert.ok(resumed > 0, 'no execution was running at any kill');
  // Whatever a crash cut off is asked again; the same name and input is idempotent.
  for (let i = 0; i < EXECUTIONS; i++) {
    if (acknowledged.has(i)) continue;
    const r = await call(server.url, 'StartExecution', {
      stateMachineArn: MACHINE,
      name: `e-${i}`,
      input: JSON.stringify(inputOf(i)),
    });
    if (r.status !== 200)
      assert.match(String(r.json['__type']), /ExecutionAlreadyExists$/, `start e-${i} again`);
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    const running = await call(server.url, 'ListExecutions', {
      stateMachineArn: MACHINE,
      statusFilter: 'RUNNING',
    });
    if ((running.json['executions'] as unknown[]).length === 0) break;
    assert.ok(Date.now() < deadline, 'executions still running after 60 s');
    await sleep(200);
  }
  let reference: string[] | undefined;
  for (let i = 0; i < EXECUTIONS; i++) {
    const arn = `arn:aws:states:us-east-1:123456789012:execution:crash:e-${i}`;
    const d = await call(server.url, 'DescribeExecution', { executionArn: arn });
    assert.equal(d.json['status'], 'SUCCEEDED', `e-${i}: ${JSON.stringify(d.json)}`);
    assert.deepEqual(JSON.parse(String(d.json['output'])), expectedOf(i), `e-${i} output`);
    const h = await call(server.url, 'GetExecutionHistory', { executionArn: arn, maxResults: 1000 });
    const events = h.json['events'] as Event[];
    events.forEach((e, k) => {
      assert.equal(e.id, k + 1, `e-${i}: ids run 1..n`);
      assert.ok(
        e.previousEventId >= 0 && e.previousEventId < e.id,
        `e-${i}: event ${e.id} follows an earlier one`,
      );
    });
    // Every execution has the same events (each transition once, each task ended once).
    const shapes = events.map(shape).sort();
    reference ??= shapes;
    assert.deepEqual(shapes, reference, `e-${i}: events differ from e-0's`);
  }
  assert.ok(reference);
  const count = (type: string) => reference?.filter((x) => x.startsWith(`${type}/`)).length;
  assert.equal(count('ExecutionStarted'), 1);
  assert.equal(count('ExecutionSucceeded'), 1);
  assert.equal(count('LambdaFunctionSucceeded'), 5);
  assert.equal(count('WaitStateExited'), 1);
  assert.equal(count('MapIterationSucceeded'), 4);
}

describe('crash test: SIGKILL at random moments, then restart', { timeout: 240_000 }, () => {
  it('SQLite: every execution finishes once, right output, gap-free history', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-crash-'));
    try {
      await crashAndRecover(['--data-dir', dir]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL: every execution finishes once, right output, gap-free history', async (t) => {
    const db = await createTestDatabase('crash');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    try {
      await crashAndRecover(['--store', db.url]);
    } finally {
      await db.drop();
    }
  });
});
