import type { ExecutionRow, Store } from '../../store/index.ts';
import type { Clock } from '../clock.ts';

/** How often a child driven by another server is looked up in the store. */
const POLL_MS = 500;
/** The same when its end is told by a notification (LISTEN): the poll is only the fallback. */
const NOTIFIED_POLL_MS = 2000;
/** How often a child stopped on another server is looked up until it ends there. */
const STOPPING_POLL_MS = 100;
/** A signal that never aborts: a stopped Map Run waits for its child's end (for a while). */
const NEVER = new AbortController().signal;

export interface ChildEndReadsDeps {
  readonly store: Store | undefined;
  readonly clock: Clock;
  /** Ends are told (`ended`, from the store's NOTIFY): the poll is only the fallback. */
  readonly notified?: boolean | undefined;
}

/**
 * How a Distributed Map's parent learns of the ends of its children that other servers drive
 * (scale-out): their rows read from the store, again when a notification tells of their end,
 * and otherwise at the poll.
 */
export class ChildEndReads {
  readonly #deps: ChildEndReadsDeps;
  /** The children awaited, each with what cuts its wait short. */
  readonly #awaited = new Map<string, AbortController>();
  /**
   * The reads, one child at a time: a Map with many children elsewhere would otherwise fill the
   * store's few connections at each poll. One query for all of them would be cheaper still.
   */
  #reads: Promise<unknown> = Promise.resolve();

  constructor(deps: ChildEndReadsDeps) {
    this.#deps = deps;
  }

  /**
   * Listens for the end of `arn`: aborted when it is told, when `signal` aborts (unless it has:
   * a stopped Map Run waits for its child's end), or by the caller, once it waits no more.
   */
  listen(arn: string, signal: AbortSignal): AbortController {
    const wake = new AbortController();
    const follows = signal.aborted ? NEVER : signal;
    this.#awaited.set(arn, wake);
    const abort = (): void => wake.abort();
    follows.addEventListener('abort', abort, { once: true });
    wake.signal.addEventListener(
      'abort',
      () => {
        follows.removeEventListener('abort', abort);
        if (this.#awaited.get(arn) === wake) this.#awaited.delete(arn);
      },
      { once: true },
    );
    return wake;
  }

  /** Executions closed (undefined: any may have, notifications were missed): read them now. */
  ended(executionArns: readonly string[] | undefined): void {
    if (!executionArns) for (const wake of [...this.#awaited.values()]) wake.abort();
    else for (const arn of executionArns) this.#awaited.get(arn)?.abort();
  }

  /** The child's row in the store. */
  read(arn: string): Promise<ExecutionRow | undefined> {
    const store = this.#deps.store;
    const read = this.#reads.then(() => store?.getExecution(arn));
    this.#reads = read.catch(() => undefined);
    return read;
  }

  /** Until the next read: the poll's period, or less when `woken` aborts. */
  pause(woken: AbortSignal, stopping: boolean): Promise<void> {
    const ms = stopping ? STOPPING_POLL_MS : this.#deps.notified ? NOTIFIED_POLL_MS : POLL_MS;
    return this.#deps.clock.sleep(ms, woken);
  }
}
