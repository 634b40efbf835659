import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { createTestDatabase } from '../../test-support/postgres-database.ts';
import pg from 'pg';
import { leadershipContract, storeContract, upgradeContract } from '../contract.ts';
import { leaseContract } from '../lease-contract.ts';
import { openPostgresStore } from './index.ts';
import { PostgresDriver } from './postgres-driver.ts';

const probe = await createTestDatabase('probe');
await probe?.drop();

if (probe) {
  const fresh = async () => {
    const db = await createTestDatabase('contract');
    if (!db) throw new Error('PostgreSQL went away');
    return { store: await openPostgresStore(db.url), dispose: () => db.drop() };
  };
  storeContract('postgres', fresh);
  leaseContract('postgres', fresh);

  const shared = await createTestDatabase('lead');
  after(() => shared?.drop());
  leadershipContract('postgres', () => openPostgresStore(shared?.url ?? ''));

  it('postgres: the lead is lost when the connection holding it dies', async () => {
    const store = await openPostgresStore(shared?.url ?? '');
    const admin = new pg.Client({ connectionString: shared?.url ?? '' });
    await admin.connect();
    try {
      const leadership = await store.lead();
      assert.equal(leadership.leading, true);
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
      );
      const error = await leadership.lost;
      assert.ok(error instanceof Error);
      assert.equal(leadership.leading, false);
    } finally {
      await admin.end();
      await store.close();
    }
  });

  const old = await createTestDatabase('upgrade');
  after(() => old?.drop());
  upgradeContract(
    'postgres',
    () => Promise.resolve(new PostgresDriver(old?.url ?? '')),
    () => openPostgresStore(old?.url ?? ''),
  );

  it('postgres: a second open of a migrated database keeps its rows', async () => {
    const db = await createTestDatabase('reopen');
    if (!db) throw new Error('PostgreSQL went away');
    try {
      const first = await openPostgresStore(db.url);
      await first.commit({ documents: [{ kind: 'activity', key: 'a', parent: '', data: { n: 1 } }] });
      await first.close();
      const second = await openPostgresStore(db.url);
      assert.deepEqual((await second.getDocument('activity', 'a'))?.data, { n: 1 });
      await second.close();
    } finally {
      await db.drop();
    }
  });
} else {
  it('postgres store contract', { skip: 'no PostgreSQL at 127.0.0.1:5432' }, () => {});
}
