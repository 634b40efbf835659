import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createTestDatabase } from '../../test-support/postgres-database.ts';
import { openPostgresStore } from './index.ts';

// Servers of one cluster often start together (a deployment's replicas): on a new database each
// one finds the schema missing and migrates it; every one of them must start.
it('postgres: several servers opening one new database at once all start, the schema migrated once', async (t) => {
  for (let round = 0; round < 3; round++) {
    const db = await createTestDatabase('together');
    if (!db) return t.skip('no PostgreSQL at 127.0.0.1:5432');
    try {
      const opened = await Promise.allSettled(Array.from({ length: 4 }, () => openPostgresStore(db.url)));
      const stores = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      try {
        const failures = opened.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
        assert.deepEqual(failures, []);
        assert.deepEqual(await stores[0]!.listExecutions(), []);
      } finally {
        for (const s of stores) await s.close();
      }
    } finally {
      await db.drop();
    }
  }
});
