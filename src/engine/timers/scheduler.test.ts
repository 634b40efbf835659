import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '../../test-support/engine-harness.ts';
import { TimerScheduler } from './scheduler.ts';

const T0 = Date.UTC(2026, 0, 1);

describe('TimerScheduler', () => {
  it('wakes each key once, in time order, at its latest time; a cancelled key never', async () => {
    const clock = new VirtualClock(T0);
    const woken: [string, number][] = [];
    const timers = new TimerScheduler(clock, (key) => woken.push([key, clock.now() - T0]));
    // Many keys in a scrambled order, so that the heap sifts both ways.
    const times = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const at = ((i * 7919) % 1000) * 10 + 10;
      times.set(`k${i}`, at);
      timers.schedule(`k${i}`, T0 + at);
    }
    // Moved later, moved earlier, cancelled: their first entries are stale.
    timers.schedule('k3', T0 + 20_000);
    times.set('k3', 20_000);
    timers.schedule('k4', T0 + 5);
    times.set('k4', 5);
    timers.cancel('k5');
    times.delete('k5');
    assert.equal(timers.size, 199);
    assert.deepEqual(timers.latest(1), ['k3']);
    await clock.advance(30_000);
    // The times are all different (7919 is prime to 1000).
    const inOrder = [...times].sort((a, b) => a[1] - b[1]).map(([key]) => key);
    assert.deepEqual(
      woken.map(([key]) => key),
      inOrder,
    );
    for (const [key, at] of woken) assert.equal(at, times.get(key), key);
    assert.equal(timers.size, 0);
  });

  it('fires nothing once closed', async () => {
    const clock = new VirtualClock(T0);
    const woken: string[] = [];
    const timers = new TimerScheduler(clock, (key) => woken.push(key));
    timers.schedule('a', T0 + 100);
    timers.close();
    await clock.advance(1000);
    assert.deepEqual(woken, []);
  });
});
