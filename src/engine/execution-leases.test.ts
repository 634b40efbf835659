// ExecutionLeases' renewal (DESIGN.md decision 6), on the memory store: a lease the store says
// this server holds, but that nothing here drives (its resume failed), is resumed again rather
// than renewed forever; one another server took is dropped.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openStore } from '../store/drivers.ts';
import type { Clock } from './clock.ts';
import { ExecutionLeases } from './execution-leases.ts';

/** A clock whose sleeps end at once, and whose time moves only when told. */
function manualClock(): Clock & { at: number } {
  const clock = {
    at: 1000,
    now: () => clock.at,
    sleep: (_ms: number, signal: AbortSignal) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 5);
        signal.addEventListener('abort', () => {
          clearTimeout(t);
          resolve();
        });
      }),
  };
  return clock;
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

it('leases: a lease held in the store that nothing here drives is resumed at the next renewal', async () => {
  const store = await openStore({ store: 'memory', dataDir: '.' });
  const clock = manualClock();
  const claimed: string[] = [];
  const lost: string[] = [];
  const leases = new ExecutionLeases(
    store,
    clock,
    { owner: 'a', claimMs: 60_000 },
    { claimed: (arn) => claimed.push(arn), lost: (arn) => lost.push(arn) },
  );
  // Held by this owner in the store, but not here: its resume failed (or was never made).
  await store.commit({ newLeases: { owner: 'a', expiresAt: clock.at + 10_000, executionArns: ['x1'] } });
  // Started here, then taken over by another server while this one was slow: lost.
  leases.writeOf('x2', true);
  await store.commit({ newLeases: { owner: 'a', expiresAt: clock.at + 2500, executionArns: ['x2'] } });
  leases.committed(['x2'], []);
  clock.at += 3000;
  assert.deepEqual(
    (await store.claimLeases('b', clock.at, clock.at + 2500, 10)).map((l) => l.executionArn),
    ['x2'],
  );
  leases.start();
  try {
    await until(() => claimed.length > 0 && lost.length > 0);
    assert.deepEqual(claimed, ['x1']);
    assert.deepEqual(lost, ['x2']);
  } finally {
    await leases.close();
  }
});

it('leases: a server above its share hands back what it can spare; one below claims up to its share', async () => {
  const store = await openStore({ store: 'memory', dataDir: '.' });
  const clock = manualClock();
  const arns = Array.from({ length: 10 }, (_, i) => `p${i}`);
  // 'a' holds ten (all parked: it can spare any), alone.
  const spared: number[] = [];
  const a = new ExecutionLeases(
    store,
    clock,
    { owner: 'a', renewMs: 60_000, leaseMs: 60_000 },
    {
      claimed: () => {},
      lost: () => {},
      spare: (count) => {
        spared.push(count);
        return Promise.resolve(arns.slice(0, count));
      },
    },
  );
  for (const arn of arns) a.writeOf(arn, true);
  await store.commit({ newLeases: { owner: 'a', expiresAt: clock.at + 60_000, executionArns: arns } });
  a.committed(arns, []);
  const bClaimed: string[] = [];
  const b = new ExecutionLeases(
    store,
    clock,
    { owner: 'b', renewMs: 60_000, leaseMs: 60_000 },
    { claimed: (arn) => bClaimed.push(arn), lost: () => {} },
  );
  a.start();
  try {
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(spared, [], 'alone, it keeps them all');
    assert.equal(a.offers(), false, 'alone, it runs new children itself');
    // 'b' joins: its first renewal says it is live; the fair share is five each.
    b.start();
    await until(() => bClaimed.length >= 5);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(spared, [5]);
    assert.deepEqual(bClaimed.sort(), arns.slice(0, 5));
    assert.equal(a.size, 5);
    assert.equal((await store.leaseShare('b', clock.at)).mine, 5);
    // Eleven with a new child: 'a' keeps one more (six is its share), then offers the next
    // to whichever server claims it.
    assert.deepEqual([a.offers(), a.offers()], [false, true]);
  } finally {
    await a.close();
    await b.close();
  }
});

it('leases: children handed over at the same moment go back in one statement', async () => {
  const store = await openStore({ store: 'memory', dataDir: '.' });
  const calls: string[][] = [];
  const handBackLeases = store.handBackLeases.bind(store);
  store.handBackLeases = (owner, leases, now) => {
    calls.push(leases.map((l) => l.executionArn));
    return handBackLeases(owner, leases, now);
  };
  const leases = new ExecutionLeases(
    store,
    manualClock(),
    { owner: 'a' },
    { claimed: () => {}, lost: () => {} },
  );
  const arns = ['c1', 'c2', 'c3'];
  for (const arn of arns) leases.writeOf(arn, true);
  await store.commit({ newLeases: { owner: 'a', expiresAt: 5000, executionArns: arns } });
  leases.committed(arns, []);
  await Promise.all(arns.map((arn) => Promise.resolve().then(() => leases.handOver(arn))));
  assert.deepEqual(calls, [arns]);
  assert.equal(leases.size, 0);
  assert.deepEqual(await store.leaseOf('c2'), { owner: '', expiresAt: 1000 });
});

it("leases: a child's writes asked to be fenced by its parent are refused once the parent's lease moved on", async () => {
  const store = await openStore({ store: 'memory', dataDir: '.' });
  const clock = manualClock();
  const leases = new ExecutionLeases(store, clock, { owner: 'a' }, { claimed: () => {}, lost: () => {} });
  leases.writeOf('parent', true);
  await store.commit({ newLeases: { owner: 'a', expiresAt: clock.at + 2500, executionArns: ['parent'] } });
  leases.committed(['parent'], []);
  /** The lease fields of a batch that starts `child` under the parent's fence. */
  const start = (child: string) => {
    leases.fenceWith(child, 'parent');
    const write = leases.writeOf(child, true);
    leases.taken();
    return leases.batch([[child, write]], []);
  };
  const first = start('c1');
  assert.deepEqual(first.fences, [{ executionArn: 'parent', token: 1 }]);
  await store.commit(first);
  leases.committed(['c1'], []);
  // Asked for a batch in which the child wrote nothing: it lapses with that batch.
  leases.fenceWith('c1', 'parent');
  leases.taken();
  assert.deepEqual(leases.batch([['c1', leases.writeOf('c1', false)]], []).fences, [
    { executionArn: 'c1', token: 1 },
  ]);
  // Paused past its lease: another server claimed the parent. A stale copy's next child is refused.
  clock.at += 3000;
  assert.equal((await store.claimLeases('b', clock.at, clock.at + 2500, 10)).length, 2);
  await assert.rejects(store.commit(start('c2')), /lease/i);
});
