import type {
  Batch,
  DocumentKind,
  DocumentRow,
  EventRow,
  ExecutionRow,
  Store,
  TimerRow,
} from '../store/index.ts';
import type { Clock } from './clock.ts';

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const NEVER = new AbortController().signal;

/**
 * Group commit (DESIGN.md decision 3): what every execution writes during one turn of the event
 * loop goes to the store in one transaction, so throughput is not one fsync per transition.
 * A write counts only once its transaction has committed: `flushed()` says when.
 */
export class GroupCommit {
  readonly #store: Store;
  readonly #clock: Clock;
  #events: EventRow[] = [];
  #executions = new Map<string, ExecutionRow>();
  #documents: DocumentRow[] = [];
  #deleted: Array<{ kind: DocumentKind; key: string }> = [];
  #timers: TimerRow[] = [];
  #cleared: string[] = [];
  #pending = 0;
  /** Resolved when the batch being gathered has committed. */
  #next: Deferred | undefined;
  #inflight: Promise<void> | undefined;
  #running = false;

  constructor(store: Store, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  event(row: EventRow): void {
    this.#events.push(row);
    this.#queued();
  }

  execution(row: ExecutionRow): void {
    this.#executions.set(row.arn, row);
    this.#queued();
  }

  document(row: DocumentRow): void {
    this.#documents.push(row);
    this.#queued();
  }

  deleteDocument(kind: DocumentKind, key: string): void {
    this.#deleted.push({ kind, key });
    this.#queued();
  }

  timer(row: TimerRow): void {
    this.#timers.push(row);
    this.#queued();
  }

  clearTimer(executionArn: string): void {
    // A timer set earlier in the same batch must not outlive its clearing (the store applies
    // clearings before settings).
    this.#timers = this.#timers.filter((t) => t.executionArn !== executionArn);
    this.#cleared.push(executionArn);
    this.#queued();
  }

  /** Resolves once everything queued before the call is durable. */
  flushed(): Promise<void> {
    if (this.#pending > 0) return (this.#next ??= deferred()).promise;
    return this.#inflight ?? Promise.resolve();
  }

  /**
   * Stops writing (the store is about to close): what is queued later is dropped, as a crash
   * would drop it, and is derived again by replay at the next start.
   */
  close(): void {
    this.#closed = true;
  }

  #closed = false;

  #queued(): void {
    if (this.#closed) return;
    this.#pending++;
    if (!this.#running) {
      this.#running = true;
      void this.#loop();
    }
  }

  #take(): Batch {
    const batch: Batch = {
      events: this.#events,
      executions: [...this.#executions.values()],
      documents: this.#documents,
      deletedDocuments: this.#deleted,
      timers: this.#timers,
      clearedTimers: this.#cleared,
    };
    this.#events = [];
    this.#executions = new Map();
    this.#documents = [];
    this.#deleted = [];
    this.#timers = [];
    this.#cleared = [];
    this.#pending = 0;
    return batch;
  }

  async #loop(): Promise<void> {
    try {
      while (this.#pending > 0) {
        // One turn of the event loop lets every ready execution add its events to this batch.
        await (this.#clock.tick?.() ?? Promise.resolve());
        const done = this.#next ?? deferred();
        this.#next = undefined;
        const batch = this.#take();
        this.#inflight = done.promise;
        for (let attempt = 1; ; attempt++) {
          try {
            await this.#store.commit(batch);
            break;
          } catch (e) {
            if (this.#closed) break;
            // The database is away (a PostgreSQL restart): keep the batch and try again; nothing
            // that depends on it has been confirmed to anyone.
            console.error(`stepwise: commit failed (attempt ${attempt}), retrying`, e);
            await this.#clock.sleep(Math.min(5000, 100 * attempt), NEVER);
          }
        }
        this.#inflight = undefined;
        done.resolve();
      }
    } finally {
      this.#running = false;
    }
  }
}
