import type { ActivityRecord, ActivityTask } from '../task-runner.ts';

/** An activity task as a store that several servers share keeps it (one row per task token). */
export interface SharedTask {
  readonly token: string;
  readonly activityArn: string;
  /** When this server queued it: also tells this queuing from a later one of the same token. */
  readonly queuedAt: number;
  readonly input: string;
}

/** A task as one poll of this server claimed it: `claimedAt` tells this claim from a later one. */
export interface ClaimedTask extends SharedTask {
  readonly claimedAt: number;
}

/**
 * The queue of activity tasks in the store (scale-out, DESIGN.md decision 6): a task scheduled
 * by one server is taken by a worker polling any server. The server composes it over its store.
 */
export interface SharedActivityQueue {
  /** Queues the task; a token queued before (a task re-run after a failover) is queued afresh. */
  add(task: SharedTask): Promise<void>;
  /** Claims, for this server, the oldest unclaimed task of the activity for `worker` ('' for no name). */
  take(activityArn: string, worker: string): Promise<ClaimedTask | undefined>;
  /**
   * Whether this server's claim still holds (it was not put back meanwhile); `delivered` also
   * marks it delivered: the answer reached the worker, so the task stays with that worker.
   */
  confirm(task: ClaimedTask, delivered: boolean): Promise<boolean>;
  /** Puts this server's claim back (its answer did not reach the worker). */
  release(task: ClaimedTask): Promise<void>;
  /**
   * Of `tasks`, puts back the claims made at or before `claimedBefore` that no worker received,
   * by servers that are dead (no heartbeat); returns their tokens.
   */
  requeue(tasks: readonly SharedTask[], claimedBefore: number): Promise<string[]>;
  /** Those of `tasks` (as queued at their `queuedAt`) a worker has claimed, with its name. */
  taken(
    tasks: readonly SharedTask[],
  ): Promise<Array<{ readonly token: string; readonly worker: string; readonly delivered: boolean }>>;
  /** Removes the task as queued at `queuedAt`, never a later queuing of its token. */
  remove(task: SharedTask): Promise<void>;
  /** An activity as the store has it: one created through another server a moment ago. */
  activity(activityArn: string): Promise<ActivityRecord | undefined>;
}

/** How often a waiting poll looks for tasks queued by other servers, and claims are looked for. */
const POLL_MS = 200;
const RETRY_MS = 500;
/**
 * A claim not delivered this long after it was made, by a server that has no heartbeat, is put
 * back: the server died between the claim and its answer (a lease's 2.5 s and then some). A poll
 * that finds itself this late (its server was paused) asks whether its claim still holds.
 */
const UNDELIVERED_MS = 3000;

interface Scheduled {
  readonly task: SharedTask;
  /** Records ActivityStarted (once) with the name of the worker that claimed the task. */
  readonly take: (workerName: string | undefined) => void;
  taken: boolean;
  /** Its answer reached the worker that claimed it: it stays with that worker. */
  delivered: boolean;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * Activity tasks through the store: the server that runs a task queues a row and waits for the
 * answer (SendTask* reach it by the execution in the token); GetActivityTask on any server claims
 * rows with `FOR UPDATE SKIP LOCKED`. The scheduling server learns that its task was claimed
 * by looking (ActivityStarted, the heartbeat clock), or from its own poller at once.
 */
export class SharedActivityTasks {
  readonly #queue: SharedActivityQueue;
  readonly #scheduled = new Map<string, Scheduled>();
  /** Polls waiting on this server, woken when a task is queued here. */
  readonly #waiting = new Set<() => void>();
  #watching = false;

  constructor(queue: SharedActivityQueue) {
    this.#queue = queue;
  }

  /** An activity not known here yet, read from the store. */
  find(activityArn: string): Promise<ActivityRecord | undefined> {
    return this.#queue.activity(activityArn).catch(() => undefined);
  }

  /** Queues the task (retrying while the store is away, until `signal` aborts). */
  async schedule(task: SharedTask, take: Scheduled['take'], signal: AbortSignal): Promise<void> {
    this.#scheduled.set(task.token, { task, take, taken: false, delivered: false });
    for (;;) {
      try {
        await this.#queue.add(task);
        break;
      } catch (e) {
        if (signal.aborted) return;
        console.error(
          'stepwise: could not queue an activity task, retrying:',
          e instanceof Error ? e.message : e,
        );
        await sleep(RETRY_MS, signal);
      }
    }
    for (const wake of this.#waiting) wake();
    this.#watch();
  }

  /**
   * The task has its answer (or was stopped): a claim not seen yet is recorded first (the worker
   * answered before the next look), then the row goes.
   */
  async settled(token: string): Promise<void> {
    const s = this.#scheduled.get(token);
    if (!s) return;
    this.#scheduled.delete(token);
    try {
      if (!s.taken) {
        const claimed = await this.#queue.taken([s.task]);
        if (claimed[0]) s.take(claimed[0].worker || undefined);
      }
      await this.#queue.remove(s.task);
    } catch (e) {
      // A row left behind is harmless: its answer is refused as the token's task has ended.
      console.error('stepwise: could not remove an activity task:', e instanceof Error ? e.message : e);
    }
  }

  /**
   * A long poll against the store: a task queued by any server, or undefined after `waitMs`.
   * The task's `sent` says whether the answer reached the worker: if it did, the claim is marked
   * delivered; if not, the task goes back to the queue.
   */
  async poll(
    activityArn: string,
    workerName: string | undefined,
    waitMs: number,
    signal: AbortSignal,
  ): Promise<ActivityTask | undefined> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const task = await this.#queue.take(activityArn, workerName ?? '');
      if (task && signal.aborted) {
        // The poller left while its claim was under way: the task goes back for another worker.
        await this.#queue.release(task).catch(() => {});
        return undefined;
      }
      // This server was paused since its claim (SIGSTOP, a long GC): the claim may have been put
      // back and given to another worker meanwhile, and then it must not reach this one too.
      if (task && Date.now() - task.claimedAt >= UNDELIVERED_MS / 2) {
        if (!(await this.#queue.confirm(task, false).catch(() => false))) continue;
      }
      if (task) {
        // Scheduled here: ActivityStarted at once, not at the next look.
        const mine = this.#scheduled.get(task.token);
        if (mine?.task.queuedAt === task.queuedAt && !mine.taken) {
          mine.taken = true;
          mine.take(workerName);
        }
        return { taskToken: task.token, input: task.input, sent: (delivered) => this.#sent(task, delivered) };
      }
      const left = deadline - Date.now();
      if (signal.aborted || left <= 0) return undefined;
      await this.#nap(Math.min(POLL_MS, left), signal);
    }
  }

  /** The answer of a claim reached its worker (marked delivered), or did not (put back). */
  #sent(task: ClaimedTask, delivered: boolean): void {
    const mine = this.#scheduled.get(task.token);
    if (delivered && mine?.task.queuedAt === task.queuedAt) mine.delivered = true;
    const done = delivered ? this.#queue.confirm(task, true) : this.#queue.release(task);
    done.catch((e: unknown) => {
      // Unmarked, the claim is put back only if this server dies: the worker keeps the task.
      console.error(
        "stepwise: could not record an activity task's delivery:",
        e instanceof Error ? e.message : e,
      );
    });
  }

  /** Sleeps until `ms` pass, a task is queued here, or `signal` aborts. */
  async #nap(ms: number, signal: AbortSignal): Promise<void> {
    const woken = new AbortController();
    const wake = (): void => woken.abort();
    this.#waiting.add(wake);
    const onAbort = (): void => woken.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await sleep(ms, woken.signal);
    } finally {
      this.#waiting.delete(wake);
      signal.removeEventListener('abort', onAbort);
    }
  }

  /**
   * While tasks of this server wait for a worker, looks for their claims by workers elsewhere,
   * and puts back the claims of servers that died before their answer reached the worker.
   */
  #watch(): void {
    if (this.#watching) return;
    this.#watching = true;
    void (async () => {
      try {
        while (this.#scheduled.size > 0) {
          await sleep(POLL_MS);
          try {
            await this.#look();
          } catch (e) {
            console.error(
              'stepwise: could not look for claimed activity tasks:',
              e instanceof Error ? e.message : e,
            );
          }
        }
      } finally {
        this.#watching = false;
      }
    })();
  }

  async #look(): Promise<void> {
    const open = [...this.#scheduled.values()].filter((s) => !s.delivered);
    if (open.length === 0) return;
    const undelivered: SharedTask[] = [];
    for (const { token, worker, delivered } of await this.#queue.taken(open.map((s) => s.task))) {
      const s = this.#scheduled.get(token);
      if (!s) continue;
      if (!s.taken) {
        s.taken = true;
        s.take(worker || undefined);
      }
      if (delivered) s.delivered = true;
      else undelivered.push(s.task);
    }
    if (undelivered.length > 0) await this.#queue.requeue(undelivered, Date.now() - UNDELIVERED_MS);
  }
}
