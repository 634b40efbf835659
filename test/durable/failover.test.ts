// Several servers on one store (DESIGN.md decision 6): one leads and drives executions, the
// others stand by and forward the API to it. When the leader is killed with SIGKILL a standby
// takes over, resumes every open execution and finishes it once; a server started later
// forwards to the new leader.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createTestDatabase } from '../support/postgres-database.ts';
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
    assert.match(standby.output(), /Standby: another server leads/);
    const role = async (s: ServerProcess) =>
      ((await (await fetch(`${s.url}/health`)).json()) as { role: string }).role;
    assert.equal(await role(leader), 'leader');
    assert.equal(await role(standby), 'standby');

    // Everything goes through the standby: it forwards to the leader.
    const created = await callApi(standby.url, 'CreateStateMachine', {
      name: 'failover',
      definition: JSON.stringify(DEFINITION),
      roleArn: 'arn:aws:iam::123456789012:role/r',
    });
    assert.equal(created.status, 200, JSON.stringify(created.json));
    for (let i = 0; i < EXECUTIONS; i++) {
      const r = await callApi(standby.url, 'StartExecution', {
        stateMachineArn: MACHINE,
        name: `f-${i}`,
        input: JSON.stringify({ n: i }),
      });
      assert.equal(r.status, 200, JSON.stringify(r.json));
    }
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
    for (let i = 0; i < EXECUTIONS; i++) {
      const executionArn = `arn:aws:states:us-east-1:123456789012:execution:failover:f-${i}`;
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
