import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { createTestDatabase } from '../../test-support/postgres-database.ts';
import pg from 'pg';
import { activityContract } from '../activity-contract.ts';
import { storeContract } from '../contract.ts';
import { leadershipContract, upgradeContract } from '../lifecycle-contract.ts';
import { leaseContract } from '../lease-contract.ts';
import { StoreError } from '../store-error.ts';
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
  activityContract('postgres', fresh);

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

  it('postgres: servers claiming at once never get the same lease', async () => {
    const db = await createTestDatabase('claims');
    if (!db) throw new Error('PostgreSQL went away');
    const stores = [];
    try {
      // Opened one after the other: the first migrates the new database.
      for (let i = 0; i < 3; i++) stores.push(await openPostgresStore(db.url));
      const arns = Array.from(
        { length: 300 },
        (_, i) => `arn:aws:states:us-east-1:123456789012:execution:M:${i}`,
      );
      await stores[0]!.commit({ newLeases: { owner: 'dead', expiresAt: 0, executionArns: arns } });
      const claims = await Promise.all(
        stores.flatMap((store, s) =>
          [0, 1, 2, 3].map((k) => store.claimLeases(`live-${s}-${k}`, 1, 10_000, 40)),
        ),
      );
      const claimed = claims.flat().map((l) => l.executionArn);
      assert.equal(new Set(claimed).size, claimed.length, 'no lease claimed twice');
      assert.ok(claimed.every((arn) => arns.includes(arn)));
      assert.equal(claimed.length, arns.length, 'every expired lease is claimed');
      assert.ok(claims.filter((c) => c.length > 0).length > 1, 'by several claimers');
    } finally {
      for (const store of stores) await store.close();
      await db.drop();
    }
  });

  it('postgres: a claim skips a lease whose fenced commit is under way, and takes it once that commit is done', async () => {
    const db = await createTestDatabase('fenced');
    if (!db) throw new Error('PostgreSQL went away');
    const store = await openPostgresStore(db.url);
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      const arn = 'arn:aws:states:us-east-1:123456789012:execution:M:x';
      await store.commit({ newLeases: { owner: 'slow', expiresAt: 0, executionArns: [arn] } });
      // The old holder's fence, inside a transaction that has not committed yet.
      await holder.query('BEGIN');
      await holder.query('UPDATE execution_leases SET token = token WHERE execution_arn = $1 AND token = 1', [
        arn,
      ]);
      assert.deepEqual(await store.claimLeases('live', 1, 10_000, 10), [], 'skipped, not waited for');
      await holder.query('COMMIT');
      assert.deepEqual(await store.claimLeases('live', 1, 10_000, 10), [{ executionArn: arn, token: 2 }]);
    } finally {
      await holder.end();
      await store.close();
      await db.drop();
    }
  });

  const old = await createTestDatabase('upgrade');
  after(() => old?.drop());
  upgradeContract(
    'postgres',
    () => Promise.resolve(new PostgresDriver(old?.url ?? '')),
    () => openPostgresStore(old?.url ?? ''),
  );

  it("postgres: the leader's commits are pipelined: sent at once, they apply in order, and a refused one leaves the next to commit", async () => {
    const db = await createTestDatabase('pipeline');
    if (!db) throw new Error('PostgreSQL went away');
    const store = await openPostgresStore(db.url);
    try {
      assert.equal(store.pipelines?.(), false, 'not before it leads: its writes go through the pool');
      const leadership = await store.lead();
      assert.equal(store.pipelines?.(), true);
      const arn = 'arn:aws:states:us-east-1:123456789012:execution:M:e';
      const row = (status: string) => ({
        arn,
        stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:M',
        status,
        startDate: 1,
        historyFormat: 2,
        data: { status },
      });
      const event = (id: number) => ({ executionArn: arn, id, data: { id } });
      const commits = [
        store.commit({ executions: [row('RUNNING')], events: [event(1)] }),
        store.commit({ events: [event(1)] }), // event 1 again: refused (the primary key)
        store.commit({ executions: [row('SUCCEEDED')], events: [event(2)] }),
      ];
      const results = await Promise.allSettled(commits);
      assert.deepEqual(
        results.map((r) => r.status),
        ['fulfilled', 'rejected', 'fulfilled'],
      );
      const refused = results[1]?.status === 'rejected' ? (results[1].reason as unknown) : undefined;
      assert.ok(refused instanceof StoreError && !refused.transient, String(refused));
      assert.equal((await store.getExecution(arn))?.status, 'SUCCEEDED');
      assert.deepEqual(
        (await store.getHistory(arn)).map((e) => e.id),
        [1, 2],
      );
      await leadership.release();
    } finally {
      await store.close();
      await db.drop();
    }
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

if (probe) {
  it("wakes listeners when a commit writes an execution's messages or closes Map children, and when leases are handed back", async () => {
    const db = await createTestDatabase('wake');
    assert.ok(db);
    const store = await openPostgresStore(db.url);
    try {
      const woken: unknown[] = [];
      const arrived = (n: number): Promise<void> =>
        new Promise((resolve, reject) => {
          const deadline = Date.now() + 20_000;
          const check = (): void => {
            if (woken.length >= n) resolve();
            else if (Date.now() > deadline)
              reject(new Error(`${n} wake-ups expected: ${JSON.stringify(woken)}`));
            else setTimeout(check, 10);
          };
          check();
        });
      const stop = await store.wakeUps!.listen((w) => woken.push(w));
      const arn = 'arn:aws:states:us-east-1:123456789012:execution:M:x';
      const message = { id: '1', executionArn: arn, createdAt: 1, data: { kind: 'stop' } };
      await store.commit({ messages: [message] });
      await arrived(1);
      await store.releaseLeases('nobody', 1);
      await arrived(2);
      await store.commit({ wakeClaims: true });
      await arrived(3);
      // Too large for a notification (8,000 bytes): only its execution is named.
      await store.commit({
        messages: [{ id: '2', executionArn: arn, createdAt: 2, data: { output: 'x'.repeat(8000) } }],
      });
      await arrived(4);
      // Map children closed: their ARNs, as many to a notification as fit in one.
      const children = Array.from({ length: 100 }, (_, i) => `${arn}/Fan:${String(i).padStart(90, '0')}`);
      await store.commit({ wakeEnded: children });
      await arrived(6);
      // A hand-back of leases wakes the claims in its own statement, once.
      const child = children[0]!;
      await store.commit({ newLeases: { owner: 'one', expiresAt: 10, executionArns: [child] } });
      assert.equal((await store.handBackLeases('one', [{ executionArn: child, token: 1 }], 1)).length, 1);
      await arrived(7);
      const ended = woken.slice(4, 6) as Array<{ kind: string; executionArns: string[] }>;
      assert.deepEqual(
        ended.map((w) => w.kind),
        ['ended', 'ended'],
      );
      assert.deepEqual(
        ended.flatMap((w) => w.executionArns),
        children,
      );
      assert.deepEqual(woken.slice(0, 4).concat(woken.slice(6)), [
        { kind: 'message', executionArn: arn, message },
        { kind: 'claims' },
        { kind: 'claims' },
        { kind: 'message', executionArn: arn },
        { kind: 'claims' },
      ]);
      // The listening session ends (a PostgreSQL restart, a network cut): the listener connects
      // again and says that it may have missed some (`all`), then hears the next ones.
      const admin = new pg.Client({ connectionString: db.url });
      await admin.connect();
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
      );
      await admin.end();
      await arrived(8);
      assert.deepEqual(woken[7], { kind: 'all' });
      await store.releaseLeases('nobody', 1);
      await arrived(9);
      assert.deepEqual(woken[8], { kind: 'claims' });
      await stop();
    } finally {
      await store.close();
      await db.drop();
    }
  });
}
