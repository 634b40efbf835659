import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { activityContract } from '../activity-contract.ts';
import { storeContract } from '../contract.ts';
import { leadershipContract, upgradeContract } from '../lifecycle-contract.ts';
import { leaseContract } from '../lease-contract.ts';
import { openSqliteStore } from './index.ts';
import { SqliteDriver, sqliteFile } from './sqlite-driver.ts';

const fresh = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-store-'));
  return {
    store: await openSqliteStore(dir),
    dispose: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
};
storeContract('sqlite', fresh);
leaseContract('sqlite', fresh);
activityContract('sqlite', fresh);

const shared = mkdtempSync(join(tmpdir(), 'stepwise-store-'));
after(() => rmSync(shared, { recursive: true, force: true }));
leadershipContract('sqlite', () => openSqliteStore(shared));

it('sqlite: what was committed is there after the database is reopened', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-store-'));
  try {
    const first = await openSqliteStore(dir);
    await first.commit({
      executions: [
        { arn: 'x', stateMachineArn: 'm', status: 'RUNNING', startDate: 1, historyFormat: 1, data: { a: 1 } },
      ],
      events: [{ executionArn: 'x', id: 1, data: { type: 'ExecutionStarted' } }],
    });
    await first.close();
    // Opening again runs no migration twice and finds the rows.
    const second = await openSqliteStore(dir);
    assert.deepEqual((await second.getExecution('x'))?.data, { a: 1 });
    assert.equal((await second.getHistory('x')).length, 1);
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const old = mkdtempSync(join(tmpdir(), 'stepwise-store-'));
after(() => rmSync(old, { recursive: true, force: true }));
upgradeContract(
  'sqlite',
  () => Promise.resolve(new SqliteDriver(sqliteFile(old))),
  () => openSqliteStore(old),
);

it('sqlite: prepared statements are kept within a bound, and those let go are prepared again', async () => {
  const driver = new SqliteDriver(':memory:');
  try {
    await driver.transaction([{ sql: 'CREATE TABLE t (n INTEGER, s TEXT)', params: [] }]);
    // A multi-row INSERT per row count, as a burst of batches of every size makes them.
    const insert = (rows: number) => ({
      sql: `INSERT INTO t VALUES ${new Array<string>(rows).fill('(?, ?)').join(', ')}`,
      params: Array.from({ length: rows }, (_, i) => [rows, `row ${i}`]).flat(),
    });
    for (let round = 0; round < 2; round++) {
      for (let rows = 1; rows <= 300; rows++) await driver.transaction([insert(rows)]);
    }
    assert.ok(driver.statementsKept < 300, `${driver.statementsKept} statements kept`);
    const [count] = await driver.query('SELECT COUNT(*) AS c, SUM(n) AS s FROM t WHERE n = ?', [1]);
    assert.deepEqual({ ...count }, { c: 2, s: 2 });
    const [all] = await driver.query('SELECT COUNT(*) AS c FROM t');
    assert.equal(all?.['c'], 2 * ((300 * 301) / 2));
  } finally {
    await driver.close();
  }
});
