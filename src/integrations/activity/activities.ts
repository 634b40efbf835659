import type { PendingTasks } from '../callback/pending-tasks.ts';
import type {
  ActivityPersistence,
  ActivityRecord,
  ActivityService,
  ActivityTask,
  TaskRequest,
  TaskResult,
} from '../task-runner.ts';
import type { SharedActivityQueue } from './shared-tasks.ts';
import { SharedActivityTasks } from './shared-tasks.ts';

interface Queued {
  readonly task: ActivityTask;
  /** Called when a worker takes the task (records ActivityStarted, starts the heartbeat clock). */
  readonly take: (workerName: string | undefined) => void;
}

interface Poller {
  readonly workerName: string | undefined;
  readonly deliver: (item: Queued) => void;
}

export interface ActivitySettings {
  readonly region: string;
  readonly account: string;
}

/**
 * Activities (`arn:aws:states:REGION:ACCOUNT:activity:NAME`): a registry of names and, per
 * activity, a FIFO of scheduled tasks that workers take with GetActivityTask (a long poll).
 * Answers come back through the shared task tokens (SendTaskSuccess/Failure/Heartbeat).
 */
export class Activities implements ActivityService {
  readonly #records = new Map<string, ActivityRecord>();
  readonly #queues = new Map<string, Queued[]>();
  readonly #pollers = new Map<string, Poller[]>();
  readonly #settings: ActivitySettings;
  readonly #pending: PendingTasks;
  readonly #now: () => number;
  #persistence: ActivityPersistence | undefined;
  /** With servers sharing a store: tasks are queued there, for workers polling any server. */
  #shared: SharedActivityTasks | undefined;

  constructor(settings: ActivitySettings, pending: PendingTasks, now: () => number = () => Date.now()) {
    this.#settings = settings;
    this.#pending = pending;
    this.#now = now;
  }

  /** From now on, creations and deletions are also written through `persistence`. */
  persistTo(persistence: ActivityPersistence): void {
    this.#persistence = persistence;
  }

  /** From now on, tasks are queued in `queue` (a store several servers share), not in memory. */
  shareThrough(queue: SharedActivityQueue): void {
    this.#shared = new SharedActivityTasks(queue);
  }

  /** Activities kept by an earlier run (read back at start, before executions resume). */
  restore(records: readonly ActivityRecord[]): void {
    for (const r of records) this.#records.set(r.activityArn, r);
  }

  arnOf(name: string): string {
    return `arn:aws:states:${this.#settings.region}:${this.#settings.account}:activity:${name}`;
  }

  /** Idempotent by name, as AWS's CreateActivity is. */
  create(name: string): ActivityRecord {
    const activityArn = this.arnOf(name);
    const existing = this.#records.get(activityArn);
    if (existing) return existing;
    const record = { activityArn, name, creationDate: this.#now() };
    this.#records.set(activityArn, record);
    this.#persistence?.saved(record);
    return record;
  }

  describe(activityArn: string): ActivityRecord | undefined {
    return this.#records.get(activityArn);
  }

  delete(activityArn: string): void {
    if (this.#records.delete(activityArn)) this.#persistence?.deleted(activityArn);
  }

  /** By name in code-point order, like the other List actions. */
  list(): ActivityRecord[] {
    return [...this.#records.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  poll(
    activityArn: string,
    workerName: string | undefined,
    waitMs: number,
    signal: AbortSignal,
  ): Promise<ActivityTask | undefined> {
    if (this.#shared) return this.#shared.poll(activityArn, workerName, waitMs, signal);
    const queued = this.#queues.get(activityArn)?.shift();
    if (queued) {
      queued.take(workerName);
      return Promise.resolve(queued.task);
    }
    if (signal.aborted || waitMs <= 0) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const pollers = this.#listOf(this.#pollers, activityArn);
      const leave = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        const at = pollers.indexOf(poller);
        if (at >= 0) pollers.splice(at, 1);
      };
      const onAbort = (): void => {
        leave();
        resolve(undefined);
      };
      const poller: Poller = {
        workerName,
        deliver: (item) => {
          leave();
          item.take(workerName);
          resolve(item.task);
        },
      };
      const timer = setTimeout(onAbort, waitMs);
      signal.addEventListener('abort', onAbort, { once: true });
      pollers.push(poller);
    });
  }

  /** Performs an activity Task: queue it, wait for a worker's answer. */
  async run(request: TaskRequest): Promise<TaskResult> {
    const arn = request.resource;
    // Scaled out, it may have been created through another server since this one read the catalog.
    const found = !this.#records.has(arn) && (await this.#shared?.find(arn));
    if (found) this.#records.set(arn, found);
    if (!this.#records.has(arn)) {
      return {
        ok: false,
        error: 'States.Runtime',
        cause: `Activity does not exist: '${arn}'`,
        recordedAs: 'ScheduleFailed',
      };
    }
    const token = request.taskToken;
    if (token === undefined)
      return { ok: false, error: 'States.Runtime', cause: 'The task has no task token.' };
    const pending = this.#pending.open(token, request.signal, request.heartbeat);
    let taken = false;
    const item: Queued = {
      task: { taskToken: token, input: JSON.stringify(request.parameters) },
      take: (workerName) => {
        if (taken) return;
        taken = true;
        request.progress?.started(workerName);
        request.heartbeat?.start();
      },
    };
    const shared = this.#shared;
    if (shared) {
      const task = { token, activityArn: arn, queuedAt: this.#now(), input: item.task.input };
      await shared.schedule(task, item.take, request.signal);
      const result = await pending.result;
      await shared.settled(token);
      return result;
    }
    const poller = this.#pollers.get(arn)?.shift();
    if (poller) poller.deliver(item);
    else this.#listOf(this.#queues, arn).push(item);
    const result = await pending.result;
    // Not taken by anyone (stopped or timed out while queued): it must not reach a worker.
    const queue = this.#queues.get(arn);
    const at = queue?.indexOf(item) ?? -1;
    if (queue && at >= 0) queue.splice(at, 1);
    return result;
  }

  #listOf<T>(map: Map<string, T[]>, arn: string): T[] {
    let list = map.get(arn);
    if (!list) {
      list = [];
      map.set(arn, list);
    }
    return list;
  }
}
