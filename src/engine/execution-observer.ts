import type { StateMachineRecord } from './catalog/index.ts';
import type { ExecutionRecord } from './execution-record.ts';
import type { HistoryEvent } from './history/event.ts';

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
   * Instead of `event`, for a watch that reads the events when it needs them (the metrics: at
   * their scrape and at the close), which keeps it off the engine's per-event path: an execution
   * no watch asks `event` of records its events without telling anybody. Given once the execution
   * records: its history, a list only ever appended to, whose events from index `from` on are the
   * ones `event` would be told. Given again, with a list of its own, when the engine closes the
   * execution aside with events (read the former list to its end first).
   */
  history?(events: readonly HistoryEvent[], from: number): void;
  /**
   * With `history`: told after every few events recorded (READ_BATCH), to read them while they
   * are still in the CPU's caches. Read at the close, a long history costs a cache miss an event.
   */
  recorded?(): void;
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
   * that has `event`; a watch with `history` costs it none.
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
