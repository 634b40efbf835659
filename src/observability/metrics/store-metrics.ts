import type { Registry } from 'prom-client';
import type { Clock } from '../../engine/index.ts';
import { exposed, LocalHistogram } from './local-metrics.ts';

/** What the metrics read of a store's commit: how many events and executions it carries. */
interface Committing {
  commit(batch: {
    readonly events?: readonly unknown[];
    readonly executions?: readonly unknown[];
  }): Promise<void>;
}

/** Store calls that are not one read or write: the lead is held for the process's life. */
const UNTIMED = new Set<PropertyKey>(['lead', 'close', 'pipelines']);

const SECONDS: readonly number[] = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
const SIZES: readonly number[] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];
const LAG_SECONDS: readonly number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30];

/**
 * The server's own metrics of its durable path, beside AWS's:
 * - `stepwise_store_operation_duration_seconds{operation}`: each store call, by method name (the
 *   Store interface's few methods, so bounded);
 * - `stepwise_group_commit_events` / `_executions`: what one commit (one transaction of the
 *   group commit) carried, and `stepwise_group_commit_duration_seconds` how long it took;
 * - `stepwise_timer_lag_seconds`: how late a timer (a Wait, a retry interval, a timeout, the
 *   scheduler's wake-up) resolved after it was due: the event loop's and the machine's load.
 */
export class StoreMetrics {
  /** By operation (the Store's method names: bounded). */
  readonly #operations = new Map<string, LocalHistogram>();
  readonly #commitSeconds = new LocalHistogram(SECONDS);
  readonly #commitEvents = new LocalHistogram(SIZES);
  readonly #commitExecutions = new LocalHistogram(SIZES);
  readonly #timerLag = new LocalHistogram(LAG_SECONDS);

  // Plain numbers read at scrape time (local-metrics.ts): a store call costs no label hashing.
  constructor(registry: Registry) {
    const histogram = (name: string, help: string, value: LocalHistogram): void =>
      exposed(registry, name, help, () => [[{}, value]], 'histogram');
    exposed(
      registry,
      'stepwise_store_operation_duration_seconds',
      'Seconds each store call took, by Store method.',
      () => [...this.#operations].map(([operation, value]) => [{ operation }, value] as const),
      'histogram',
    );
    histogram(
      'stepwise_group_commit_duration_seconds',
      'Seconds one group commit (one store transaction) took.',
      this.#commitSeconds,
    );
    histogram(
      'stepwise_group_commit_events',
      'History events written by one group commit.',
      this.#commitEvents,
    );
    histogram(
      'stepwise_group_commit_executions',
      'Execution rows written by one group commit.',
      this.#commitExecutions,
    );
    histogram('stepwise_timer_lag_seconds', 'Seconds a timer resolved after it was due.', this.#timerLag);
  }

  /** `store`, its calls timed (and its commits measured); the same object to everything else. */
  timed<T extends Committing>(store: T): T {
    const wrapped = new Map<PropertyKey, unknown>();
    return new Proxy(store, {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        let method = wrapped.get(key);
        if (!method) {
          // Bound to the store itself: its methods use private fields, which a proxy has not.
          const bound = (...args: unknown[]): unknown =>
            (value as (...a: unknown[]) => unknown).apply(target, args);
          method = UNTIMED.has(key) || typeof key !== 'string' ? bound : this.#timing(key, bound);
          wrapped.set(key, method);
        }
        return method;
      },
    });
  }

  #timing(operation: string, call: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
    // Store.apply is a commit too (one whose promise settles when it is durable).
    const commit = operation === 'commit' || operation === 'apply';
    const label = commit ? 'commit' : operation;
    let histogram = this.#operations.get(label);
    if (!histogram) this.#operations.set(label, (histogram = new LocalHistogram(SECONDS)));
    const timed = histogram;
    return (...args: unknown[]) => {
      const start = performance.now();
      const result = call(...args);
      if (!(result instanceof Promise)) return result;
      const done = (): void => {
        const seconds = (performance.now() - start) / 1000;
        timed.observe(seconds);
        if (!commit) return;
        const batch = args[0] as Parameters<Committing['commit']>[0];
        this.#commitSeconds.observe(seconds);
        this.#commitEvents.observe(batch.events?.length ?? 0);
        this.#commitExecutions.observe(batch.executions?.length ?? 0);
      };
      // Timed aside: the caller awaits the store's own promise (no turn added to every call).
      result.then(done, done);
      return result;
    };
  }

  /** `clock`, with the lag of each timer that ran to its end measured. */
  timedClock(clock: Clock): Clock {
    const lag = this.#timerLag;
    return {
      now: () => clock.now(),
      sleep: (ms, signal) => {
        // A zero sleep is a turn of the event loop, not a timer.
        if (ms <= 0) return clock.sleep(ms, signal);
        const due = clock.now() + ms;
        return clock.sleep(ms, signal).then(() => {
          if (!signal.aborted) lag.observe(Math.max(0, clock.now() - due) / 1000);
        });
      },
      ...(clock.tick ? { tick: () => clock.tick?.() ?? Promise.resolve() } : {}),
    };
  }
}
