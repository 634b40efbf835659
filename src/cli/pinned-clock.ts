import { systemClock } from '../server/index.ts';

type Clock = typeof systemClock;

/**
 * The real clock, shifted so that a test's execution starts when its original did: `pin(t)`
 * makes the next reading exactly `t` (StartExecution's), and time flows on from there.
 */
export class PinnedClock implements Clock {
  #offset = 0;
  #pin: number | undefined;

  pin(startTime: number | undefined): void {
    this.#pin = startTime;
    if (startTime === undefined) this.#offset = 0;
  }

  now(): number {
    const real = systemClock.now();
    if (this.#pin !== undefined) {
      this.#offset = this.#pin - real;
      this.#pin = undefined;
    }
    return real + this.#offset;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return systemClock.sleep(ms, signal);
  }

  tick(): Promise<void> {
    return systemClock.tick?.() ?? Promise.resolve();
  }
}
