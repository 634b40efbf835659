// Issue 22's sequence against the real `stepwise serve`: a second StartExecution with the same
// name and input while the first is parked on its timer must answer the same execution and write
// nothing; the server must keep answering every later call at once (it once wedged its group
// commit on a duplicate ExecutionStarted and hung every durable write behind it).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MemoryStore } from '../../src/store/drivers.ts';
import type { HistoryEvent } from '../../src/engine/index.ts';
import { assertChain, engineOn, VirtualClock } from '../../src/test-support/engine-harness.ts';
import { createTestDatabase } from '../../src/test-support/postgres-database.ts';
import { killServer, startServerProcess } from '../support/server-process.ts';

const ROLE = 'arn:aws:iam::123456789012:role/r';
const ACCOUNT = 'arn:aws:states:us-east-1:123456789012';
const NAP = JSON.stringify({
  StartAt: 'Nap',
  States: { Nap: { Type: 'Wait', Seconds: 60, Next: 'Done' }, Done: { Type: 'Succeed' } },
});

/** One API call that must be answered within `ms` (a hung server fails the test, not the run). */
async function call(
  url: string,
  action: string,
  body: object,
  ms = 5000,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${action}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(ms),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function ok(url: string, action: string, body: object): Promise<Record<string, unknown>> {
  const r = await call(url, action, body);
  assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.json)}`);
  return r.json;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function idempotentWhileParked(storeArgs: string[]): Promise<void> {
  const server = await startServerProcess(['--park-after', '1', ...storeArgs]);
  try {
    const url = server.url;
    const machine = String(
      (await ok(url, 'CreateStateMachine', { name: 'nap', definition: NAP, roleArn: ROLE }))[
        'stateMachineArn'
      ],
    );
    const activity = String((await ok(url, 'CreateActivity', { name: 'worker' }))['activityArn']);
    const version = String(
      (await ok(url, 'PublishStateMachineVersion', { stateMachineArn: machine }))['stateMachineVersionArn'],
    );
    const alias = String(
      (
        await ok(url, 'CreateStateMachineAlias', {
          name: 'live',
          routingConfiguration: [{ stateMachineVersionArn: version, weight: 100 }],
        })
      )['stateMachineAliasArn'],
    );
    const start = { stateMachineArn: machine, name: 'idem', input: '{"a":1}' };
    const first = await ok(url, 'StartExecution', start);
    // Parked: its only thread sleeps 60 s, longer than --park-after.
    await sleep(1500);
    const again = await ok(url, 'StartExecution', start);
    assert.deepEqual(again, first, 'the same name and input answer the running execution');
    // Two more at once (one tick): both answer the same execution.
    const [a, b] = await Promise.all([ok(url, 'StartExecution', start), ok(url, 'StartExecution', start)]);
    assert.deepEqual(a, first);
    assert.deepEqual(b, first);
    // A different input is refused.
    const other = await call(url, 'StartExecution', { ...start, input: '{"a":2}' });
    assert.equal(other.status, 400);
    assert.match(String(other.json['__type']), /#ExecutionAlreadyExists$/);
    // Nothing was written twice: one ExecutionStarted, ids 1..n.
    const history = await ok(url, 'GetExecutionHistory', { executionArn: first['executionArn'] });
    const events = history['events'] as HistoryEvent[];
    assert.equal(events.filter((e) => e.type === 'ExecutionStarted').length, 1);
    assertChain(events);
    // Every durable write still answers at once.
    await ok(url, 'DeleteActivity', { activityArn: activity });
    await ok(url, 'DeleteStateMachineAlias', { stateMachineAliasArn: alias });
    await ok(url, 'DeleteStateMachineVersion', { stateMachineVersionArn: version });
    await ok(url, 'DeleteStateMachine', { stateMachineArn: machine });
    const described = await ok(url, 'DescribeExecution', { executionArn: `${ACCOUNT}:execution:nap:idem` });
    assert.equal(described['status'], 'RUNNING');
    assert.doesNotMatch(server.errors(), /commit failed/);
  } finally {
    await killServer(server);
  }
}

describe('StartExecution again while the execution is parked', () => {
  it('on SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-idem-'));
    try {
      await idempotentWhileParked(['--data-dir', dir]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on PostgreSQL', async (t) => {
    const db = await createTestDatabase('idem');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    try {
      await idempotentWhileParked(['--store', db.url]);
    } finally {
      await db.drop();
    }
  });
});

describe('two identical starts in one tick', () => {
  it('make one execution, and both get its answer', async () => {
    const store = new MemoryStore();
    const engine = engineOn(store, new VirtualClock(Date.UTC(2024, 0, 1)));
    const sm = engine.createStateMachine({ name: 'nap', definition: NAP, roleArn: ROLE });
    const start = { stateMachineArn: sm.stateMachineArn, name: 'twice', input: '{"a":1}' };
    const first = engine.startExecution(start);
    const second = engine.startExecution({ ...start, input: '{ "a": 1 }' });
    assert.equal(second.executionArn, first.executionArn);
    assert.equal(second.startDate, first.startDate);
    await engine.flushed();
    const events = await store.getHistory(first.executionArn);
    assert.equal(events.filter((e) => e.data['type'] === 'ExecutionStarted').length, 1);
    assert.throws(() => engine.startExecution({ ...start, input: '{"a":2}' }), /Execution Already Exists/);
    engine.halt();
  });

  it('make two executions of an Express machine ("StartExecution isn\'t idempotent for EXPRESS")', () => {
    const engine = engineOn(new MemoryStore(), new VirtualClock(Date.UTC(2024, 0, 1)));
    const sm = engine.createStateMachine({ name: 'quick', definition: NAP, roleArn: ROLE, type: 'EXPRESS' });
    const start = { stateMachineArn: sm.stateMachineArn, name: 'twice', input: '{"a":1}' };
    const first = engine.startExecution(start);
    const second = engine.startExecution(start);
    assert.notEqual(second.executionArn, first.executionArn);
    assert.match(second.executionArn, /:express:quick:twice:/);
    engine.halt();
  });
});
