import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createTestDatabase } from '../../../test/support/postgres-database.ts';
import { storeContract } from '../contract.ts';
import { openPostgresStore } from './index.ts';

const probe = await createTestDatabase('probe');
await probe?.drop();

if (probe) {
  storeContract('postgres', async () => {
    const db = await createTestDatabase('contract');
    if (!db) throw new Error('PostgreSQL went away');
    return { store: await openPostgresStore(db.url), dispose: () => db.drop() };
  });

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
