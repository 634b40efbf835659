// The group commit on a store that pipelines (Store.pipelines, PostgreSQL's writer connection):
// a batch is sent while the one before it is being committed, waiters are answered in order, an
// owner's writes never overtake its own, and a commit that fails takes the way that retries and
// splits. A store whose commits the test settles; virtual time for the retries.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Batch, Store } from '../store/index.ts';
import { StoreError } from '../store/index.ts';
import { idle, VirtualClock } from '../test-support/engine-harness.ts';
import { GroupCommit } from './group-commit.ts';

const EX = 'arn:aws:states:us-east-1:123456789012:execution:M:';
const event = (name: string, id: number) => ({
  executionArn: `${EX}${name}`,
  id,
  data: { type: 'Pass', id },
});

interface Sent {
  readonly batch: Batch;
  resolve(): void;
  reject(e: Error): void;
}

/** Takes every commit at once, in a pipeline; each ends when the test says. */
function pipelining(): { store: Store; sent: Sent[] } {
  const sent: Sent[] = [];
  const commit = (batch: Batch): Promise<void> =>
    new Promise<void>((resolve, reject) => sent.push({ batch, resolve, reject }));
  return { store: { commit, pipelines: () => true } as unknown as Store, sent };
}

const names = (s: Sent | undefined): string[] =>
  (s?.batch.events ?? []).map((e) => `${e.executionArn.slice(EX.length)}/${e.id}`);

/** Lets the virtual clock and the event loop turn. */
async function turn(clock: VirtualClock, ms = 0): Promise<void> {
  await clock.advance(ms);
  await idle();
}

const nothingRefused = (): Promise<void> => Promise.reject(new Error('nothing is refused'));

describe('group commit on a store that pipelines', () => {
  it('sends the next batch while one is committed, two at most, and answers waiters in order', async () => {
    const { store, sent } = pipelining();
    const clock = new VirtualClock();
    const journal = new GroupCommit(store, clock, nothingRefused);
    const order: string[] = [];
    const durable: Array<Promise<number>> = [];
    for (const name of ['a', 'b', 'c']) {
      const written = journal.capture(() => journal.event(event(name, 1)));
      durable.push(written.durable()!.then(() => order.push(name)));
      await turn(clock);
    }
    assert.deepEqual(sent.map(names), [['a/1'], ['b/1']], 'b is sent behind a; c waits for room');
    sent[1]?.resolve();
    await turn(clock);
    assert.deepEqual(order, [], 'b is not answered before a, sent ahead of it');
    sent[0]?.resolve();
    await turn(clock);
    assert.deepEqual(order, ['a', 'b']);
    assert.deepEqual(names(sent[2]), ['c/1'], 'c is sent once there is room');
    sent[2]?.resolve();
    await Promise.all(durable);
    assert.deepEqual(order, ['a', 'b', 'c']);
  });

  it('with a clock that turns, sends a batch behind another only once it is as large', async () => {
    const { store, sent } = pipelining();
    // The event loop's turns, as the server's clock has them: the pipeline checks at each.
    const clock = Object.assign(new VirtualClock(), {
      tick: () => new Promise<void>((resolve) => setImmediate(resolve)),
    });
    const journal = new GroupCommit(store, clock, nothingRefused);
    for (const name of ['a', 'b', 'c']) journal.event(event(name, 1));
    await idle();
    journal.event(event('d', 1));
    await idle();
    assert.deepEqual(sent.map(names), [['a/1', 'b/1', 'c/1']], 'd alone waits');
    journal.event(event('e', 1));
    journal.event(event('f', 1));
    await idle();
    assert.deepEqual(names(sent[1]), ['d/1', 'e/1', 'f/1'], 'sent once as large as a, b, c');
    journal.event(event('g', 1));
    await idle();
    assert.equal(sent.length, 2);
    sent[0]?.resolve();
    await idle();
    assert.equal(sent.length, 2, 'g waits for d, e, f, not as large either');
    sent[1]?.resolve();
    await idle();
    assert.deepEqual(names(sent[2]), ['g/1'], 'sent once nothing is');
    sent[2]?.resolve();
    await journal.flushed();
  });

  it("holds an owner's writes back until its batch still being sent has ended", async () => {
    const { store, sent } = pipelining();
    const clock = new VirtualClock();
    const journal = new GroupCommit(store, clock, nothingRefused);
    journal.event(event('a', 1));
    await turn(clock);
    journal.event(event('a', 2));
    journal.event(event('b', 1));
    await turn(clock);
    assert.equal(sent.length, 1, 'a/2 (and b/1 with it) wait for a/1');
    sent[0]?.reject(new StoreError('lock timeout', { transient: true, code: '55P03' }));
    // The failed batch is retried after a backoff, then the held one goes.
    await turn(clock, 50);
    assert.deepEqual(names(sent[1]), ['a/1']);
    sent[1]?.resolve();
    await turn(clock);
    assert.deepEqual(names(sent[2]), ['a/2', 'b/1']);
    sent[2]?.resolve();
    await journal.flushed();
  });

  it('a batch refused in the pipeline is split: its other owners commit, the one sent behind it too', async () => {
    const { store, sent } = pipelining();
    const clock = new VirtualClock();
    const refused: string[] = [];
    const journal = new GroupCommit(store, clock, (owner) => Promise.resolve(void refused.push(owner)));
    const good = journal.capture(() => journal.event(event('good', 1)));
    const bad = journal.capture(() => journal.event(event('bad', 1)));
    await turn(clock);
    // As large as the batch ahead of it: sent behind it.
    const behind = journal.capture(() => {
      journal.event(event('behind', 1));
      journal.event(event('behind-too', 1));
    });
    await turn(clock);
    assert.deepEqual(sent.map(names), [
      ['good/1', 'bad/1'],
      ['behind/1', 'behind-too/1'],
    ]);
    const unique = new StoreError('duplicate key', { transient: false, code: '23505' });
    sent[1]?.resolve();
    // The store refuses every batch holding bad/1: the failed one is split in halves.
    for (let i = 0, settled = 0; i < 10; i++, await turn(clock)) {
      for (const s of sent.slice(settled)) {
        if (names(s).includes('bad/1')) s.reject(unique);
        else s.resolve();
      }
      settled = sent.length;
    }
    assert.deepEqual(sent.slice(2).map(names), [['good/1'], ['bad/1']]);
    await good.durable();
    await behind.durable();
    await assert.rejects(bad.durable()!, (e: unknown) => e === unique);
    assert.deepEqual(refused, [`${EX}bad`]);
  });
});
