import type { Json } from '../asl/index.ts';
import type {
  ActivityRecord,
  ActivityService,
  ActivityTask,
  CallbackOutcome,
  TaskCallbacks,
} from '../integrations/index.ts';
import { ServiceError, taskDoesNotExist, taskTimedOut } from './errors.ts';
import type { OwnerMessage } from './messages/message.ts';
import type { ToOwner } from './messages/to-owner.ts';
import { parseTaskToken } from './task-token.ts';

/** On a store servers share: a token of an execution another server drives is answered there. */
export interface Elsewhere {
  readonly toOwner: ToOwner;
  drives(executionArn: string): boolean;
}

/** AWS holds a GetActivityTask poll open for at most 60 seconds (API reference). */
export const ACTIVITY_POLL_MS = 60_000;

/**
 * The activity and callback actions of the service (CreateActivity … SendTaskHeartbeat): checks
 * tokens and names, then asks the integrations; their outcomes become AWS's exceptions here.
 */
export class TaskControl {
  readonly #activities: ActivityService | undefined;
  readonly #callbacks: TaskCallbacks | undefined;
  readonly #elsewhere: Elsewhere | undefined;

  constructor(
    activities: ActivityService | undefined,
    callbacks: TaskCallbacks | undefined,
    elsewhere?: Elsewhere,
  ) {
    this.#activities = activities;
    this.#callbacks = callbacks;
    this.#elsewhere = elsewhere;
  }

  createActivity(name: string): ActivityRecord {
    return this.#registry().create(name);
  }

  describeActivity(activityArn: string): ActivityRecord {
    const found = this.#registry().describe(activityArn);
    if (!found) throw new ServiceError('ActivityDoesNotExist', `Activity Does Not Exist: '${activityArn}'`);
    return found;
  }

  /** Deleting an unknown activity succeeds, as on AWS. */
  deleteActivity(activityArn: string): void {
    this.#registry().delete(activityArn);
  }

  listActivities(): ActivityRecord[] {
    return this.#registry().list();
  }

  getActivityTask(
    activityArn: string,
    workerName: string | undefined,
    signal: AbortSignal,
    waitMs = ACTIVITY_POLL_MS,
  ): Promise<ActivityTask | undefined> {
    this.describeActivity(activityArn);
    return this.#registry().poll(activityArn, workerName, waitMs, signal);
  }

  /**
   * The answers to a task token resolve at once when the task waits here; a token of an
   * execution another server drives (scale-out) is checked against the store and left there for
   * that server: the promise resolves once it is durable.
   */
  sendTaskSuccess(taskToken: string, output: string): void | Promise<void> {
    let value: Json;
    try {
      value = JSON.parse(output) as Json;
    } catch (e) {
      throw new ServiceError(
        'InvalidOutput',
        `Invalid Output: '${e instanceof Error ? e.message : String(e)}'`,
      );
    }
    return this.#answer(taskToken, (c) => c.succeed(taskToken, value), {
      kind: 'taskSuccess',
      taskToken,
      output,
    });
  }

  sendTaskFailure(
    taskToken: string,
    error: string | undefined,
    cause: string | undefined,
  ): void | Promise<void> {
    return this.#answer(taskToken, (c) => c.fail(taskToken, error, cause), {
      kind: 'taskFailure',
      taskToken,
      ...(error !== undefined ? { error } : {}),
      ...(cause !== undefined ? { cause } : {}),
    });
  }

  sendTaskHeartbeat(taskToken: string): void | Promise<void> {
    return this.#answer(taskToken, (c) => c.heartbeat(taskToken), { kind: 'taskHeartbeat', taskToken });
  }

  #answer(
    taskToken: string,
    send: (callbacks: TaskCallbacks) => CallbackOutcome,
    message: OwnerMessage,
  ): void | Promise<void> {
    const token = parseTaskToken(taskToken);
    if (!token) throw new ServiceError('InvalidToken', "Invalid Token: 'Invalid token'");
    const outcome = this.#callbacks ? send(this.#callbacks) : 'TaskDoesNotExist';
    if (outcome === 'ok') return;
    const elsewhere = this.#elsewhere;
    if (elsewhere && !elsewhere.drives(token.executionArn)) return elsewhere.toOwner.answer(token, message);
    if (outcome === 'TaskTimedOut') throw taskTimedOut();
    throw taskDoesNotExist();
  }

  #registry(): ActivityService {
    if (!this.#activities) throw new Error('no activity service was composed into the engine');
    return this.#activities;
  }
}
