// The group commit's fault isolation against real stores (the refusal is a real UNIQUE violation
// classified by the driver) and against a store that is away (virtual time: the backoff and the
// patience of waiters are measured, not waited for).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Batch, Store } from '../store/index.ts';
import { StoreError } from '../store/index.ts';
import { openStore } from '../store/drivers.ts';
import { createTestDatabase } from '../test-support/postgres-database.ts';
import { idle, VirtualClock } from '../test-support/engine-harness.ts';
import { GroupCommit } from './group-commit.ts';

const EX = 'arn:aws:states:us-east-1:123456789012:execution:M:';
const event = (name: string, id: number) => ({
  executionArn: `${EX}${name}`,
  id,
  data: { type: 'Pass', id },
});

const cleanups: Array<() => unknown> = [];
after(async () => {
  for (const clean of cleanups.splice(0)) await clean();
});

const STORES: Record<string, () => Promise<Store | undefined>> = {
  sqlite: () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-group-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return openStore({ store: 'sqlite', dataDir: dir });
  },
  postgres: async () => {
    const db = await createTestDatabase('group');
    if (!db) return undefined;
    cleanups.push(() => db.drop());
    return openStore({ store: db.url, dataDir: '' });
  },
};

/** Counts the commits a store is asked for. */
function counted(store: Store): { store: Store; commits: () => number } {
  let n = 0;
  const wrapped = Object.create(store) as Store;
  wrapped.commit = (batch: Batch) => {
    n++;
    return store.commit(batch);
  };
  return { store: wrapped, commits: () => n };
}

for (const [kind, open] of Object.entries(STORES)) {
  describe(`group commit on ${kind}`, () => {
    it('commits every other owner when the store refuses one, in few extra commits', async (t) => {
      const real = await open();
      if (!real) return t.skip('no PostgreSQL');
      try {
        await real.commit({ events: [event('bad', 1)] });
        const { store, commits } = counted(real);
        const refused: Array<[string, StoreError]> = [];
        const journal = new GroupCommit(store, new VirtualClock(), (owner, error) => {
          refused.push([owner, error]);
          return Promise.resolve();
        });
        for (let i = 0; i < 32; i++) journal.event(event(`ok-${i}`, 1));
        journal.event(event('bad', 1)); // exists already: a real constraint violation
        journal.document({ kind: 'activity', key: 'arn:activity', parent: '', data: { name: 'w' } });
        await journal.flushed();
        assert.equal(refused.length, 1);
        const [owner, error] = refused[0] ?? [];
        assert.equal(owner, `${EX}bad`);
        assert.ok(error instanceof StoreError && !error.transient, String(error));
        for (let i = 0; i < 32; i++) assert.equal(await real.lastEventId(`${EX}ok-${i}`), 1);
        assert.ok(await real.getDocument('activity', 'arn:activity'));
        // Split in halves: about two commits per level for 34 owners, not one per owner.
        assert.ok(commits() <= 14, `${commits()} commits`);

        // The refused owner's writes are dropped, and its requests told so, until it is released.
        const dropped = journal.capture(() => journal.event(event('bad', 2)));
        await assert.rejects(dropped.durable()!, (e: unknown) => e === error);
        journal.release(`${EX}bad`);
        const taken = journal.capture(() => journal.event(event('bad', 2)));
        await taken.durable();
        assert.equal(await real.lastEventId(`${EX}bad`), 2);
        // A request that wrote nothing of the refused owner is not refused.
        const other = journal.capture(() => journal.event(event('ok-0', 2)));
        await other.durable();
      } finally {
        await real.close();
      }
    });
  });
}

describe('group commit while the store is away', () => {
  it('retries with bounded backoff, tells waiters after a second, and commits once it is back', async () => {
    const written: Batch[] = [];
    let away = true;
    const store = {
      commit(batch: Batch) {
        if (away) {
          return Promise.reject(
            new StoreError('connect ECONNREFUSED', { transient: true, code: 'ECONNREFUSED' }),
          );
        }
        written.push(batch);
        return Promise.resolve();
      },
    } as unknown as Store;
    const clock = new VirtualClock();
    const journal = new GroupCommit(store, clock, () => Promise.reject(new Error('nothing is refused')));
    journal.event(event('a', 1));
    const seen: { first: unknown; later: unknown } = { first: 'waiting', later: 'waiting' };
    // Read through a call: what the callbacks set is not narrowed away by the asserts between.
    const first = (): unknown => seen.first;
    journal.flushed().then(
      () => (seen.first = 'durable'),
      (e: unknown) => (seen.first = e),
    );
    await clock.advance(500);
    assert.equal(first(), 'waiting', 'a short outage is waited out');
    await clock.advance(1500);
    const told = first();
    assert.ok(told instanceof StoreError && told.transient, String(told));
    // Later waiters wait afresh, for the next attempt.
    journal.flushed().then(
      () => (seen.later = 'durable'),
      (e: unknown) => (seen.later = e),
    );
    await clock.advance(60_000);
    assert.ok(seen.later instanceof StoreError, 'told again at the next failed attempt');
    const delays = clock.sleeps;
    assert.ok(Math.max(...delays) <= 2000, `backoff ${Math.max(...delays)} ms`);
    assert.ok(delays.length < 60, `${delays.length} attempts in a minute`);
    away = false;
    journal.event(event('a', 2));
    const back = journal.flushed();
    await clock.advance(2000);
    await back;
    await idle();
    assert.deepEqual(
      written.flatMap((b) => (b.events ?? []).map((e) => e.id)),
      [1, 2],
    );
  });
});

describe('group commit on a store that applies at once (Store.apply)', () => {
  interface Sync {
    readonly promise: Promise<void>;
    resolve(): void;
    reject(e: Error): void;
  }

  /** Applies each batch when called; each sync settles when the test says. */
  function syncing(): { store: Store; applied: Batch[]; syncs: Sync[] } {
    const applied: Batch[] = [];
    const syncs: Sync[] = [];
    const apply = (batch: Batch): Promise<void> => {
      if (batch.events?.some((e) => e.id < 0)) {
        throw new StoreError('UNIQUE constraint failed', { transient: false, code: 'SQLITE_CONSTRAINT' });
      }
      applied.push(batch);
      let resolve = (): void => {};
      let reject = (_: Error): void => {};
      const promise = new Promise<void>((ok, fail) => {
        resolve = ok;
        reject = fail;
      });
      syncs.push({ promise, resolve, reject });
      return promise;
    };
    const commit = (batch: Batch): Promise<void> => {
      try {
        return apply(batch);
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    };
    return { store: { apply, commit } as unknown as Store, applied, syncs };
  }

  /** 'durable', or what the promise was rejected with. */
  const settled = (p: Promise<void>): Promise<unknown> =>
    p.then(
      () => 'durable',
      (e: unknown) => e,
    );

  /** Lets the virtual clock and the event loop turn until `done` (at most 10 turns). */
  async function turnsUntil(clock: VirtualClock, done: () => boolean): Promise<void> {
    for (let i = 0; i < 10 && !done(); i++) {
      await clock.advance(0);
      await idle();
    }
  }

  it('applies the next batch while one syncs, and answers its waiters only after the earlier sync', async () => {
    const { store, applied, syncs } = syncing();
    const clock = new VirtualClock();
    const journal = new GroupCommit(store, clock, () => Promise.reject(new Error('nothing is refused')));
    const order: string[] = [];
    const first = journal.capture(() => journal.event(event('a', 1)));
    void first.durable()!.then(() => order.push('a'));
    await clock.advance(0);
    await idle();
    assert.equal(applied.length, 1);
    const second = journal.capture(() => journal.event(event('b', 1)));
    void second.durable()!.then(() => order.push('b'));
    await clock.advance(0);
    await idle();
    assert.equal(applied.length, 2, 'the second batch is applied while the first syncs');
    syncs[1]?.resolve();
    await idle();
    assert.deepEqual(order, [], 'not durable before the batch applied ahead of it');
    syncs[0]?.resolve();
    await idle();
    assert.deepEqual(order, ['a', 'b']);
    await journal.flushed();
  });

  it('a request that wrote nothing waits only while writes are queued or committing', async () => {
    const { store, syncs } = syncing();
    const clock = new VirtualClock();
    const journal = new GroupCommit(store, clock, () => Promise.reject(new Error('nothing is refused')));
    assert.equal(journal.capture(() => 'read').durable(), undefined, 'nothing to wait for');
    const written = journal.capture(() => journal.event(event('a', 1)));
    const queued = journal.capture(() => 'read').durable();
    assert.ok(queued instanceof Promise, 'an earlier write is queued');
    let settled = false;
    void queued.then(() => (settled = true));
    void written.durable()!.then(() => {});
    await clock.advance(0);
    await idle();
    const committing = journal.capture(() => 'read').durable();
    assert.ok(committing instanceof Promise, 'an earlier write is being committed');
    assert.equal(settled, false);
    syncs[0]?.resolve();
    await committing;
    assert.equal(settled, true);
    await journal.flushed();
    assert.equal(journal.capture(() => 'read').durable(), undefined, 'all durable again');
  });

  it('a batch the store cannot apply is committed by the way that splits it; a failed sync is told', async () => {
    const { store, applied, syncs } = syncing();
    const clock = new VirtualClock();
    const refused: string[] = [];
    const journal = new GroupCommit(store, clock, (owner) => {
      refused.push(owner);
      return Promise.resolve();
    });
    const good = journal.capture(() => journal.event(event('good', 1)));
    const bad = journal.capture(() => journal.event(event('bad', -1)));
    const goodDone = good.durable();
    const badDone = settled(bad.durable()!);
    await turnsUntil(clock, () => syncs.length > 0);
    assert.deepEqual(
      applied.map((b) => b.events?.map((e) => e.executionArn)),
      [[`${EX}good`]],
    );
    syncs[0]?.resolve();
    await goodDone;
    assert.ok((await badDone) instanceof StoreError);
    assert.deepEqual(refused, [`${EX}bad`]);

    const lost = journal.capture(() => journal.event(event('good', 2)));
    const told = settled(lost.durable()!);
    await turnsUntil(clock, () => syncs.length > 1);
    syncs[1]?.reject(new StoreError('the WAL could not be synced: EIO', { transient: false, code: 'EIO' }));
    const error = await told;
    assert.ok(error instanceof StoreError && error.code === 'EIO', String(error));
  });
});
