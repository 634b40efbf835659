import assert from 'node:assert/strict';
import { it } from 'node:test';
import pg from 'pg';
import { StoreError } from '../store-error.ts';
import { createTestDatabase } from '../../test-support/postgres-database.ts';
import { openPostgresStore } from './index.ts';
import { postgresError } from './postgres-error.ts';

const sqlstate = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code });

it('postgres: errors are transient by SQLSTATE class, refusals otherwise', () => {
  // 08 connection, 40 serialization/deadlock, 53 disk full, 57 timeout/shutdown, 58 I/O, 55P03 lock,
  // 25P03 a session ended while its process was paused inside a transaction.
  for (const code of ['08006', '40001', '40P01', '53100', '57014', '57P01', '58030', '55P03', '25P03']) {
    assert.equal(postgresError(sqlstate(code)).transient, true, code);
  }
  // 23 constraints, 22 data exceptions (a value it cannot keep), 42 a statement it rejects.
  for (const code of ['23505', '23502', '22P05', '22021', '42P01', '55000']) {
    assert.equal(postgresError(sqlstate(code)).transient, false, code);
  }
  // Without a SQLSTATE the server never judged the statement: the store is away.
  const refused = postgresError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
  assert.deepEqual([refused.transient, refused.code], [true, 'ECONNREFUSED']);
  assert.equal(postgresError(new Error('Connection terminated unexpectedly')).transient, true);
});

it('postgres: a real unreachable server and a real constraint come out classified', async (t) => {
  await assert.rejects(
    openPostgresStore('postgres://postgres@127.0.0.1:1/nothing'),
    (e: unknown) => e instanceof StoreError && e.transient,
  );
  const db = await createTestDatabase('errors');
  if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
  const store = await openPostgresStore(db.url);
  try {
    const event = { executionArn: 'arn:x', id: 1, data: {} };
    await store.commit({ events: [event] });
    await assert.rejects(store.commit({ events: [event] }), (e: unknown) => {
      assert.ok(e instanceof StoreError);
      assert.deepEqual([e.transient, e.code], [false, '23505']);
      return true;
    });
    // A session idle inside its transaction past idle_in_transaction_session_timeout (a process
    // paused mid-commit) is ended by the server: a retry on a new connection may succeed.
    const paused = new pg.Client({ connectionString: db.url });
    paused.on('error', () => {});
    await paused.connect();
    await paused.query('SET idle_in_transaction_session_timeout = 100');
    await paused.query('BEGIN');
    await new Promise((r) => setTimeout(r, 400));
    const ended = await paused.query('SELECT 1').then(
      () => undefined,
      (e: unknown) => postgresError(e),
    );
    assert.ok(ended, 'the paused session was ended');
    assert.equal(ended.transient, true, `${ended.code}: ${ended.message}`);
    await paused.end().catch(() => {});
  } finally {
    await store.close();
    await db.drop();
  }
});
