import type { Json } from '../asl/index.ts';
import type {
  ActivityRecord,
  ActivityService,
  ActivityTask,
  CallbackOutcome,
  TaskCallbacks,
} from '../integrations/index.ts';
import { ServiceError } from './errors.ts';
import { parseTaskToken } from './task-token.ts';

/** AWS holds a GetActivityTask poll open for at most 60 seconds (API reference). */
export const ACTIVITY_POLL_MS = 60_000;

/**
 * The activity and callback actions of the service (CreateActivity … SendTaskHeartbeat): checks
 * tokens and names, then asks the integrations; their outcomes become AWS's exceptions here.
 */
export class TaskControl {
  readonly #activities: ActivityService | undefined;
  readonly #callbacks: TaskCallbacks | undefined;

  constructor(activities: ActivityService | undefined, callbacks: TaskCallbacks | undefined) {
    this.#activities = activities;
    this.#callbacks = callbacks;
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

  sendTaskSuccess(taskToken: string, output: string): void {
    let value: Json;
    try {
      value = JSON.parse(output) as Json;
    } catch (e) {
      throw new ServiceError(
        'InvalidOutput',
        `Invalid Output: '${e instanceof Error ? e.message : String(e)}'`,
      );
    }
    this.#answer(taskToken, (c) => c.succeed(taskToken, value));
  }

  sendTaskFailure(taskToken: string, error: string | undefined, cause: string | undefined): void {
    this.#answer(taskToken, (c) => c.fail(taskToken, error, cause));
  }

  sendTaskHeartbeat(taskToken: string): void {
    this.#answer(taskToken, (c) => c.heartbeat(taskToken));
  }

  #answer(taskToken: string, send: (callbacks: TaskCallbacks) => CallbackOutcome): void {
    if (!parseTaskToken(taskToken)) throw new ServiceError('InvalidToken', "Invalid Token: 'Invalid token'");
    const outcome = this.#callbacks ? send(this.#callbacks) : 'TaskDoesNotExist';
    if (outcome === 'TaskTimedOut') {
      throw new ServiceError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    }
    if (outcome === 'TaskDoesNotExist') {
      throw new ServiceError('TaskDoesNotExist', "Task Does Not Exist: 'Provided task does not exist'");
    }
  }

  #registry(): ActivityService {
    if (!this.#activities) throw new Error('no activity service was composed into the engine');
    return this.#activities;
  }
}
