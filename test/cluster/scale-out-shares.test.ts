// Scaled-out servers share the work (docs/scale-out.md): the STANDARD children of one Distributed
// Map are driven by more than one server from the start, and a server that joins takes a fair
// share of the open executions from one that held them all; every execution still finishes once.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import pg from 'pg';
import { storedEvents } from '../support/stored-events.ts';
import { createTestDatabase } from '../../src/test-support/postgres-database.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { callApi, killServer, startServerProcess } from '../support/server-process.ts';

const FUNCTIONS = join(import.meta.dirname, 'cluster-functions.mjs');
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:';
const ROLE = 'arn:aws:iam::123456789012:role/r';

/** Eight children at once, each napping long enough to be seen where it runs. */
const FANOUT = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Map',
      Label: 'Fan',
      ItemsPath: '$.items',
      MaxConcurrency: 8,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Nap',
        States: {
          Nap: { Type: 'Wait', Seconds: 3, Next: 'Shape' },
          Shape: { Type: 'Pass', Parameters: { 'n.$': '$' }, End: true },
        },
      },
      ResultPath: '$.fan',
      End: true,
    },
  },
};

/** Parked (the servers park any Wait of a second or more), then done. */
const WAITING = {
  StartAt: 'Wait',
  States: {
    Wait: { Type: 'Wait', Seconds: 12, Next: 'Done' },
    Done: { Type: 'Pass', Result: 'done', ResultPath: '$.done', End: true },
  },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `${what}: not within ${ms} ms`);
    await sleep(100);
  }
}

const serve = (url: string, args: readonly string[] = []) =>
  startServerProcess(['--functions', FUNCTIONS, '--store', url, ...args], { STEPWISE_SCALE_OUT: '1' });

async function create(server: ServerProcess, name: string, definition: object): Promise<void> {
  const r = await callApi(server.url, 'CreateStateMachine', {
    name,
    definition: JSON.stringify(definition),
    roleArn: ROLE,
  });
  assert.equal(r.status, 200, JSON.stringify(r.json));
}

/** Lease counts by owner ('' for leases handed back and not claimed yet). */
async function owners(db: pg.Client): Promise<Map<string, number>> {
  const r = await db.query('SELECT owner, count(*)::int AS n FROM execution_leases GROUP BY owner');
  return new Map((r.rows as Array<{ owner: string; n: number }>).map((row) => [row.owner, row.n]));
}

/** Each history: ids 1..n, one start, one success last, each state entered once. */
async function checkOnce(db: pg.Client, arns: readonly string[]): Promise<void> {
  for (const arn of arns) {
    const rows = (await storedEvents(db, arn)).get(arn) ?? [];
    const events = rows.map(
      (r) => JSON.parse(r) as { id: number; type: string; stateEnteredEventDetails?: { name: string } },
    );
    assert.deepEqual(
      events.map((e) => e.id),
      events.map((_, i) => i + 1),
      `${arn}: ids 1..n`,
    );
    assert.equal(events.filter((e) => e.type === 'ExecutionStarted').length, 1, `${arn}: one start`);
    assert.equal(events.at(-1)?.type, 'ExecutionSucceeded', `${arn}: succeeded last`);
    const entered = events.flatMap((e) =>
      e.stateEnteredEventDetails ? [e.stateEnteredEventDetails.name] : [],
    );
    assert.equal(
      new Set(entered).size,
      entered.length,
      `${arn}: each state entered once (${entered.join(',')})`,
    );
  }
}

/**
 * A database of the test's own, a client on it, and the servers the test starts there: all
 * stopped and dropped after `body`.
 */
async function onDatabase(
  t: TestContext,
  name: string,
  body: (cluster: { url: string; db: pg.Client; servers: ServerProcess[] }) => Promise<void>,
): Promise<void> {
  const database = await createTestDatabase(name);
  if (!database) return t.skip('no PostgreSQL at 127.0.0.1:5432');
  const db = new pg.Client({ connectionString: database.url });
  const servers: ServerProcess[] = [];
  try {
    await db.connect();
    await body({ url: database.url, db, servers });
  } finally {
    if (process.env['SCALE_OUT_LOGS']) for (const s of servers) console.error(s.url, s.errors());
    for (const s of servers) await killServer(s);
    await db.end().catch(() => undefined);
    await database.drop();
  }
}

/** Both servers' heartbeats are written (each counts in the other's share), and a moment more. */
async function bothLive(db: pg.Client): Promise<void> {
  await until('both servers are live', async () => {
    const r = await db.query('SELECT count(*)::int AS n FROM live_servers WHERE expires_at > $1', [
      Date.now(),
    ]);
    return (r.rows[0] as { n: number }).n === 2;
  });
  await sleep(1000);
}

describe('scale-out: servers share the work', { timeout: 180_000 }, () => {
  it("a Distributed Map's children are driven by more than one server from the start", async (t) => {
    await onDatabase(t, 'shares_map', async ({ url, db, servers }) => {
      servers.push(await serve(url), await serve(url));
      const [a] = servers as [ServerProcess, ServerProcess];
      await create(a, 'fan', FANOUT);
      // Both servers live (their heartbeats written) before the Map starts.
      await bothLive(db);
      const items = [1, 2, 3, 4, 5, 6, 7, 8];
      const started = await callApi(a.url, 'StartExecution', {
        stateMachineArn: `${MACHINE}fan`,
        input: JSON.stringify({ items }),
      });
      assert.equal(started.status, 200, JSON.stringify(started.json));
      const parent = String(started.json['executionArn']);
      // Who holds each child's lease while the children nap.
      const drivers = new Map<string, Set<string>>();
      let status = 'RUNNING';
      const deadline = Date.now() + 60_000;
      while (status === 'RUNNING') {
        assert.ok(Date.now() < deadline, 'the Map did not finish within 60 s');
        const r = await db.query(
          `SELECT execution_arn, owner FROM execution_leases WHERE execution_arn <> $1 AND owner <> '' AND expires_at > $2`,
          [parent, Date.now()],
        );
        for (const row of r.rows as Array<{ execution_arn: string; owner: string }>) {
          const set = drivers.get(row.owner) ?? new Set();
          set.add(row.execution_arn);
          drivers.set(row.owner, set);
        }
        status = String((await callApi(a.url, 'DescribeExecution', { executionArn: parent })).json['status']);
        await sleep(100);
      }
      const done = await callApi(a.url, 'DescribeExecution', { executionArn: parent });
      assert.equal(done.json['status'], 'SUCCEEDED', JSON.stringify(done.json));
      assert.deepEqual(
        JSON.parse(String(done.json['output'])),
        { items, fan: items.map((n) => ({ n })) },
        'the parent saw every child end, in order',
      );
      assert.ok(
        drivers.size >= 2,
        `children driven by ${drivers.size} server(s): ${JSON.stringify([...drivers].map(([o, s]) => [o, s.size]))}`,
      );
      const children = (
        await db.query(`SELECT arn FROM executions WHERE arn <> $1 AND status <> 'RUNNING'`, [parent])
      ).rows.map((r) => String((r as { arn: string }).arn));
      assert.equal(children.length, items.length);
      await checkOnce(db, [parent, ...children]);
      assert.equal((await owners(db)).size, 0, 'no lease is left');
    });
  });

  it('a Map Run is read and changed on any server, and a stop of the parent reaches the children another server drives: each ends ABORTED', async (t) => {
    await onDatabase(t, 'shares_stop', async ({ url, db, servers }) => {
      servers.push(await serve(url), await serve(url));
      const [a] = servers as [ServerProcess, ServerProcess];
      const napping = structuredClone(FANOUT);
      napping.States.Fan.ItemProcessor.States.Nap.Seconds = 120;
      await create(a, 'long', napping);
      await bothLive(db);
      const started = await callApi(a.url, 'StartExecution', {
        stateMachineArn: `${MACHINE}long`,
        input: JSON.stringify({ items: [1, 2, 3, 4, 5, 6, 7, 8] }),
      });
      assert.equal(started.status, 200, JSON.stringify(started.json));
      const parent = String(started.json['executionArn']);
      const children = async () =>
        (await db.query(`SELECT arn, status FROM executions WHERE arn <> $1 ORDER BY arn`, [parent]))
          .rows as Array<{ arn: string; status: string }>;
      // All eight started, and some driven by the server that does not drive the parent.
      await until('the children spread over both servers', async () => {
        const r = await db.query(
          `SELECT count(DISTINCT owner)::int AS n FROM execution_leases WHERE execution_arn <> $1 AND owner <> ''`,
          [parent],
        );
        return (await children()).length === 8 && (r.rows[0] as { n: number }).n === 2;
      });
      // The server that does not drive the parent answers for its Map Run: reads from the store,
      // the change applied by the parent's server.
      const b = servers[1]!;
      const run = await db.query(`SELECT key FROM documents WHERE kind = 'mapRun' AND parent = $1`, [parent]);
      const mapRunArn = String((run.rows[0] as { key: string }).key);
      const described = await callApi(b.url, 'DescribeMapRun', { mapRunArn });
      assert.equal(described.status, 200, JSON.stringify(described.json));
      assert.equal(described.json['executionArn'], parent);
      const listed = await callApi(b.url, 'ListExecutions', { mapRunArn });
      assert.equal(listed.status, 200, JSON.stringify(listed.json));
      assert.equal((listed.json['executions'] as unknown[]).length, 8);
      const updated = await callApi(b.url, 'UpdateMapRun', { mapRunArn, toleratedFailureCount: 5 });
      assert.equal(updated.status, 200, JSON.stringify(updated.json));
      const after = await callApi(a.url, 'DescribeMapRun', { mapRunArn });
      assert.equal(after.json['toleratedFailureCount'], 5, JSON.stringify(after.json));
      const stopped = await callApi(a.url, 'StopExecution', { executionArn: parent });
      assert.equal(stopped.status, 200, JSON.stringify(stopped.json));
      await until(
        'every child has ended',
        async () => (await children()).every((c) => c.status !== 'RUNNING'),
        20_000,
      );
      assert.deepEqual(
        (await children()).map((c) => c.status),
        Array(8).fill('ABORTED'),
      );
      // The Map Run closes after its stopped parent (once the children have ended), and says so.
      await until('the Map Run is stored ABORTED', async () => {
        const r = await db.query(`SELECT data FROM documents WHERE kind = 'mapRun' AND parent = $1`, [
          parent,
        ]);
        const rows = r.rows as Array<{ data: string }>;
        return rows.length === 1 && (JSON.parse(rows[0]!.data) as { status: string }).status === 'ABORTED';
      });
    });
  });

  it("a parent's server paused past its lease: the Map succeeds once on the other, and the stale copy stops no child", async (t) => {
    await onDatabase(t, 'shares_stale', async ({ url, db, servers }) => {
      servers.push(await serve(url), await serve(url));
      const [a] = servers as [ServerProcess, ServerProcess];
      const napping = structuredClone(FANOUT);
      // Long enough to be running still when the paused server resumes (past its lease, and the
      // other server's claim), short enough to stay in memory (parking takes a minute).
      napping.States.Fan.ItemProcessor.States.Nap.Seconds = 15;
      await create(a, 'stale', napping);
      await bothLive(db);
      const items = [1, 2, 3, 4, 5, 6, 7, 8];
      const started = await callApi(a.url, 'StartExecution', {
        stateMachineArn: `${MACHINE}stale`,
        input: JSON.stringify({ items }),
      });
      assert.equal(started.status, 200, JSON.stringify(started.json));
      const parent = String(started.json['executionArn']);
      const ownerOf = async (arn: string): Promise<string | undefined> => {
        const r = await db.query('SELECT owner FROM execution_leases WHERE execution_arn = $1', [arn]);
        return (r.rows[0] as { owner: string } | undefined)?.owner;
      };
      const first = await ownerOf(parent);
      assert.ok(first, 'the first server holds the parent');
      await until('all eight children started, spread over both servers', async () => {
        const r = await db.query(
          `SELECT count(*)::int AS n, count(DISTINCT l.owner) FILTER (WHERE l.owner <> '')::int AS owners
           FROM executions e LEFT JOIN execution_leases l ON l.execution_arn = e.arn WHERE e.arn <> $1`,
          [parent],
        );
        const row = r.rows[0] as { n: number; owners: number };
        return row.n === items.length && row.owners === 2;
      });
      // Paused past its lease: the other server claims the parent (and the children it drove).
      a.child.kill('SIGSTOP');
      try {
        await until('the other server holds the parent', async () => {
          const owner = await ownerOf(parent);
          return owner !== undefined && owner !== '' && owner !== first;
        });
      } finally {
        a.child.kill('SIGCONT');
      }
      // Resumed, it finds the parent's lease gone at its next renewal and drops its copy.
      await until('the resumed server drops its stale copy of the parent', () =>
        Promise.resolve(a.errors().includes(`${parent} is driven by another server now; dropped here`)),
      );
      let done = await callApi(a.url, 'DescribeExecution', { executionArn: parent });
      await until('the parent ends', async () => {
        done = await callApi(a.url, 'DescribeExecution', { executionArn: parent });
        return done.json['status'] !== 'RUNNING';
      });
      const children = (
        await db.query(`SELECT arn, status FROM executions WHERE arn <> $1 ORDER BY arn`, [parent])
      ).rows as Array<{ arn: string; status: string }>;
      assert.equal(
        done.json['status'],
        'SUCCEEDED',
        `${JSON.stringify(done.json)}; children: ${children.map((c) => c.status).join(',')}`,
      );
      assert.deepEqual(
        JSON.parse(String(done.json['output'])),
        { items, fan: items.map((n) => ({ n })) },
        'the parent saw every child end, in order',
      );
      assert.deepEqual(
        children.map((c) => c.status),
        Array(items.length).fill('SUCCEEDED'),
      );
      await checkOnce(db, [parent, ...children.map((c) => c.arn)]);
      // Time for a late write of the stale copy to be tried (and refused): the Map Run stays as
      // the live parent closed it, each child counted once.
      await sleep(1500);
      const runs = (
        await db.query(`SELECT data FROM documents WHERE kind = 'mapRun' AND parent = $1`, [parent])
      ).rows as Array<{ data: string }>;
      assert.equal(runs.length, 1, 'one Map Run');
      const run = JSON.parse(runs[0]!.data) as {
        status: string;
        executionCounts: Record<string, number>;
      };
      assert.equal(run.status, 'SUCCEEDED');
      assert.deepEqual(run.executionCounts, {
        pending: 0,
        running: 0,
        succeeded: items.length,
        failed: 0,
        timedOut: 0,
        aborted: 0,
        total: items.length,
        resultsWritten: items.length,
      });
      assert.equal((await owners(db)).size, 0, 'no lease is left');
    });
  });

  it('a server that joins takes a fair share of the waiting executions; each finishes once', async (t) => {
    await onDatabase(t, 'shares_join', async ({ url, db, servers }) => {
      const N = 20;
      servers.push(await serve(url, ['--park-after', '1']));
      const [a] = servers as [ServerProcess];
      await create(a, 'waiting', WAITING);
      const arns: string[] = [];
      for (let i = 0; i < N; i++) {
        const r = await callApi(a.url, 'StartExecution', {
          stateMachineArn: `${MACHINE}waiting`,
          input: JSON.stringify({ i }),
        });
        assert.equal(r.status, 200, JSON.stringify(r.json));
        arns.push(String(r.json['executionArn']));
      }
      const before = await owners(db);
      assert.deepEqual([...before.values()], [N], 'the first server holds them all');
      const [first] = [...before.keys()];
      servers.push(await serve(url, ['--park-after', '1']));
      const b = servers[1]!;
      // The second takes half (the first keeps its share and a margin of one).
      let shares = before;
      await until('the second server holds a fair share', async () => {
        shares = await owners(db);
        const second = [...shares].filter(([o]) => o !== first && o !== '').reduce((n, [, c]) => n + c, 0);
        return second >= N / 2 - 1;
      });
      const second = [...shares].find(([o]) => o !== first && o !== '');
      assert.ok(second, 'a second owner');
      assert.ok(
        second[1] <= N / 2 + 1 && (shares.get(first!) ?? 0) >= N / 2 - 1,
        `a fair share each: ${JSON.stringify([...shares])}`,
      );
      for (const executionArn of arns) {
        let d = await callApi(b.url, 'DescribeExecution', { executionArn });
        for (let k = 0; k < 300 && d.json['status'] === 'RUNNING'; k++) {
          await sleep(100);
          d = await callApi(b.url, 'DescribeExecution', { executionArn });
        }
        assert.equal(d.json['status'], 'SUCCEEDED', JSON.stringify(d.json));
        assert.equal((JSON.parse(String(d.json['output'])) as { done: string }).done, 'done');
      }
      await checkOnce(db, arns);
      assert.equal((await owners(db)).size, 0, 'no lease is left');
    });
  });
});
