import type { Clock, Engine } from '../engine/index.ts';
import type { BulkBook } from './bulk-book.ts';
import type { BulkOperation, BulkProgress, BulkResult } from './bulk-operation.ts';

/** Slices per second: results are written (and the rate checked) about every 100 ms. */
const SLICES_PER_SECOND = 10;

export interface BulkRunnerDeps {
  readonly engine: Engine;
  /** The action on one execution, wherever it is driven (bulk-operations.ts). */
  readonly apply: (op: BulkOperation, arn: string) => Promise<Pick<BulkResult, 'outcome' | 'message'>>;
  readonly book: BulkBook;
  readonly clock: Clock;
}

/**
 * Works through running bulk operations, a slice at a time, at no more than each operation's
 * rate. A slice's results are written once what it did is durable (the engine's commit), so
 * after a crash a resumed operation starts right after the last slice written.
 */
export class BulkRunner {
  readonly #deps: BulkRunnerDeps;
  readonly #running = new Map<string, Promise<void>>();
  readonly #stopping = new AbortController();
  readonly #cancelled = new Set<string>();

  constructor(deps: BulkRunnerDeps) {
    this.#deps = deps;
  }

  /** Runs the operation unless it runs already; resolves when it has ended (or the runner stops). */
  run(op: BulkOperation): Promise<void> {
    let running = this.#running.get(op.bulkOperationId);
    if (!running) {
      running = this.#work(op).finally(() => this.#running.delete(op.bulkOperationId));
      this.#running.set(op.bulkOperationId, running);
    }
    return running;
  }

  /** The operation stops after the slice under way (CancelBulkOperation). */
  cancel(id: string): Promise<void> {
    this.#cancelled.add(id);
    return this.#running.get(id) ?? Promise.resolve();
  }

  /** Stops after the slice under way; its results are written. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    await Promise.allSettled(this.#running.values());
  }

  async #work(op: BulkOperation): Promise<void> {
    const { engine, book, clock, apply } = this.#deps;
    const id = op.bulkOperationId;
    const signal = this.#stopping.signal;
    let progress = await book.progress(id);
    const size = Math.max(1, Math.ceil(op.ratePerSecond / SLICES_PER_SECOND));
    const began = clock.now();
    let touched = 0;
    while (progress.done < op.targets.length && !signal.aborted) {
      if (this.#cancelled.has(id)) return;
      const slice = op.targets.slice(progress.done, progress.done + size);
      const outcomes = await Promise.all(slice.map((arn) => apply(op, arn)));
      // What the slice did is durable before it is counted as done.
      await engine.flushed();
      const at = clock.now();
      const results: BulkResult[] = slice.map((executionArn, k) => {
        const { outcome, message } = outcomes[k]!;
        return {
          index: progress.done + k,
          executionArn,
          outcome,
          ...(message === undefined ? {} : { message }),
          at,
        };
      });
      progress = counted(progress, results, at);
      await book.record(id, results, progress);
      touched += slice.length;
      const ahead = (touched / op.ratePerSecond) * 1000 - (clock.now() - began);
      if (ahead > 0) await clock.sleep(ahead, signal);
    }
    if (progress.done >= op.targets.length && !this.#cancelled.has(id)) {
      await book.save({ ...op, status: 'SUCCEEDED', finishedAt: clock.now() });
    }
  }
}

function counted(p: BulkProgress, results: readonly BulkResult[], at: number): BulkProgress {
  const n = (o: BulkResult['outcome']) => results.filter((r) => r.outcome === o).length;
  return {
    done: p.done + results.length,
    succeeded: p.succeeded + n('SUCCEEDED'),
    skipped: p.skipped + n('SKIPPED'),
    failed: p.failed + n('FAILED'),
    updatedAt: at,
  };
}
