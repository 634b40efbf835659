// An activity task claimed by a poll on a server that dies before its answer reaches the worker
// goes back to the queue, and another server's poll gets it (scale-out, docs/scale-out.md); a
// task whose answer did reach its worker stays with that worker, whatever befalls its server.
// No HeartbeatSeconds here: nothing but the claim rule would bring such a task back.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase } from '../../src/test-support/postgres-database.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { callApi, killServer, startServerProcess } from '../support/server-process.ts';

const FUNCTIONS = join(import.meta.dirname, 'cluster-functions.mjs');
const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:claimed';
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:claimed';

const JOB = {
  StartAt: 'Job',
  States: { Job: { Type: 'Task', Resource: ACTIVITY, ResultPath: '$.job', End: true } },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `${what}: not within ${ms} ms`);
    await sleep(50);
  }
}

/** Two scaled-out servers, the activity and its machine; the first one (`a`) leads. */
async function cluster(url: string): Promise<[ServerProcess, ServerProcess]> {
  const start = () =>
    startServerProcess(['--functions', FUNCTIONS, '--store', url], { STEPWISE_SCALE_OUT: '1' });
  const servers: [ServerProcess, ServerProcess] = [await start(), await start()];
  assert.equal((await callApi(servers[0].url, 'CreateActivity', { name: 'claimed' })).status, 200);
  const created = await callApi(servers[0].url, 'CreateStateMachine', {
    name: 'claimed',
    definition: JSON.stringify(JOB),
    roleArn: 'arn:aws:iam::123456789012:role/r',
  });
  assert.equal(created.status, 200, JSON.stringify(created.json));
  return servers;
}

async function startJob(server: ServerProcess, n: number, db: pg.Client): Promise<string> {
  const r = await callApi(server.url, 'StartExecution', {
    stateMachineArn: MACHINE,
    input: JSON.stringify({ n }),
  });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  await until(
    'the task is queued',
    async () => (await db.query('SELECT 1 FROM activity_tasks')).rowCount === 1,
  );
  return String(r.json['executionArn']);
}

/** A GetActivityTask on `server`, given up (aborted) after `ms`: the token it got, if any. */
async function pollFor(server: ServerProcess, worker: string, ms: number): Promise<string | undefined> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const got = await callApi(
        server.url,
        'GetActivityTask',
        { activityArn: ACTIVITY, workerName: worker },
        AbortSignal.timeout(Math.max(1, deadline - Date.now())),
      );
      assert.equal(got.status, 200, JSON.stringify(got.json));
      if (typeof got.json['taskToken'] === 'string') return got.json['taskToken'];
    } catch (e) {
      if (!(e instanceof Error && e.name === 'TimeoutError')) throw e;
    }
  }
  return undefined;
}

async function finished(server: ServerProcess, executionArn: string): Promise<Record<string, unknown>> {
  let d = await callApi(server.url, 'DescribeExecution', { executionArn });
  for (let k = 0; k < 100 && d.json['status'] === 'RUNNING'; k++) {
    await sleep(100);
    d = await callApi(server.url, 'DescribeExecution', { executionArn });
  }
  return d.json;
}

async function eventTypes(server: ServerProcess, executionArn: string): Promise<string[]> {
  const h = await callApi(server.url, 'GetExecutionHistory', { executionArn });
  return (h.json['events'] as Array<{ type: string }>).map((e) => e.type);
}

describe('scale-out: activity task claims', { timeout: 120_000 }, () => {
  it('a task claimed by a server paused before it answered goes to a poll on another server', async (t) => {
    const db = await createTestDatabase('claims');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    const client = new pg.Client({ connectionString: db.url });
    let servers: ServerProcess[] = [];
    try {
      servers = await cluster(db.url);
      const [a, b] = servers as [ServerProcess, ServerProcess];
      await client.connect();
      const executionArn = await startJob(a, 1, client);
      // `b`'s claim is held up by a table lock until `b` is paused: the claim is then made in
      // the store while `b` cannot answer its worker, as when a server stops right after a claim.
      await client.query('BEGIN');
      await client.query('LOCK TABLE activity_tasks IN EXCLUSIVE MODE');
      const far = new AbortController();
      const farPoll = callApi(
        b.url,
        'GetActivityTask',
        { activityArn: ACTIVITY, workerName: 'far' },
        far.signal,
      );
      const locked = new pg.Client({ connectionString: db.url });
      await locked.connect();
      try {
        await until('the claim waits for the lock', async () => {
          const r = await locked.query(
            `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE activity_tasks%'`,
          );
          return (r.rowCount ?? 0) > 0;
        });
      } finally {
        await locked.end();
      }
      b.child.kill('SIGSTOP');
      await client.query('COMMIT');
      await until('the claim is made', async () => {
        const r = await client.query(
          'SELECT claim_server, delivered_at FROM activity_tasks WHERE claimed_by IS NOT NULL',
        );
        return (r.rowCount ?? 0) > 0;
      });
      const claim = (await client.query('SELECT claimed_by, claim_server, delivered_at FROM activity_tasks'))
        .rows[0] as {
        claimed_by: string;
        claim_server: string;
        delivered_at: string | null;
      };
      assert.equal(claim.claimed_by, 'far');
      assert.notEqual(claim.claim_server, '');
      assert.equal(claim.delivered_at, null);

      // `a` puts the claim back once `b` has no heartbeat; a worker polling `a` gets the task.
      const token = await pollFor(a, 'near', 20_000);
      assert.ok(token, 'the task of the paused server reached a worker polling another server');
      assert.equal(
        (await callApi(a.url, 'SendTaskSuccess', { taskToken: token, output: '{"by":"near"}' })).status,
        200,
      );
      const done = await finished(a, executionArn);
      assert.equal(done['status'], 'SUCCEEDED', JSON.stringify(done));
      assert.deepEqual(JSON.parse(String(done['output'])), { n: 1, job: { by: 'near' } });
      assert.deepEqual(await eventTypes(a, executionArn), [
        'ExecutionStarted',
        'TaskStateEntered',
        'ActivityScheduled',
        'ActivityStarted',
        'ActivitySucceeded',
        'TaskStateExited',
        'ExecutionSucceeded',
      ]);

      // Resumed, `b` finds its claim was put back: its worker does not get the task as well.
      b.child.kill('SIGCONT');
      const late = await Promise.race([farPoll.then((r) => r.json), sleep(3000).then(() => undefined)]);
      far.abort();
      await farPoll.catch(() => undefined);
      assert.equal(late?.['taskToken'], undefined, 'the paused server did not hand out the task again');
    } finally {
      for (const s of servers) {
        s.child.kill('SIGCONT');
        await killServer(s);
      }
      await client.end().catch(() => undefined);
      await db.drop();
    }
  });

  it('a task whose answer reached the worker stays with it when that server dies', async (t) => {
    const db = await createTestDatabase('delivered');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    const client = new pg.Client({ connectionString: db.url });
    let servers: ServerProcess[] = [];
    try {
      servers = await cluster(db.url);
      const [a, b] = servers as [ServerProcess, ServerProcess];
      await client.connect();
      const executionArn = await startJob(a, 2, client);
      const token = await pollFor(b, 'far', 10_000);
      assert.ok(token, 'the worker polling b got the task');
      await until('the claim is marked delivered', async () => {
        const r = await client.query('SELECT 1 FROM activity_tasks WHERE delivered_at IS NOT NULL');
        return (r.rowCount ?? 0) > 0;
      });
      await killServer(b);
      // Well past the time a dead server's undelivered claim is put back: nobody else gets it.
      assert.equal(await pollFor(a, 'near', 8000), undefined);
      assert.equal(
        (await callApi(a.url, 'SendTaskSuccess', { taskToken: token, output: '{"by":"far"}' })).status,
        200,
      );
      const done = await finished(a, executionArn);
      assert.equal(done['status'], 'SUCCEEDED', JSON.stringify(done));
      assert.deepEqual(JSON.parse(String(done['output'])), { n: 2, job: { by: 'far' } });
    } finally {
      for (const s of servers) await killServer(s);
      await client.end().catch(() => undefined);
      await db.drop();
    }
  });
});
