// Several servers on one store (DESIGN.md decision 6): one leads and drives executions, the
// others stand by and forward the API to it. When the leader is killed with SIGKILL a standby
// takes over, resumes every open execution and finishes it once; a server started later
// forwards to the new leader.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import pg from 'pg';
import { createTestDatabase } from '../../src/test-support/postgres-database.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { callApi, killServer, startServerProcess } from '../support/server-process.ts';

const FUNCTIONS = join(import.meta.dirname, 'crash-functions.mjs');
const WORK = 'arn:aws:lambda:us-east-1:123456789012:function:work';
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:failover';
const EXECUTIONS = 30;

const DEFINITION = {
  StartAt: 'Double',
  States: {
    Double: { Type: 'Task', Resource: WORK, Parameters: { 'n.$': '$.n' }, Next: 'Nap' },
    Nap: { Type: 'Wait', Seconds: 2, Next: 'Done' },
    Done: { Type: 'Pass', End: true },
  },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `${what}: not within ${ms} ms`);
    await sleep(100);
  }
}

interface Event {
  id: number;
  previousEventId: number;
  type: string;
}

/** Starts executions that run a task, wait 2 s and end; resolves with their ARNs. */
async function startSome(url: string, count: number): Promise<string[]> {
  const created = await callApi(url, 'CreateStateMachine', {
    name: 'failover',
    definition: JSON.stringify(DEFINITION),
    roleArn: 'arn:aws:iam::123456789012:role/r',
  });
  assert.equal(created.status, 200, JSON.stringify(created.json));
  const arns: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await callApi(url, 'StartExecution', {
      stateMachineArn: MACHINE,
      input: JSON.stringify({ n: i }),
    });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    arns.push(String(r.json['executionArn']));
  }
  return arns;
}

async function failover(storeArgs: string[]): Promise<void> {
  const servers: ServerProcess[] = [];
  const boot = async (): Promise<ServerProcess> => {
    const s = await startServerProcess(['--functions', FUNCTIONS, ...storeArgs]);
    servers.push(s);
    return s;
  };
  try {
    const leader = await boot();
    assert.doesNotMatch(leader.output(), /Standby/);
    const standby = await boot();
    assert.match(standby.output(), /Standby: +another server leads/);
    const role = async (s: ServerProcess) =>
      ((await (await fetch(`${s.url}/health`)).json()) as { role: string }).role;
    assert.equal(await role(leader), 'leader');
    assert.equal(await role(standby), 'standby');

    // Everything goes through the standby: it forwards to the leader.
    const arns = await startSome(standby.url, EXECUTIONS);
    const running = await callApi(standby.url, 'ListExecutions', {
      stateMachineArn: MACHINE,
      statusFilter: 'RUNNING',
    });
    assert.ok((running.json['executions'] as unknown[]).length > 0, 'executions wait when the leader dies');

    // The leader's errors come back as they are.
    const missing = await callApi(standby.url, 'DescribeExecution', {
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:failover:nope',
    });
    assert.equal(missing.status, 400);
    assert.match(String(missing.json['__type']), /ExecutionDoesNotExist$/);

    await killServer(leader);
    await until('the standby takes over', () => /Now leading/.test(standby.output()));
    assert.equal(await role(standby), 'leader');
    await until('every execution finishes', async () => {
      const r = await callApi(standby.url, 'ListExecutions', {
        stateMachineArn: MACHINE,
        statusFilter: 'RUNNING',
      });
      return r.status === 200 && (r.json['executions'] as unknown[]).length === 0;
    });
    for (const [i, executionArn] of arns.entries()) {
      const d = await callApi(standby.url, 'DescribeExecution', { executionArn });
      assert.equal(d.json['status'], 'SUCCEEDED', `f-${i}: ${JSON.stringify(d.json)}`);
      assert.deepEqual(JSON.parse(String(d.json['output'])), { v: 2 * i }, `f-${i} output`);
      const h = await callApi(standby.url, 'GetExecutionHistory', { executionArn });
      const events = h.json['events'] as Event[];
      events.forEach((e, k) => {
        assert.equal(e.id, k + 1, `f-${i}: ids run 1..n`);
        assert.ok(e.previousEventId < e.id, `f-${i}: event ${e.id} follows an earlier one`);
      });
      const types = events.map((e) => e.type);
      for (const once of [
        'ExecutionStarted',
        'LambdaFunctionSucceeded',
        'WaitStateExited',
        'ExecutionSucceeded',
      ]) {
        assert.equal(types.filter((t) => t === once).length, 1, `f-${i}: one ${once}`);
      }
    }

    // A server started now stands by and forwards to the new leader.
    const late = await boot();
    assert.match(late.output(), /Standby/);
    const listed = await callApi(late.url, 'ListExecutions', { stateMachineArn: MACHINE });
    assert.equal((listed.json['executions'] as unknown[]).length, EXECUTIONS);
    const extra = await callApi(late.url, 'StartExecution', { stateMachineArn: MACHINE, input: '{"n":100}' });
    assert.equal(extra.status, 200, JSON.stringify(extra.json));
    const executionArn = String(extra.json['executionArn']);
    await until('the new leader runs an execution started through a standby', async () => {
      const d = await callApi(late.url, 'DescribeExecution', { executionArn });
      return d.json['status'] === 'SUCCEEDED';
    });
  } finally {
    for (const s of servers) await killServer(s);
  }
}

describe('failover: a standby takes over from a killed leader', { timeout: 180_000 }, () => {
  it('SQLite (servers sharing one data directory)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-failover-'));
    try {
      await failover(['--data-dir', dir]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL (servers sharing one database)', async (t) => {
    const db = await createTestDatabase('failover');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    try {
      await failover(['--store', db.url]);
    } finally {
      await db.drop();
    }
  });
});

describe('a lone server whose lead is cut off', { timeout: 120_000 }, () => {
  it('PostgreSQL: stands by, leads again on a fresh runtime and finishes its executions once', async (t) => {
    const db = await createTestDatabase('relead');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    const server = await startServerProcess(['--functions', FUNCTIONS, '--store', db.url]);
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const arns = await startSome(server.url, 10);
      // What a PostgreSQL restart or a network cut does to the connection that holds the lock.
      const cut = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
      );
      assert.equal(cut.rowCount, 1);
      await until('it leads again', () => /leading again/.test(server.errors()));
      assert.match(server.errors(), /lost the lead on the store/);
      assert.equal(server.child.exitCode, null, 'the server is still up');
      await until('its executions finish', async () => {
        const r = await callApi(server.url, 'ListExecutions', {
          stateMachineArn: MACHINE,
          statusFilter: 'RUNNING',
        });
        return r.status === 200 && (r.json['executions'] as unknown[]).length === 0;
      });
      for (const executionArn of arns) {
        const d = await callApi(server.url, 'DescribeExecution', { executionArn });
        assert.equal(d.json['status'], 'SUCCEEDED', JSON.stringify(d.json));
        const h = await callApi(server.url, 'GetExecutionHistory', { executionArn });
        const events = h.json['events'] as Event[];
        events.forEach((e, k) => assert.equal(e.id, k + 1));
        const types = events.map((e) => e.type);
        assert.equal(types.filter((x) => x === 'ExecutionSucceeded').length, 1);
        assert.equal(types.filter((x) => x === 'WaitStateExited').length, 1);
      }
    } finally {
      await admin.end();
      await killServer(server);
      await db.drop();
    }
  });
});

describe('a standby forwards signed calls as they came', { timeout: 60_000 }, () => {
  it('a SigV4-signed SDK call through the standby is verified by the leader; a bad signature is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-signed-'));
    const env = { STEPWISE_ACCESS_KEY_ID: 'AKIDFORWARD', STEPWISE_SECRET_ACCESS_KEY: 'forward-secret' };
    const servers: ServerProcess[] = [];
    try {
      servers.push(await startServerProcess(['--data-dir', dir], env));
      const standby = await startServerProcess(['--data-dir', dir], env);
      servers.push(standby);
      assert.match(standby.output(), /Standby/);
      const client = (secretAccessKey: string) =>
        new SFNClient({
          endpoint: standby.url,
          region: 'us-east-1',
          credentials: { accessKeyId: 'AKIDFORWARD', secretAccessKey },
        });
      const listed = await client('forward-secret').send(new ListStateMachinesCommand({}));
      assert.deepEqual(listed.stateMachines, []);
      await assert.rejects(client('wrong').send(new ListStateMachinesCommand({})), {
        name: 'InvalidSignatureException',
      });
    } finally {
      for (const s of servers) await killServer(s);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
