// Calls about an execution that reach a server which does not drive it (SendTask*, StopExecution)
// go to the owner through the store (a message row, LISTEN/NOTIFY, polling as the fallback), not
// over HTTP: the receiving server answers as AWS would from the store, the owner applies the
// message, and a message written before its owner dies is applied once by the next owner.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { storedEvents } from '../support/stored-events.ts';
import type { TestDatabase } from '../../src/test-support/postgres-database.ts';
import { createTestDatabase } from '../../src/test-support/postgres-database.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { callApi, killServer, startServerProcess } from '../support/server-process.ts';

const FUNCTIONS = join(import.meta.dirname, 'cluster-functions.mjs');
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:';

const waiting = (extra: object = {}) => ({
  StartAt: 'Wait',
  States: {
    Wait: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'notify', Payload: { 'token.$': '$$.Task.Token', 'n.$': '$.n' } },
      End: true,
      ...extra,
    },
  },
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    assert.ok(Date.now() < deadline, `${what}: not within ${ms} ms`);
    await sleep(100);
  }
}

/** Receives the task tokens the `notify` function hands over, by the execution's `n`. */
async function tokenCollector() {
  const tokens = new Map<number, string[]>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.end('{}');
      const { token, n } = JSON.parse(body) as { token: string; n: number };
      tokens.set(n, [...(tokens.get(n) ?? []), token]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    /** The tokens handed over for `n` so far (a task re-run after a failover hands it again). */
    calls: (n: number) => tokens.get(n) ?? [],
    token: (n: number) => until(`the token of ${n}`, () => tokens.get(n)?.[0]),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Collector = Awaited<ReturnType<typeof tokenCollector>>;

/** A cluster of scale-out servers on a fresh database, with the machines of these tests. */
async function cluster(
  db: TestDatabase,
  collector: Collector,
  count: number,
  env: Record<string, string> = {},
) {
  const servers: ServerProcess[] = [];
  for (let i = 0; i < count; i++) {
    servers.push(
      await startServerProcess(['--functions', FUNCTIONS, '--store', db.url], {
        STEPWISE_SCALE_OUT: '1',
        COLLECTOR_URL: collector.url,
        ...env,
      }),
    );
  }
  const first = servers[0]!;
  for (const [name, definition] of [
    ['waiting', waiting()],
    ['beating', waiting({ HeartbeatSeconds: 3 })],
  ] as const) {
    const r = await callApi(first.url, 'CreateStateMachine', {
      name,
      definition: JSON.stringify(definition),
      roleArn: 'arn:aws:iam::123456789012:role/r',
    });
    assert.equal(r.status, 200, JSON.stringify(r.json));
  }
  return servers;
}

let n = 0;
/** Starts an execution of `machine` on `server` (which then drives it); its ARN and `n`. */
async function start(server: ServerProcess, machine: string): Promise<{ arn: string; n: number }> {
  const k = ++n;
  const r = await callApi(server.url, 'StartExecution', {
    stateMachineArn: `${MACHINE}${machine}`,
    input: JSON.stringify({ n: k }),
  });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return { arn: String(r.json['executionArn']), n: k };
}

async function closed(server: ServerProcess, executionArn: string) {
  return until(`${executionArn} closes`, async () => {
    const d = await callApi(server.url, 'DescribeExecution', { executionArn });
    // 503 while a dead owner's execution waits for its claim (the SDKs retry it).
    return d.status !== 200 || d.json['status'] === 'RUNNING' ? undefined : d.json;
  });
}

async function historyTypes(dbUrl: string, arn: string): Promise<string[]> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const rows = (await storedEvents(db, arn)).get(arn) ?? [];
    return rows.map((r) => (JSON.parse(r) as { type: string }).type);
  } finally {
    await db.end();
  }
}

async function scalar(dbUrl: string, sql: string): Promise<number> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    return Number(((await db.query(sql)).rows[0] as { n: number }).n);
  } finally {
    await db.end();
  }
}

/** The sessions of this database that LISTEN for wake-ups. */
const listeners = (db: TestDatabase) =>
  scalar(
    db.url,
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE datname = current_database() AND query LIKE 'LISTEN stepwise_wake%'`,
  );

describe('scale-out: calls reach the owner through the store', { timeout: 180_000 }, () => {
  let db: TestDatabase | undefined;
  let collector: Collector;
  let servers: ServerProcess[] = [];
  before(async () => {
    db = await createTestDatabase('messages');
    collector = await tokenCollector();
    if (db) servers = await cluster(db, collector, 2);
  });
  after(async () => {
    for (const s of servers) await killServer(s);
    await collector.close();
    await db?.drop();
  });

  it('SendTaskSuccess sent to a server that does not drive the execution: the execution succeeds', async (t) => {
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    const [owner, other] = servers as [ServerProcess, ServerProcess];
    assert.equal(await listeners(db), 2, 'each server listens for wake-ups');
    const { arn, n: k } = await start(owner, 'waiting');
    const taskToken = await collector.token(k);
    const sent = await callApi(other.url, 'SendTaskSuccess', {
      taskToken,
      output: JSON.stringify({ ok: k }),
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.json));
    const done = await closed(other, arn);
    assert.equal(done['status'], 'SUCCEEDED');
    assert.deepEqual(JSON.parse(String(done['output'])), { ok: k });
    // Answered already: the store says the task ended, as AWS does for a token used twice.
    const again = await callApi(other.url, 'SendTaskSuccess', { taskToken, output: '{}' });
    assert.match(String(again.json['__type']), /TaskTimedOut$/, JSON.stringify(again.json));
    const types = await historyTypes(db.url, arn);
    assert.equal(types.filter((x) => x === 'TaskSucceeded').length, 1, types.join(','));
    await until('the message is gone', async () =>
      (await scalar(db!.url, 'SELECT count(*)::int AS n FROM execution_messages')) === 0 ? true : undefined,
    );
  });

  it('SendTaskFailure and SendTaskHeartbeat of a token nobody issued: TaskDoesNotExist, from the store', async (t) => {
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    const [, other] = servers as [ServerProcess, ServerProcess];
    const ghost = Buffer.from(
      '3.0|arn:aws:states:us-east-1:123456789012:execution:waiting:nobody',
      'utf8',
    ).toString('base64url');
    const failed = await callApi(other.url, 'SendTaskFailure', { taskToken: ghost, error: 'E' });
    assert.match(String(failed.json['__type']), /TaskDoesNotExist$/, JSON.stringify(failed.json));
    const beat = await callApi(other.url, 'SendTaskHeartbeat', { taskToken: ghost });
    assert.match(String(beat.json['__type']), /TaskDoesNotExist$/, JSON.stringify(beat.json));
    const bad = await callApi(other.url, 'SendTaskSuccess', { taskToken: 'not-a-token', output: '{}' });
    assert.match(String(bad.json['__type']), /InvalidToken$/, JSON.stringify(bad.json));
  });

  it('StopExecution sent to a server that does not drive the execution stops it', async (t) => {
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    const [owner, other] = servers as [ServerProcess, ServerProcess];
    const { arn, n: k } = await start(owner, 'waiting');
    const taskToken = await collector.token(k);
    const stopped = await callApi(other.url, 'StopExecution', {
      executionArn: arn,
      error: 'Halt',
      cause: 'enough',
    });
    assert.equal(stopped.status, 200, JSON.stringify(stopped.json));
    assert.equal(typeof stopped.json['stopDate'], 'number');
    const done = await closed(owner, arn);
    assert.equal(done['status'], 'ABORTED');
    assert.equal(done['error'], 'Halt');
    assert.equal(done['cause'], 'enough');
    // Its task's token expired with it.
    const late = await callApi(other.url, 'SendTaskSuccess', { taskToken, output: '{}' });
    assert.match(String(late.json['__type']), /TaskTimedOut$/, JSON.stringify(late.json));
    // A stop of a closed execution is answered from its record; an unknown one does not exist.
    const again = await callApi(other.url, 'StopExecution', { executionArn: arn });
    assert.equal(again.status, 200, JSON.stringify(again.json));
    const unknown = await callApi(other.url, 'StopExecution', { executionArn: `${arn}-none` });
    assert.match(String(unknown.json['__type']), /ExecutionDoesNotExist$/, JSON.stringify(unknown.json));
    const types = await historyTypes(db.url, arn);
    assert.equal(types.filter((x) => x === 'ExecutionAborted').length, 1, types.join(','));
  });

  it('DescribeExecution and GetExecutionHistory are read from the store, even while the owner is frozen', async (t) => {
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    const [owner, other] = servers as [ServerProcess, ServerProcess];
    const { arn, n: k } = await start(owner, 'waiting');
    await collector.token(k);
    await until('its task is submitted in the store', async () =>
      (await historyTypes(db!.url, arn)).includes('TaskSubmitted') ? true : undefined,
    );
    // Frozen (well within its lease), the owner could not answer a forwarded read.
    owner.child.kill('SIGSTOP');
    try {
      const d = await callApi(other.url, 'DescribeExecution', { executionArn: arn });
      assert.equal(d.status, 200, JSON.stringify(d.json));
      assert.equal(d.json['status'], 'RUNNING');
      assert.deepEqual(JSON.parse(String(d.json['input'])), { n: k });
      const h = await callApi(other.url, 'GetExecutionHistory', { executionArn: arn });
      assert.equal(h.status, 200, JSON.stringify(h.json));
      const types = (h.json['events'] as Array<{ type: string }>).map((e) => e.type);
      assert.deepEqual(types.slice(0, 2), ['ExecutionStarted', 'TaskStateEntered']);
      assert.ok(types.includes('TaskSubmitted'), types.join(','));
    } finally {
      owner.child.kill('SIGCONT');
    }
    const stopped = await callApi(other.url, 'StopExecution', { executionArn: arn });
    assert.equal(stopped.status, 200, JSON.stringify(stopped.json));
    assert.equal((await closed(other, arn))['status'], 'ABORTED');
  });

  it('SendTaskHeartbeat through a server that does not drive the execution keeps its task alive', async (t) => {
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    const [owner, other] = servers as [ServerProcess, ServerProcess];
    const beaten = await start(owner, 'beating');
    const idle = await start(owner, 'beating');
    const taskToken = await collector.token(beaten.n);
    await collector.token(idle.n);
    // Twice its HeartbeatSeconds (3 s), beating every 0.5 s through the other server.
    const end = Date.now() + 6_000;
    while (Date.now() < end) {
      const beat = await callApi(other.url, 'SendTaskHeartbeat', { taskToken });
      assert.equal(beat.status, 200, JSON.stringify(beat.json));
      await sleep(500);
    }
    // The one without heartbeats timed out meanwhile: the clock this test beats is real.
    const timedOut = await closed(owner, idle.arn);
    assert.equal(timedOut['status'], 'FAILED');
    assert.equal(timedOut['error'], 'States.Timeout');
    const sent = await callApi(other.url, 'SendTaskSuccess', { taskToken, output: '{"beat":true}' });
    assert.equal(sent.status, 200, JSON.stringify(sent.json));
    const done = await closed(owner, beaten.arn);
    assert.equal(done['status'], 'SUCCEEDED', JSON.stringify(done));
  });
});

describe('scale-out: a message outlives its owner', { timeout: 180_000 }, () => {
  it('written, then its owner killed before applying it: the next owner applies it exactly once', async (t) => {
    const db = await createTestDatabase('msgkill');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    const collector = await tokenCollector();
    const servers = await cluster(db, collector, 2).catch(async (e: unknown) => {
      await db.drop();
      throw e;
    });
    try {
      const [owner, other] = servers as [ServerProcess, ServerProcess];
      const { arn, n: k } = await start(owner, 'waiting');
      const taskToken = await collector.token(k);
      // Paused, the owner cannot apply anything: the message waits in the store.
      owner.child.kill('SIGSTOP');
      const sent = await callApi(other.url, 'SendTaskSuccess', {
        taskToken,
        output: JSON.stringify({ ok: k }),
      });
      assert.equal(sent.status, 200, JSON.stringify(sent.json));
      assert.equal(await scalar(db.url, 'SELECT count(*)::int AS n FROM execution_messages'), 1);
      assert.deepEqual(await historyTypes(db.url, arn).then((x) => x.includes('TaskSucceeded')), false);
      await killServer(owner);
      // The other server claims the execution once its lease expires, re-runs the task (the
      // callback is called again with the same token) and applies the message.
      // A read sent to the other server meanwhile is forwarded to the dead owner only until its
      // lease has moved on: then it is placed again (here, once claimed), not failed with 503.
      const read = await callApi(other.url, 'DescribeStateMachineForExecution', { executionArn: arn });
      assert.equal(read.status, 200, JSON.stringify(read.json));
      const done = await closed(other, arn);
      assert.equal(done['status'], 'SUCCEEDED', JSON.stringify(done));
      assert.deepEqual(JSON.parse(String(done['output'])), { ok: k });
      assert.ok(
        collector.calls(k).every((x) => x === taskToken),
        'the re-run task has the same token',
      );
      const types = await historyTypes(db.url, arn);
      assert.equal(types.filter((x) => x === 'TaskSucceeded').length, 1, types.join(','));
      assert.equal(types.filter((x) => x === 'ExecutionSucceeded').length, 1, types.join(','));
      assert.equal(await scalar(db.url, 'SELECT count(*)::int AS n FROM execution_messages'), 0);
    } finally {
      for (const s of servers) {
        s.child.kill('SIGCONT');
        await killServer(s);
      }
      await collector.close();
      await db.drop();
    }
  });
});

describe('scale-out: with notifications off, polling delivers', { timeout: 120_000 }, () => {
  it('SendTaskSuccess and StopExecution through a non-owner, no LISTEN anywhere', async (t) => {
    const db = await createTestDatabase('msgpoll');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    const collector = await tokenCollector();
    const servers = await cluster(db, collector, 2, { STEPWISE_SCALE_OUT_NOTIFY: '0' }).catch(
      async (e: unknown) => {
        await db.drop();
        throw e;
      },
    );
    try {
      const [owner, other] = servers as [ServerProcess, ServerProcess];
      assert.equal(await listeners(db), 0, 'nobody listens');
      const answered = await start(owner, 'waiting');
      const stopped = await start(owner, 'waiting');
      const taskToken = await collector.token(answered.n);
      await collector.token(stopped.n);
      const sent = await callApi(other.url, 'SendTaskSuccess', { taskToken, output: '{"polled":true}' });
      assert.equal(sent.status, 200, JSON.stringify(sent.json));
      const stop = await callApi(other.url, 'StopExecution', { executionArn: stopped.arn });
      assert.equal(stop.status, 200, JSON.stringify(stop.json));
      assert.equal((await closed(other, answered.arn))['status'], 'SUCCEEDED');
      assert.equal((await closed(other, stopped.arn))['status'], 'ABORTED');
    } finally {
      for (const s of servers) await killServer(s);
      await collector.close();
      await db.drop();
    }
  });
});
