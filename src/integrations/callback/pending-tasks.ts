import type { Json } from '../../asl/index.ts';
import type { CallbackOutcome, HeartbeatClock, TaskCallbacks, TaskResult } from '../task-runner.ts';

/** How many answered tokens are remembered, so a late answer gets TaskTimedOut, not TaskDoesNotExist. */
const CLOSED_MEMORY = 10_000;

/** A task waiting for its token: an activity handed to a worker, or a `.waitForTaskToken` call. */
export interface PendingTask {
  /**
   * Settles with the worker's answer, or States.Aborted when the task's signal aborts (a stop,
   * TimeoutSeconds, or a missed heartbeat: the engine keeps those deadlines and records them).
   */
  readonly result: Promise<TaskResult>;
  /** Forgets the token without an answer (the call that should have carried it failed). */
  close(): void;
}

interface Waiter {
  settle(result: TaskResult): void;
  beat(): void;
}

const ABANDONED: TaskResult = { ok: false, error: 'States.Aborted', cause: undefined };

/**
 * Tokens of tasks waiting for SendTaskSuccess/Failure/Heartbeat. An answer for a token that is
 * not waiting never throws: it is reported as TaskTimedOut (answered or expired before) or
 * TaskDoesNotExist.
 */
export class PendingTasks implements TaskCallbacks {
  readonly #waiting = new Map<string, Waiter>();
  readonly #closed = new Set<string>();

  /** The tokens waiting for an answer now (`stepwise run` answers them itself: it has no API). */
  waitingTokens(): string[] {
    return [...this.#waiting.keys()];
  }

  /**
   * Registers `token` before its work is sent out, since a worker may answer at once. Its
   * heartbeats (SendTaskHeartbeat) are passed on to `heartbeat`, the engine's clock.
   */
  open(token: string, signal: AbortSignal, heartbeat: HeartbeatClock | undefined): PendingTask {
    let resolve!: (r: TaskResult) => void;
    const result = new Promise<TaskResult>((r) => (resolve = r));
    let settled = false;
    const forget = (): void => {
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (this.#waiting.get(token) === waiter) this.#waiting.delete(token);
    };
    const onAbort = (): void => waiter.settle(ABANDONED);
    const waiter: Waiter = {
      settle: (r) => {
        if (settled) return;
        forget();
        this.#remember(token);
        resolve(r);
      },
      beat: () => {
        if (!settled) heartbeat?.beat();
      },
    };
    // A re-run of the same visit (after a restart) takes the token over.
    this.#waiting.get(token)?.settle(ABANDONED);
    this.#closed.delete(token);
    this.#waiting.set(token, waiter);
    if (signal.aborted) waiter.settle(ABANDONED);
    else signal.addEventListener('abort', onAbort, { once: true });
    return {
      result,
      close: () => {
        if (!settled) forget();
      },
    };
  }

  succeed(token: string, output: Json): CallbackOutcome {
    return this.#answer(token, (w) => w.settle({ ok: true, output }));
  }

  fail(token: string, error: string | undefined, cause: string | undefined): CallbackOutcome {
    // Without an error name AWS records none; '' stands for it (as for a Fail state without Error).
    return this.#answer(token, (w) => w.settle({ ok: false, error: error ?? '', cause }));
  }

  heartbeat(token: string): CallbackOutcome {
    return this.#answer(token, (w) => w.beat());
  }

  /** Tokens currently waiting (for tests and the console). */
  get size(): number {
    return this.#waiting.size;
  }

  #answer(token: string, act: (w: Waiter) => void): CallbackOutcome {
    const waiter = this.#waiting.get(token);
    if (waiter) {
      act(waiter);
      return 'ok';
    }
    return this.#closed.has(token) ? 'TaskTimedOut' : 'TaskDoesNotExist';
  }

  #remember(token: string): void {
    this.#closed.add(token);
    if (this.#closed.size > CLOSED_MEMORY) {
      const oldest = this.#closed.values().next();
      if (!oldest.done) this.#closed.delete(oldest.value);
    }
  }
}
