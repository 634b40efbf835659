import type { Clock } from '../clock.ts';

/**
 * Wakes parked executions when their durable timer is due (DESIGN.md decision 4). The timer rows
 * live in the store; this keeps only their keys and times, in a binary heap, and sleeps until the
 * earliest. A replaced or cancelled entry stays in the heap and is skipped when it surfaces.
 */
export class TimerScheduler {
  readonly #clock: Clock;
  readonly #wake: (key: string) => void;
  readonly #due = new Map<string, number>();
  /**
   * A binary heap by time, as two arrays rather than one of {key, fireAt} objects: a parked
   * execution costs its ARN, its entry in `#due` and two slots (the times unboxed), ~60 bytes
   * less than with an object and its boxed time each (issue 18).
   */
  readonly #keys: string[] = [];
  readonly #times: number[] = [];
  /** The sleep in progress and the time it ends at. */
  #armed: { readonly until: number; readonly cancel: AbortController } | undefined;
  #closed = false;

  constructor(clock: Clock, wake: (key: string) => void) {
    this.#clock = clock;
    this.#wake = wake;
  }

  /** Sets (or moves) the one timer of `key`. */
  schedule(key: string, fireAt: number): void {
    this.#due.set(key, fireAt);
    this.#push(key, fireAt);
    this.#arm();
  }

  cancel(key: string): void {
    this.#due.delete(key);
  }

  has(key: string): boolean {
    return this.#due.has(key);
  }

  get size(): number {
    return this.#due.size;
  }

  /** Up to `count` keys, those due last first. */
  latest(count: number): string[] {
    return [...this.#due]
      .sort(([, a], [, b]) => b - a)
      .slice(0, count)
      .map(([key]) => key);
  }

  close(): void {
    this.#closed = true;
    this.#armed?.cancel.abort();
    this.#armed = undefined;
  }

  #arm(): void {
    if (this.#closed) return;
    const top = this.#top();
    if (top === undefined) return;
    if (this.#armed && this.#armed.until <= top) return;
    this.#armed?.cancel.abort();
    const armed = { until: top, cancel: new AbortController() };
    this.#armed = armed;
    void this.#clock.sleep(Math.max(0, top - this.#clock.now()), armed.cancel.signal).then(() => {
      if (armed.cancel.signal.aborted) return;
      this.#armed = undefined;
      this.#fire();
    });
  }

  #fire(): void {
    const now = this.#clock.now();
    for (let top = this.#top(); top !== undefined && top <= now; top = this.#top()) {
      const key = this.#keys[0]!;
      this.#pop();
      this.#due.delete(key);
      this.#wake(key);
    }
    this.#arm();
  }

  /** The time of the earliest live entry (the heap's first), after dropping stale ones from the top. */
  #top(): number | undefined {
    for (;;) {
      const key = this.#keys[0];
      if (key === undefined) return undefined;
      const fireAt = this.#times[0]!;
      if (this.#due.get(key) === fireAt) return fireAt;
      this.#pop();
    }
  }

  #push(key: string, fireAt: number): void {
    const keys = this.#keys;
    const times = this.#times;
    keys.push(key);
    times.push(fireAt);
    let i = keys.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent]! <= fireAt) break;
      keys[i] = keys[parent]!;
      times[i] = times[parent]!;
      i = parent;
    }
    keys[i] = key;
    times[i] = fireAt;
  }

  #pop(): void {
    const keys = this.#keys;
    const times = this.#times;
    const lastKey = keys.pop();
    const lastTime = times.pop();
    if (lastKey === undefined || lastTime === undefined || keys.length === 0) return;
    const n = keys.length;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && times[right]! < times[left]! ? right : left;
      if (times[child]! >= lastTime) break;
      keys[i] = keys[child]!;
      times[i] = times[child]!;
      i = child;
    }
    keys[i] = lastKey;
    times[i] = lastTime;
  }
}
