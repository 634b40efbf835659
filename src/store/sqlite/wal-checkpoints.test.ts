import assert from 'node:assert/strict';
import { mkdtempSync, openSync, readSync, closeSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { it } from 'node:test';
import { type FileSync, WalCheckpoints } from './wal-checkpoints.ts';
import { SqliteDriver } from './sqlite-driver.ts';

function scratch(): { file: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-wal-'));
  return { file: join(dir, 'db'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The WAL header's salts: SQLite draws new ones each time it starts the WAL over. */
function salts(file: string): string {
  const fd = openSync(`${file}-wal`, 'r');
  try {
    const header = Buffer.alloc(8);
    readSync(fd, header, 0, 8, 16);
    return header.toString('hex');
  } finally {
    closeSync(fd);
  }
}

it('wal checkpoints: the WAL is not started over until the database file is synced, then at the next commit', async () => {
  const { file, dispose } = scratch();
  const db = new DatabaseSync(file);
  try {
    db.exec('PRAGMA journal_mode = WAL');
    const held: Parameters<FileSync>[1][] = [];
    const failures: Error[] = [];
    let now = 0;
    const checkpoints = new WalCheckpoints(db, file, (e) => failures.push(e), {
      sync: (_fd, done) => held.push(done),
      now: () => now,
    });
    db.exec('CREATE TABLE t (n INTEGER, s TEXT)');
    const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
    const commit = (n: number): void => void insert.run(n, 'x'.repeat(2000));
    for (let n = 0; n < 50; n++) commit(n);
    const first = salts(file);

    checkpoints.afterSync(); // copies every frame, then syncs the database file: held
    assert.equal(held.length, 1);
    checkpoints.afterSync(); // one at a time
    assert.equal(held.length, 1);
    const size = statSync(`${file}-wal`).size;
    commit(50);
    assert.equal(salts(file), first, 'a commit while the file syncs appends to the WAL');
    const grown = statSync(`${file}-wal`).size;
    assert.ok(grown > size);

    held[0]!(null); // synced: what was committed meanwhile is checkpointed in line
    commit(51);
    assert.notEqual(salts(file), first, 'the commit after it starts the WAL over');
    assert.equal(statSync(`${file}-wal`).size, grown, 'written from its start');

    now += 99;
    checkpoints.afterSync();
    assert.equal(held.length, 1, 'not due before 100 ms');
    now += 1;
    checkpoints.afterSync();
    assert.equal(held.length, 2);
    held[1]!(Object.assign(new Error('EIO'), { code: 'EIO' }));
    assert.equal(failures.length, 1);
    await checkpoints.close();
    assert.equal(db.prepare('SELECT count(*) AS n FROM t').get()?.['n'], 52);
  } finally {
    if (db.isOpen) db.close();
    dispose();
  }
});

it('wal checkpoints: under steady commits the WAL stays small, and everything is there after reopening', async () => {
  const { file, dispose } = scratch();
  try {
    const driver = new SqliteDriver(file);
    await driver.transaction([{ sql: 'CREATE TABLE t (n INTEGER, s TEXT)', params: [] }]);
    const row = 'y'.repeat(100_000);
    // 40 MB committed in 400 transactions; the WAL would hold all of it without checkpoints.
    for (let n = 0; n < 400; n++)
      await driver.transaction([{ sql: 'INSERT INTO t VALUES (?, ?)', params: [n, row] }]);
    assert.ok(statSync(`${file}-wal`).size < 25e6, `WAL of ${statSync(`${file}-wal`).size} bytes`);
    await driver.close();
    const again = new SqliteDriver(file);
    const [sums] = await again.query('SELECT count(*) AS n, sum(length(s)) AS bytes FROM t');
    assert.deepEqual({ ...sums }, { n: 400, bytes: 40_000_000 });
    await again.close();
  } finally {
    dispose();
  }
});
