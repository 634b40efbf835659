import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Clock } from '../clock.ts';
import { Pacer } from './pacer.ts';

/** A clock whose time is set by hand and whose turns of the event loop come when `turn()` says. */
function handClock() {
  let turn: (() => void) | undefined;
  const clock = {
    time: 1_000_000,
    ticks: 0,
    now: () => clock.time,
    sleep: () => Promise.resolve(),
    tick: () => {
      clock.ticks++;
      return new Promise<void>((resolve) => (turn = resolve));
    },
    async turn() {
      turn?.();
      turn = undefined;
      await Promise.resolve();
    },
  };
  return clock;
}

/** Enters n states as the step loop does; the pause the last one met, and whether another did. */
function enter(pacer: Pacer, n: number) {
  let early = false;
  let last: Promise<void> | undefined;
  for (let i = 0; i < n; i++) {
    last = --pacer.untilCheck === 0 ? pacer.due() : undefined;
    if (last !== undefined && i < n - 1) early = true;
  }
  return { early, last };
}

test('runs that hold the event loop 10 ms wait for its next turn, all of them; then go on', async () => {
  const clock = handClock();
  const pacer = new Pacer(clock);
  // The 1,000th state sends a probe for the next turn; nothing waits yet.
  assert.deepEqual(enter(pacer, 1000), { early: false, last: undefined });
  assert.equal(clock.ticks, 1);
  // 9 ms later the loop has not turned, but that is not long enough.
  clock.time += 9;
  assert.deepEqual(enter(pacer, 1000), { early: false, last: undefined });
  // 10 ms: the probe is overdue, and every state entered waits for it.
  clock.time += 1;
  const { early, last } = enter(pacer, 1000);
  assert.equal(early, false);
  assert.ok(last instanceof Promise);
  const others = enter(pacer, 1).last;
  assert.ok(others instanceof Promise);
  assert.equal(enter(pacer, 1).last, others);
  assert.equal(clock.ticks, 1, 'the one probe is the pause');
  // The thread that found it overdue goes on after those that waited with it.
  const order: string[] = [];
  const resumed = Promise.all([last.then(() => order.push('held')), others.then(() => order.push('other'))]);
  await clock.turn();
  await resumed;
  assert.deepEqual(order, ['other', 'held']);
  // The loop turned: runs go on, and the next probe goes out 1,000 states later.
  assert.deepEqual(enter(pacer, 999), { early: false, last: undefined });
  assert.equal(clock.ticks, 1);
  assert.equal(enter(pacer, 1).last, undefined);
  assert.equal(clock.ticks, 2);
});

test('a loop that turns on its own (a server between requests) makes runs wait for nothing', async () => {
  const clock = handClock();
  const pacer = new Pacer(clock);
  for (let round = 0; round < 5; round++) {
    assert.deepEqual(enter(pacer, 1000), { early: false, last: undefined });
    clock.time += 50;
    await clock.turn();
  }
  assert.equal(clock.ticks, 5);
});

test('a clock that cannot turn the event loop (a virtual one) makes no pause', () => {
  let t = 0;
  const virtual: Clock = { now: () => (t += 100), sleep: () => Promise.resolve() };
  assert.deepEqual(enter(new Pacer(virtual), 10_000), { early: false, last: undefined });
});
