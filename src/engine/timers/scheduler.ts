import type { Clock } from '../clock.ts';

interface Entry {
  readonly key: string;
  readonly fireAt: number;
}

/**
 * Wakes parked executions when their durable timer is due (DESIGN.md decision 4). The timer rows
 * live in the store; this keeps only their keys and times, in a binary heap, and sleeps until the
 * earliest. A replaced or cancelled entry stays in the heap and is skipped when it surfaces.
 */
export class TimerScheduler {
  readonly #clock: Clock;
  readonly #wake: (key: string) => void;
  readonly #due = new Map<string, number>();
  readonly #heap: Entry[] = [];
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
    this.#push({ key, fireAt });
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
    if (!top) return;
    if (this.#armed && this.#armed.until <= top.fireAt) return;
    this.#armed?.cancel.abort();
    const armed = { until: top.fireAt, cancel: new AbortController() };
    this.#armed = armed;
    void this.#clock.sleep(Math.max(0, top.fireAt - this.#clock.now()), armed.cancel.signal).then(() => {
      if (armed.cancel.signal.aborted) return;
      this.#armed = undefined;
      this.#fire();
    });
  }

  #fire(): void {
    const now = this.#clock.now();
    for (let top = this.#top(); top && top.fireAt <= now; top = this.#top()) {
      this.#pop();
      this.#due.delete(top.key);
      this.#wake(top.key);
    }
    this.#arm();
  }

  /** The earliest live entry, after dropping stale ones from the top. */
  #top(): Entry | undefined {
    for (;;) {
      const top = this.#heap[0];
      if (!top || this.#due.get(top.key) === top.fireAt) return top;
      this.#pop();
    }
  }

  #push(entry: Entry): void {
    const h = this.#heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.fireAt <= entry.fireAt) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = entry;
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop();
    if (!last || h.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= h.length) break;
      const right = left + 1;
      const child = right < h.length && h[right]!.fireAt < h[left]!.fireAt ? right : left;
      if (h[child]!.fireAt >= last.fireAt) break;
      h[i] = h[child]!;
      i = child;
    }
    h[i] = last;
  }
}
