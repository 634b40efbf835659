import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { it } from 'node:test';
import { StoreError } from '../store-error.ts';
import { SqliteDriver } from './sqlite-driver.ts';

it('sqlite: a lock held elsewhere is transient, a constraint is a refusal (real result codes)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-sqlite-error-'));
  const file = join(dir, 'db');
  const driver = new SqliteDriver(file);
  const other = new DatabaseSync(file);
  try {
    // Not the server's 5 s: the test need not wait that long for BUSY.
    await driver.query('PRAGMA busy_timeout = 50');
    await driver.query('CREATE TABLE t (a INTEGER PRIMARY KEY)');
    await driver.transaction([{ sql: 'INSERT INTO t VALUES (?)', params: [1] }]);
    await assert.rejects(
      driver.transaction([{ sql: 'INSERT INTO t VALUES (?)', params: [1] }]),
      (e: unknown) => {
        assert.ok(e instanceof StoreError);
        assert.equal(e.transient, false);
        assert.match(e.code, /^SQLITE_CONSTRAINT/);
        return true;
      },
    );
    // Another connection writes: this one is BUSY past its timeout.
    other.exec('BEGIN IMMEDIATE');
    await assert.rejects(
      driver.transaction([{ sql: 'INSERT INTO t VALUES (?)', params: [2] }]),
      (e: unknown) => {
        assert.ok(e instanceof StoreError);
        assert.equal(e.transient, true);
        assert.match(e.code, /^SQLITE_BUSY/);
        return true;
      },
    );
    other.exec('ROLLBACK');
    await driver.transaction([{ sql: 'INSERT INTO t VALUES (?)', params: [2] }]);
  } finally {
    other.close();
    await driver.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
