import { randomFillSync } from 'node:crypto';
import { type Clock, type Entropy, uuidsFrom } from '../engine/index.ts';

/** The real clock: only the composition root and the CLI use it. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      // Timers beyond 2^31-1 ms overflow to 1 ms in Node: wait in chunks.
      const chunk = Math.min(ms, 2_147_483_647);
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        if (chunk < ms) void systemClock.sleep(ms - chunk, signal).then(resolve);
        else resolve();
      }, chunk);
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }),
};

systemClock.tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export const systemEntropy: Entropy = {
  uuid: uuidsFrom(randomFillSync),
  random: () => Math.random(),
};
