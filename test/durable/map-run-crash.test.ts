// A distributed Map Run's children are durable executions: SIGKILL the server while a Map Run of
// STANDARD children is under way, restart it on the same store, and the run finishes with each
// item done exactly once and complete result files (issue 13). `npm run bench:dmap-crash` runs
// the same with 10,000 items.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createTestDatabase } from '../../src/test-support/postgres-database.ts';
import { crashMapRun } from '../support/map-run-crash.ts';

const ITEMS = 600;
const KILLS = 2;

describe('crash test: SIGKILL during a Map Run of STANDARD children', { timeout: 240_000 }, () => {
  it('SQLite: every item done exactly once, the result files complete', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-map-crash-'));
    try {
      const report = await crashMapRun({
        items: ITEMS,
        kills: KILLS,
        storeArgs: ['--data-dir', dir],
        everyHistory: true,
      });
      assert.deepEqual(report.problems, []);
      // The kills came while children were still to run.
      assert.ok(
        report.doneAtKills.every((n) => n < ITEMS),
        `killed after ${report.doneAtKills.join(', ')}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL: every item done exactly once, the result files complete', async (t) => {
    const db = await createTestDatabase('map_crash');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    try {
      const report = await crashMapRun({ items: ITEMS, kills: KILLS, storeArgs: ['--store', db.url] });
      assert.deepEqual(report.problems, []);
      assert.ok(
        report.doneAtKills.every((n) => n < ITEMS),
        `killed after ${report.doneAtKills.join(', ')}`,
      );
    } finally {
      await db.drop();
    }
  });
});
