import type { StateMachineRecord } from './catalog/index.ts';
import type { ExecutionRecord } from './execution-record.ts';
import type { TaskResource } from '../asl/index.ts';
import type { HistoryEvent } from './history/event.ts';

/** Where a task is (AWS's task metrics): scheduled, started, or how it closed. */
export type TaskPhase = 'Scheduled' | 'Started' | 'Succeeded' | 'Failed' | 'TimedOut' | 'HeartbeatTimedOut';
/** Where a distributed Map's run is: started, redriven, or how it closed. */
export type MapRunPhase = 'Started' | 'Redriven' | 'Succeeded' | 'Failed' | 'Aborted';

/** An execution's state transitions so far (the engine's History counts them as it records). */
export interface CountedTransitions {
  readonly transitions: number;
}

/** An execution as observers see it: its record (status, dates, output) and its state machine. */
export interface ObservedExecution {
  readonly record: ExecutionRecord;
  readonly stateMachine: StateMachineRecord;
}

/**
 * What an observer follows of one execution, made once when the engine starts following it: the
 * observer resolves its per-machine state then (labels, logging level), not on every event.
 */
export interface ExecutionWatch {
  /**
   * The execution recorded an event: every Standard execution, and an Express one when some
   * observer's `expressEvents` asked for its events.
   */
  event?(event: HistoryEvent): void;
  /**
   * A task of the execution was scheduled, started or closed (AWS's task metrics), told as it
   * happens: for every execution followed, silent ones included (they record no events), but not
   * for a task recorded before the execution was followed (a resumed one's). `sinceScheduled` and
   * `sinceStarted` (undefined: not started) are the milliseconds from the task's scheduling and
   * start to this step. A task that starts as it is scheduled (all but an activity's) is told
   * `Scheduled` with `sinceStarted` 0, and no `Started`.
   */
  task?(task: TaskResource, phase: TaskPhase, sinceScheduled: number, sinceStarted: number | undefined): void;
  /** A distributed Map's run started, was redriven or closed (told as `task` is). */
  mapRun?(phase: MapRunPhase): void;
  /**
   * Given once the execution records: the state transitions it has made since it was followed
   * (states entered and retries; not those replayed), a count that only grows, to read when needed.
   */
  transitions?(count: CountedTransitions): void;
  /** The engine stopped following it without a close: it parked, and resumes by replay (followed anew). */
  left?(): void;
  /** It closed; `execution.record` is the final one (status SUCCEEDED, FAILED, TIMED_OUT, ABORTED). */
  closed?(execution: ObservedExecution): void;
}

/**
 * What parts outside the engine (observability/, triggers/) are told about executions
 * (DESIGN.md: they see the engine through its public face only). Calls come synchronously, in
 * order per execution, from the engine's own turn: an observer must not block nor throw, and
 * must copy what it keeps (the record goes on changing until the execution closes).
 */
export interface ExecutionObserver {
  /** A new execution started, or a closed one was redriven (`record.redriveCount` > 0). */
  started?(execution: ObservedExecution): void;
  /**
   * The engine follows `execution` from now on (after `started`, or as it resumes): what this
   * observer watches of it, or undefined for nothing. Each event costs the engine one call per watch
   * that has `event`.
   */
  follow?(execution: ObservedExecution, silent: boolean): ExecutionWatch | undefined;
  /**
   * Whether this observer needs the events of an Express execution of `stateMachine` about to
   * start. Express executions keep no history (DESIGN.md decision 5), so they record events only
   * when asked: on AWS, logs are an Express execution's only history (its loggingConfiguration).
   */
  expressEvents?(stateMachine: StateMachineRecord): boolean;
  /**
   * The events of an Express execution of `stateMachine` as this observer kept them (its
   * execution log), for a fork of it; a string says why they are not to be had. Undefined: this
   * observer keeps no such events.
   */
  loggedEvents?(
    stateMachine: StateMachineRecord,
    executionArn: string,
  ): Promise<readonly HistoryEvent[] | string> | undefined;
  /** The execution closed: `record.status` is SUCCEEDED, FAILED, TIMED_OUT or ABORTED. */
  closed?(execution: ObservedExecution): void;
}
