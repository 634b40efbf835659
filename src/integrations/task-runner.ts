import type { Json, JsonObject, TaskResource } from '../asl/index.ts';
import type { MapData } from './map-data.ts';

/** What a task may read of its state visit. */
export interface VisitContext {
  readonly context: JsonObject;
}

/** One call of a Task state's resource, as the engine asks for it. */
export interface TaskRequest {
  readonly resource: string;
  /** The resource's kind as the definition's compile classified it (absent: classified on use). */
  readonly task?: TaskResource | undefined;
  /** The effective input (after InputPath and Parameters). */
  readonly parameters: Json;
  readonly timeoutSeconds: number | undefined;
  readonly heartbeatSeconds: number | undefined;
  /** The Task's evaluated `Credentials` (`{RoleArn}`): the role its service call assumes. */
  readonly credentials?: Json | undefined;
  /**
   * The state visit, whose `context` is its `$$`: built when first read, as most tasks never read
   * it (building it cost every Express task a fifth of its allocations).
   */
  readonly visit: VisitContext;
  /** Aborted when the execution stops or the state times out. */
  readonly signal: AbortSignal;
  /**
   * `$$.Task.Token` for activities and `.waitForTaskToken` tasks. The engine derives it from the
   * execution and the state visit, so a task re-run after a restart answers to the same token.
   */
  readonly taskToken?: string | undefined;
  /** Progress the engine records in the history while the task runs. */
  readonly progress?: TaskProgress | undefined;
  /**
   * The output of this task's recorded TaskSubmitted, when the task is resumed after a restart
   * before its end was recorded: a `.sync` job then looks at the job it had started instead of
   * starting another one.
   */
  readonly resumeSubmitted?: Json | undefined;
  /** The HeartbeatSeconds clock, given when the state has HeartbeatSeconds. */
  readonly heartbeat?: HeartbeatClock | undefined;
  /** TestState only: report the HTTP exchange with what a connection adds (`revealSecrets`). */
  readonly revealSecrets?: boolean | undefined;
}

/**
 * An HTTP Task's request and response as TestState shows them at inspection level TRACE
 * (InspectionDataRequest / InspectionDataResponse: every member a string).
 */
export interface HttpInspection {
  readonly request: {
    readonly protocol: string;
    readonly method: string;
    readonly url: string;
    readonly headers: string;
    readonly body: string;
  };
  readonly response?: {
    readonly protocol: string;
    readonly statusCode: string;
    readonly statusMessage: string;
    readonly headers: string;
    readonly body: string;
  };
}

/** What a family reports between start and end of a task (history events in between). */
export interface TaskProgress {
  /** An activity worker took the task (ActivityStarted). */
  started(workerName: string | undefined): void;
  /** The service call of a callback or `.sync` task returned; now it waits (TaskSubmitted). */
  submitted(output: Json): void;
}

/**
 * A task's HeartbeatSeconds clock. The engine keeps the deadline on its timer path; the
 * integration that waits for the worker only reports when the clock starts and each heartbeat.
 * When HeartbeatSeconds pass without one, the engine aborts the request's signal and records the
 * task as timed out (States.Timeout, matched by States.HeartbeatTimeout too).
 */
export interface HeartbeatClock {
  /** The task is in the worker's hands (an activity taken, a callback's call made): it runs. */
  start(): void;
  /** SendTaskHeartbeat: the clock starts over (before start(), nothing happens). */
  beat(): void;
}

export type TaskResult =
  | { readonly ok: true; readonly output: Json; readonly http?: HttpInspection }
  | {
      readonly ok: false;
      readonly error: string;
      readonly cause: string | undefined;
      readonly http?: HttpInspection;
      /**
       * How AWS records the failure: `TimedOut` for a missed heartbeat (…TimedOut event; the
       * engine's own verdict, or a test double's), `ScheduleFailed` when an activity could not be
       * scheduled (ActivityScheduleFailed).
       */
      readonly recordedAs?: 'TimedOut' | 'ScheduleFailed' | undefined;
      /** A missed heartbeat, reported as States.Timeout but matched by States.HeartbeatTimeout. */
      readonly heartbeat?: boolean | undefined;
    };

/**
 * Performs Task resources, and a distributed Map's ItemReader and ResultWriter (absent where no
 * S3 is reachable: a Map Run then fails with States.ItemReaderFailed): the engine's only view of
 * the integrations.
 */
export interface TaskRunner extends Partial<MapData> {
  run(request: TaskRequest): Promise<TaskResult>;
  /** The region a resource's calls go to, as TaskScheduled records it (absent: Stepwise's own). */
  regionOf?(task: TaskResource): string | undefined;
  /**
   * False for a resource the language accepts but that cannot exist (an aws-sdk action the
   * installed client lacks): refused at CreateStateMachine as AWS refuses it.
   */
  recognizes?(resource: string): boolean;
  /**
   * Selects a mock test case for an execution (started as `stateMachineArn#TestCase`, as with
   * Step Functions Local). Undefined when selected; otherwise why it cannot be.
   */
  useTestCase?(executionArn: string, stateMachineName: string, testCase: string): string | undefined;
}

/** How SendTaskSuccess/Failure/Heartbeat went; the API turns the names into AWS's exceptions. */
export type CallbackOutcome = 'ok' | 'TaskDoesNotExist' | 'TaskTimedOut';

/** The answers of workers and callbacks, by task token (SendTaskSuccess/Failure/Heartbeat). */
export interface TaskCallbacks {
  succeed(token: string, output: Json): CallbackOutcome;
  fail(token: string, error: string | undefined, cause: string | undefined): CallbackOutcome;
  heartbeat(token: string): CallbackOutcome;
}

export interface ActivityRecord {
  readonly activityArn: string;
  readonly name: string;
  readonly creationDate: number;
}

/** A task handed to a worker by GetActivityTask. */
export interface ActivityTask {
  readonly taskToken: string;
  readonly input: string;
  /**
   * Told whether the answer carrying the task reached the worker (the HTTP response finished)
   * or not (the connection closed first): a task queued in a shared store is then marked
   * delivered, or put back (scale-out).
   */
  readonly sent?: (delivered: boolean) => void;
}

/** The activity registry and its task queues (CreateActivity … GetActivityTask). */
/** Where activity definitions are kept durably (the engine writes them with its group commit). */
export interface ActivityPersistence {
  saved(record: ActivityRecord): void;
  deleted(activityArn: string): void;
}

export interface ActivityService {
  /** Activities kept by an earlier run (read back at start, before executions resume). */
  restore(records: readonly ActivityRecord[]): void;
  /** From now on, creations and deletions are also written through `persistence`. */
  persistTo(persistence: ActivityPersistence): void;
  create(name: string): ActivityRecord;
  describe(activityArn: string): ActivityRecord | undefined;
  delete(activityArn: string): void;
  list(): ActivityRecord[];
  /** Long poll: a task, or undefined when none came within `waitMs` or the poller left. */
  poll(
    activityArn: string,
    workerName: string | undefined,
    waitMs: number,
    signal: AbortSignal,
  ): Promise<ActivityTask | undefined>;
}
