// Bulk fork (issue 20) killed with SIGKILL in the middle and resumed on restart (SQLite): every
// selected execution is forked exactly once (none missing, none twice: each fork's name is the
// same when a slice is done again), and the results are what the dry run said they would be.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, it } from 'node:test';
import { DEFAULTS } from '../../src/server/index.ts';
import { openStore } from '../../src/store/drivers.ts';
import type { ServerProcess } from '../support/server-process.ts';
import { callApi, killServer, startServerProcess } from '../support/server-process.ts';
import { BROKEN_ORDERS, FIXED_ORDERS } from '../support/fork-orders.ts';
import { seedExecutions } from '../support/seed-executions.ts';

const SOURCES = 1000;
const MACHINE = `arn:aws:states:us-east-1:${DEFAULTS.account}:stateMachine:bulk-fork-target`;
const FILTER = { stateMachineArn: MACHINE, statuses: ['FAILED'] };

type Obj = Record<string, unknown>;

/** The failed sources (and a few that succeed, not matched), then version 1 with the fix. */
async function seed(dataDir: string): Promise<string> {
  const inputs = Array.from({ length: SOURCES + 10 }, (_, n) =>
    n >= SOURCES ? { n, ok: true } : n % 10 === 0 ? { n, early: true } : { n },
  );
  const version = await seedExecutions(
    dataDir,
    { name: 'bulk-fork-target', definition: BROKEN_ORDERS },
    inputs,
    (engine, stateMachineArn) =>
      engine.updateStateMachine({ stateMachineArn, definition: JSON.stringify(FIXED_ORDERS), publish: true })
        .version,
  );
  return version!.stateMachineVersionArn;
}

/** How far the operation got in the store: forks made (durable) and results recorded. */
function watchStore(dataDir: string, id: string): () => { forks: number; succeeded: number; done: number } {
  const db = new DatabaseSync(join(dataDir, 'stepwise.db'), { readOnly: true });
  const forks = db.prepare('SELECT count(*) AS n FROM executions WHERE arn LIKE ?');
  const progress = db.prepare("SELECT data FROM documents WHERE kind = 'bulkProgress' AND key = ?");
  const name = `%:bulk-${id.replace(/[^A-Za-z0-9]/g, '').slice(0, 32)}-%`;
  return () => {
    db.exec('BEGIN');
    try {
      const made = Number((forks.get(name) as { n: number }).n);
      const row = progress.get(id) as { data: string } | undefined;
      const p = row
        ? (JSON.parse(row.data) as { succeeded: number; done: number })
        : { succeeded: 0, done: 0 };
      return { forks: made, succeeded: p.succeeded, done: p.done };
    } finally {
      db.exec('COMMIT');
    }
  };
}

async function api(server: ServerProcess, action: string, body: object): Promise<Obj> {
  const { status, json } = await callApi(server.url, action, body);
  assert.equal(status, 200, JSON.stringify(json));
  return json;
}

describe('bulk fork killed and resumed (SQLite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stepwise-bulk-fork-'));
  let server: ServerProcess | undefined;
  after(async () => {
    if (server) await killServer(server, 'SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('after a SIGKILL mid-run every selected execution is forked once, as the dry run said', async () => {
    const version = await seed(dataDir);
    const args = ['--store', 'sqlite', '--data-dir', dataDir];
    server = await startServerProcess(args);
    const request = { action: 'fork', filter: FILTER, fromState: 'Check', stateMachineArn: version };
    const dry = await api(server, 'StartBulkOperation', { ...request, dryRun: true });
    const predicted = (dry['results'] as Obj[]).map((r) => [r['executionArn'], r['outcome'], r['message']]);
    assert.equal(predicted.length, SOURCES);
    assert.equal(predicted.filter(([, outcome]) => outcome === 'SKIPPED').length, SOURCES / 10);

    const started = await api(server, 'StartBulkOperation', { ...request, ratePerSecond: 2000 });
    const bulkOperationId = String(started['bulkOperationId']);
    // Killed inside a slice: once some of its forks are durable and its results are not yet,
    // read from the store beside the server (WAL: one consistent snapshot per read).
    // The server is frozen (SIGSTOP) before the store is read again, so what is read is what the
    // kill leaves; if it moved on past the slice meanwhile, it resumes and the watch goes on.
    const forksMade = watchStore(dataDir, bulkOperationId);
    const insideSlice = (p: { forks: number; succeeded: number }): boolean =>
      p.forks > p.succeeded && p.succeeded > 0;
    for (;;) {
      if (insideSlice(forksMade())) {
        server.child.kill('SIGSTOP');
        if (insideSlice(forksMade())) break;
        server.child.kill('SIGCONT');
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    await killServer(server, 'SIGKILL');
    const after = forksMade();
    assert.ok(after.done < SOURCES, `killed at ${after.done} of ${SOURCES}`);
    // The slice that is done again finds forks it made before the kill: they must not be made twice.
    assert.ok(after.forks > after.succeeded, `${after.forks} forks made, ${after.succeeded} recorded`);

    server = await startServerProcess(args);
    let d: Obj;
    for (;;) {
      d = await api(server, 'DescribeBulkOperation', { bulkOperationId, maxResults: 1000 });
      if (d['status'] !== 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(d['status'], 'SUCCEEDED');
    const skipped = SOURCES / 10;
    assert.deepEqual(d['progress'], { done: SOURCES, succeeded: SOURCES - skipped, skipped, failed: 0 });
    const results = d['results'] as Obj[];
    // The run's outcomes are the dry run's, execution by execution (a fork's message is its ARN).
    assert.deepEqual(
      results.map((r) => [
        r['executionArn'],
        r['outcome'],
        r['outcome'] === 'SUCCEEDED' ? undefined : r['message'],
      ]),
      predicted.map(([arn, outcome, message]) => [
        arn,
        outcome,
        outcome === 'SUCCEEDED' ? undefined : message,
      ]),
    );
    await killServer(server, 'SIGTERM');
    server = undefined;

    // The store is the proof: one fork per forked source, named by the operation, none of a skipped one.
    const store = await openStore({ store: 'sqlite', dataDir });
    try {
      const rows = await store.listExecutions({ stateMachineArn: MACHINE });
      const forksOf = new Map<string, string[]>();
      for (const row of rows) {
        const from = (row.data['forkedFrom'] as { executionArn?: string } | undefined)?.executionArn;
        if (from) forksOf.set(from, [...(forksOf.get(from) ?? []), row.arn]);
      }
      const problems: string[] = [];
      for (const r of results) {
        const source = String(r['executionArn']);
        const forks = forksOf.get(source) ?? [];
        const expected = r['outcome'] === 'SUCCEEDED' ? [String(r['message'])] : [];
        if (JSON.stringify(forks) !== JSON.stringify(expected))
          problems.push(`${source}: ${forks.join(', ')}`);
      }
      assert.deepEqual(problems, [], 'each source forked exactly once (skipped ones never)');
      assert.equal([...forksOf.values()].flat().length, SOURCES - skipped);
      // Every fork ran to its end on the fixed version (also those resumed after the kill).
      const forkRows = rows.filter((row) => row.data['forkedFrom'] !== undefined);
      assert.deepEqual(
        forkRows.filter((row) => row.status !== 'SUCCEEDED').map((row) => row.arn),
        [],
        'every fork succeeded',
      );
    } finally {
      await store.close();
    }
  });
});
