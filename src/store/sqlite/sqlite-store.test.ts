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
