// SIGTERM and SIGINT to `stepwise serve`: it stops accepting, flushes what it can and exits within
// 5 s whatever the store does (a PostgreSQL whose tables are locked by another session included);
// the executions that were open resume at the next start.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase } from '../../src/test-support/postgres-database.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { callApi, killServer, startServerProcess } from '../support/server-process.ts';

const ROLE = 'arn:aws:iam::123456789012:role/r';
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:later';
const arn = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:later:${name}`;
const LATER = JSON.stringify({
  StartAt: 'Nap',
  States: {
    Nap: { Type: 'Wait', Seconds: 2, Next: 'Done' },
    Done: { Type: 'Pass', Result: 'done', End: true },
  },
});
const OPEN = ['a', 'b', 'c'];

/** Sends `signal` and resolves with how long the process took to exit. */
async function stopWith(server: ServerProcess, signal: NodeJS.Signals): Promise<number> {
  const exited = once(server.child, 'exit');
  const t0 = performance.now();
  server.child.kill(signal);
  await exited;
  return performance.now() - t0;
}

async function startOpen(url: string): Promise<void> {
  const created = await callApi(url, 'CreateStateMachine', {
    name: 'later',
    definition: LATER,
    roleArn: ROLE,
  });
  assert.equal(created.status, 200, JSON.stringify(created.json));
  for (const name of OPEN) {
    const r = await callApi(url, 'StartExecution', { stateMachineArn: MACHINE, name, input: '{}' });
    assert.equal(r.status, 200, JSON.stringify(r.json));
  }
}

/**
 * The open executions resume at the next start and finish. `finishedAside` of them may have
 * finished already: on PostgreSQL a commit is one message (an implicit transaction), so the
 * writes a server had sent before it exited commit once the lock that held them is released.
 */
async function resumesAfterRestart(storeArgs: string[], finishedAside = false): Promise<void> {
  const server = await startServerProcess(storeArgs);
  try {
    const resumed = Number(/resumed (\d+)/.exec(server.output())?.[1] ?? 0);
    const asleep = Number(/(\d+) asleep on timers/.exec(server.output())?.[1] ?? 0);
    if (finishedAside) assert.ok(resumed + asleep <= OPEN.length + 1, server.output());
    else assert.equal(resumed + asleep, OPEN.length, server.output());
    for (const name of OPEN) {
      let status = 'RUNNING';
      for (let i = 0; i < 100 && status === 'RUNNING'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = String(
          (await callApi(server.url, 'DescribeExecution', { executionArn: arn(name) })).json['status'],
        );
      }
      assert.equal(status, 'SUCCEEDED', name);
    }
  } finally {
    await killServer(server);
  }
}

describe('shutdown of stepwise serve', () => {
  it('SIGTERM on SQLite exits within 5 s; open executions resume at the next start', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-shutdown-'));
    try {
      const server = await startServerProcess(['--data-dir', dir]);
      try {
        await startOpen(server.url);
        const ms = await stopWith(server, 'SIGTERM');
        t.diagnostic(`exited ${Math.round(ms)} ms after SIGTERM`);
        assert.ok(ms < 5000, `exited after ${ms} ms`);
        assert.equal(server.child.exitCode, 0, server.errors());
        // It stopped accepting.
        await assert.rejects(callApi(server.url, 'ListStateMachines', {}));
      } finally {
        await killServer(server);
      }
      await resumesAfterRestart(['--data-dir', dir]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SIGINT on PostgreSQL wedged by a lock held elsewhere exits within 5 s; executions resume', async (t) => {
    const db = await createTestDatabase('shutdown');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    const blocker = new pg.Client({ connectionString: db.url });
    try {
      const server = await startServerProcess(['--store', db.url]);
      try {
        await startOpen(server.url);
        // Another session locks the tables every commit writes: the server's commits now wait.
        await blocker.connect();
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE history, executions IN ACCESS EXCLUSIVE MODE');
        // A request meanwhile is answered 503 (which SDKs retry) within a bound, not left hanging.
        const t0 = performance.now();
        const stuck = await callApi(server.url, 'StartExecution', {
          stateMachineArn: MACHINE,
          name: 'stuck',
          input: '{}',
        });
        const waited = performance.now() - t0;
        assert.equal(stuck.status, 503, JSON.stringify(stuck.json));
        assert.match(String(stuck.json['__type']), /#ServiceUnavailableException$/);
        assert.ok(waited < 12_000, `answered after ${waited} ms`);
        const ms = await stopWith(server, 'SIGINT');
        t.diagnostic(`503 after ${Math.round(waited)} ms; exited ${Math.round(ms)} ms after SIGINT`);
        // A commit that timed out on the lock is retried; the lead's connection was not lost.
        assert.match(server.errors(), /store is unavailable .*lock timeout/);
        assert.doesNotMatch(server.errors(), /lost the lead/);
        assert.ok(ms < 5000, `exited after ${ms} ms`);
      } finally {
        await killServer(server);
        await blocker.query('ROLLBACK').catch(() => {});
      }
      await resumesAfterRestart(['--store', db.url], true);
    } finally {
      await blocker.end().catch(() => {});
      await db.drop();
    }
  });
});
