// Several servers on one PostgreSQL with per-execution leases (DESIGN.md decision 6, scale-out):
// every server drives executions and answers every call; when servers die (SIGKILL) the live ones
// claim their executions and finish each exactly once; a server paused past its lease (SIGSTOP)
// has its executions claimed by another, and once resumed writes nothing more of them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { storedEvents } from '../support/stored-events.ts';
import { createTestDatabase } from '../../src/test-support/postgres-database.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { callApi, killServer, startServerProcess } from '../support/server-process.ts';
import { killScaleOut } from '../support/scale-out-kill.ts';

const FUNCTIONS = join(import.meta.dirname, 'cluster-functions.mjs');
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:';
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:';

const NAPPING = {
  StartAt: 'Work',
  States: {
    Work: { Type: 'Task', Resource: `${LAMBDA}work`, Parameters: { 'n.$': '$.n' }, Next: 'Nap' },
    Nap: { Type: 'Wait', Seconds: 3, Next: 'Done' },
    Done: { Type: 'Pass', End: true },
  },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 45_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `${what}: not within ${ms} ms`);
    await sleep(200);
  }
}

const alive = (s: ServerProcess) => s.child.exitCode === null && s.child.signalCode === null;

/**
 * Checks each execution's stored history: ids 1..n, one start and one success, every state entered
 * once (no transition applied twice); returns how many servers' leases remain.
 */
async function checkHistories(url: string, arns: readonly string[]): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    for (const arn of arns) {
      const rows = (await storedEvents(db, arn)).get(arn) ?? [];
      const events = rows.map(
        (r) =>
          JSON.parse(r) as {
            id: number;
            type: string;
            previousEventId: number;
            stateEnteredEventDetails?: { name: string };
          },
      );
      events.forEach((e, k) => assert.equal(e.id, k + 1, `${arn}: ids run 1..n`));
      const types = events.map((e) => e.type);
      assert.equal(types.filter((t) => t === 'ExecutionStarted').length, 1, `${arn}: one start`);
      assert.equal(types.filter((t) => t === 'ExecutionSucceeded').length, 1, `${arn}: ${types.join(',')}`);
      assert.equal(types.at(-1), 'ExecutionSucceeded');
      const entered = events.flatMap((e) =>
        e.stateEnteredEventDetails ? [e.stateEnteredEventDetails.name] : [],
      );
      assert.equal(
        new Set(entered).size,
        entered.length,
        `${arn}: each state entered once: ${entered.join(',')}`,
      );
    }
    const leases = await db.query('SELECT count(*)::int AS n FROM execution_leases');
    assert.equal((leases.rows[0] as { n: number }).n, 0, 'closed executions hold no lease');
  } finally {
    await db.end();
  }
}

/** How many execution leases the server at `url` holds. */
async function leasesOf(db: string, url: string): Promise<number> {
  const c = new pg.Client({ connectionString: db });
  await c.connect();
  try {
    const r = await c.query(
      `SELECT count(*)::int AS n FROM execution_leases l JOIN documents d ON d.kind = 'server' AND d.key = l.owner
       WHERE d.data::json->>'url' = $1`,
      [url],
    );
    return (r.rows[0] as { n: number }).n;
  } finally {
    await c.end();
  }
}

/**
 * Two scale-out servers on the database (pushed to `servers`, which the caller stops) and `count`
 * executions of the napping machine started on the first; their ARNs.
 */
async function nappingOnTwo(dbUrl: string, servers: ServerProcess[], count: number): Promise<string[]> {
  for (let i = 0; i < 2; i++) {
    servers.push(
      await startServerProcess(['--functions', FUNCTIONS, '--store', dbUrl], { STEPWISE_SCALE_OUT: '1' }),
    );
  }
  const first = servers[0]!;
  const machine = await callApi(first.url, 'CreateStateMachine', {
    name: 'napping',
    definition: JSON.stringify(NAPPING),
    roleArn: 'arn:aws:iam::123456789012:role/r',
  });
  assert.equal(machine.status, 200, JSON.stringify(machine.json));
  const arns: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await callApi(first.url, 'StartExecution', {
      stateMachineArn: `${MACHINE}napping`,
      input: JSON.stringify({ n: i }),
    });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    arns.push(String(r.json['executionArn']));
  }
  return arns;
}

describe('scale-out: servers share executions by lease on PostgreSQL', { timeout: 120_000 }, () => {
  it('three servers, two killed one after the other: every execution (Maps, children included) finishes once with a gap-free history', async (t) => {
    const db = await createTestDatabase('scaleout');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    try {
      // The scenario of bench/scale-out-kill.ts (1,000 executions) at a test's size.
      const report = await killScaleOut({ dbUrl: db.url, executions: 30 });
      assert.deepEqual(report.problems, []);
      assert.equal(report.executions, 30);
      assert.equal(report.children, 15);
      // A dead server's executions are claimed by the live ones within 5 s.
      for (const ms of report.claimedWithinMs) assert.ok(ms < 5_000, `claimed within ${ms} ms`);
    } finally {
      await db.drop();
    }
  });

  it('fencing: a server paused past its lease (SIGSTOP) loses its executions and writes none of them once resumed', async (t) => {
    const db = await createTestDatabase('fencing');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    const servers: ServerProcess[] = [];
    try {
      const arns = await nappingOnTwo(db.url, servers, 20);
      const [paused, other] = servers as [ServerProcess, ServerProcess];
      // Paused inside its Wait, past its 2.5 s lease: the other server claims and finishes them.
      const t0 = Date.now();
      const phase = (what: string) => process.env['SCALE_OUT_LOGS'] && console.error(what, Date.now() - t0);
      paused.child.kill('SIGSTOP');
      await until('the other server finishes them', async () => {
        const r = await callApi(other.url, 'ListExecutions', {
          stateMachineArn: `${MACHINE}napping`,
          statusFilter: 'SUCCEEDED',
        });
        return (r.json['executions'] as unknown[]).length === arns.length;
      });
      phase('finished by the other');
      paused.child.kill('SIGCONT');
      // At its first renewal it finds every lease gone and drops each execution it lost. (Its
      // lead of the store, held on a connection of its own, survives the pause: were its writes
      // sent through that connection, a pause inside a transaction would end the session, and
      // with it the lead, and the server would restart instead.)
      await until(
        'the resumed server drops each execution it lost',
        () =>
          arns.every((arn) =>
            paused.errors().includes(`${arn} is driven by another server now; dropped here`),
          ),
        10_000,
      );
      assert.doesNotMatch(paused.errors(), /lost the lead/);
      phase('dropped');
      // Time for any late write of the resumed server to be tried (and refused).
      await sleep(1500);
      await checkHistories(db.url, arns);
      assert.ok(alive(paused), 'the resumed server goes on serving');
      const d = await callApi(other.url, 'DescribeExecution', { executionArn: arns[0] });
      assert.equal(d.json['status'], 'SUCCEEDED');
    } finally {
      if (process.env['SCALE_OUT_LOGS']) for (const s of servers) console.error(s.url, s.errors());
      for (const s of servers) {
        s.child.kill('SIGCONT');
        await killServer(s);
      }
      await db.drop();
    }
  });

  it('draining: a server stopped with SIGTERM hands its leases back; another claims them before they would expire', async (t) => {
    const db = await createTestDatabase('draining');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    const servers: ServerProcess[] = [];
    try {
      const arns = await nappingOnTwo(db.url, servers, 10);
      const [draining, other] = servers as [ServerProcess, ServerProcess];
      await sleep(500);
      assert.ok((await leasesOf(db.url, draining.url)) > 0, 'the draining server holds executions');
      await killServer(draining, 'SIGTERM');
      const exited = Date.now();
      // Handed back, its leases are claimed at the next poll (0.5 s), not after their 2.5 s.
      await until('its leases are claimed', async () => (await leasesOf(db.url, draining.url)) === 0, 10_000);
      assert.ok(Date.now() - exited < 1_500, `claimed ${Date.now() - exited} ms after it exited`);
      await until('the other server finishes them', async () => {
        const r = await callApi(other.url, 'ListExecutions', {
          stateMachineArn: `${MACHINE}napping`,
          statusFilter: 'SUCCEEDED',
        });
        return (r.json['executions'] as unknown[]).length === arns.length;
      });
      await checkHistories(db.url, arns);
    } finally {
      for (const s of servers) await killServer(s);
      await db.drop();
    }
  });
});
