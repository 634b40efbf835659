// The benchmarks' own clock and entropy: the server's (src/system-clock.ts) would load the whole
// composition root into an engine process that is measured for its memory.
import { randomFillSync } from 'node:crypto';
import { type Clock, type Entropy, uuidsFrom } from '../src/engine/index.ts';

/** The server's entropy (server/system-clock.ts). */
export const benchEntropy: Entropy = { uuid: uuidsFrom(randomFillSync), random: () => Math.random() };

/**
 * The real clock, except that sleeps of at most `instantUpToMs` end at once: the peer's harness
 * overrides retry pauses to 0 ms (retryIntervalOverrides). Longer sleeps stay real: every Standard
 * execution sleeps on its one-year deadline (AWS quota), which must not fire at once.
 */
export function benchClock(instantUpToMs = -1): Clock {
  return {
    now: () => Date.now(),
    sleep: (ms, signal) =>
      ms <= instantUpToMs || signal.aborted
        ? Promise.resolve()
        : new Promise<void>((done) => {
            // Capped at Node's longest timer: no benchmark lasts 24 days.
            const timer = setTimeout(done, Math.min(ms, 2 ** 31 - 1));
            signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
          }),
    tick: () => new Promise<void>((done) => setImmediate(done)),
  };
}
