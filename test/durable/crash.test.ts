// The durability promise, tested the hard way: a real server process runs hundreds of executions
// (Task, Wait, Parallel, Map) and is killed with SIGKILL at random moments, several times, then
// restarted on the same store. Every execution must finish exactly once with the right output
// and a gap-free history, on SQLite and on PostgreSQL. (`npm run bench:crash` runs the same at
// a larger scale.)
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createTestDatabase } from '../../src/test-support/postgres-database.ts';
import { crashAndRecover } from '../support/crash-rounds.ts';

const EXECUTIONS = 200;
const KILLS = 5;

async function check(storeArgs: string[]): Promise<void> {
  const report = await crashAndRecover({ executions: EXECUTIONS, kills: KILLS, storeArgs });
  // The kills did cut executions short: the restarted servers had open ones to resume.
  assert.ok(report.resumed > 0, 'no execution was running at any kill');
  assert.deepEqual(report.problems, []);
}

describe('crash test: SIGKILL at random moments, then restart', { timeout: 240_000 }, () => {
  it('SQLite: every execution finishes once, right output, gap-free history', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-crash-'));
    try {
      await check(['--data-dir', dir]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL: every execution finishes once, right output, gap-free history', async (t) => {
    const db = await createTestDatabase('crash');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    try {
      await check(['--store', db.url]);
    } finally {
      await db.drop();
    }
  });
});
