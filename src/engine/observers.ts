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
   * observer watches of it, or undefined for nothing. Events cost the engine one call per watch.
   */
  follow?(execution: ObservedExecution): ExecutionWatch | undefined;
  /**
   * Whether this observer needs the events of an Express execution of `stateMachine` about to
   * start. Express executions keep no history (DESIGN.md decision 5), so they record events only
   * when asked: on AWS, logs are an Express execution's only history (its loggingConfiguration).
   */
  expressEvents?(stateMachine: StateMachineRecord): boolean;
  /** The execution closed: `record.status` is SUCCEEDED, FAILED, TIMED_OUT or ABORTED. */
  closed?(execution: ObservedExecution): void;
}

/** An observer as added; `live` turns false when it is removed (executions followed hold it). */
interface Entry {
  readonly observer: ExecutionObserver;
  live: boolean;
}

/** One observer's part in a followed execution. */
interface Part {
  readonly entry: Entry;
  readonly watch: ExecutionWatch | undefined;
}

/**
 * One execution the observers follow: each observer's watch, made once. `event` is handed to the
 * execution itself, so that an event costs no lookup.
 */
class Followed {
  readonly execution: ObservedExecution;
  readonly parts: Part[] = [];
  /** The watches told each event, in the observers' order. */
  readonly #events: Part[] = [];

  constructor(execution: ObservedExecution) {
    this.execution = execution;
  }

  join(entry: Entry): void {
    let watch: ExecutionWatch | undefined;
    guarded(() => (watch = entry.observer.follow?.(this.execution)));
    const part = { entry, watch };
    this.parts.push(part);
    if (watch?.event) this.#events.push(part);
  }

  readonly event = (event: HistoryEvent): void => {
    // Called for every event: no closure per call, unlike the rarer calls.
    for (const part of this.#events) {
      if (!part.entry.live) continue;
      try {
        part.watch?.event?.(event);
      } catch (e) {
        reportFailure(e);
      }
    }
  };

  closed(execution: ObservedExecution): void {
    for (const { entry, watch } of this.parts) {
      if (!entry.live) continue;
      guarded(() => watch?.closed?.(execution));
      guarded(() => entry.observer.closed?.(execution));
    }
  }
}

/** The engine's observers, told in the order they were added; a faulty one never stops the others. */
export class ExecutionObservers {
  #list: readonly Entry[] = [];
  /**
   * Whether anybody listens. Executions are followed from their start: one that started while
   * nobody listened is not told about later (an engine without observers, a benchmark, keeps
   * no bookkeeping per execution for them).
   */
  watching = false;
  /** The executions followed, by ARN: open ones only (dropped when they close or park). */
  readonly #followed = new Map<string, Followed>();

  /**
   * Adds an observer; the function returned removes it. It follows the executions open now too
   * (a standby that takes the lead resumes executions before its observers are added).
   */
  add(observer: ExecutionObserver): () => void {
    const entry: Entry = { observer, live: true };
    this.#set([...this.#list, entry]);
    for (const followed of this.#followed.values()) followed.join(entry);
    return () => {
      entry.live = false;
      this.#set(this.#list.filter((e) => e !== entry));
    };
  }

  #set(list: readonly Entry[]): void {
    this.#list = list;
    this.watching = list.length > 0;
  }

  /** Whether an Express execution of `stateMachine` must record its events for some observer. */
  wantExpressEvents(stateMachine: StateMachineRecord): boolean {
    for (const { observer } of this.#list) {
      if (!observer.expressEvents) continue;
      let wanted = false;
      guarded(() => (wanted = observer.expressEvents?.(stateMachine) === true));
      if (wanted) return true;
    }
    return false;
  }

  /**
   * Follows an execution, if anybody listens, telling its start when it `started` (new or
   * redriven, not resumed). Returns what the execution must call with each event it records.
   */
  follow(execution: ObservedExecution, started: boolean): ((event: HistoryEvent) => void) | undefined {
    if (!this.watching) return undefined;
    if (started) for (const { observer } of this.#list) guarded(() => observer.started?.(execution));
    const followed = this.#follow(execution);
    this.#followed.set(execution.record.executionArn, followed);
    return followed.event;
  }

  #follow(execution: ObservedExecution): Followed {
    const followed = new Followed(execution);
    for (const entry of this.#list) followed.join(entry);
    return followed;
  }

  /** Stops following an execution without telling anybody: it parked, and resumes by replay. */
  drop(executionArn: string): void {
    this.#followed.delete(executionArn);
  }

  /** Tells that a followed execution closed (`record` is its final record), and stops following it. */
  closed(record: ExecutionRecord): void {
    const followed = this.#followed.get(record.executionArn);
    if (!followed) return;
    this.#followed.delete(record.executionArn);
    const { execution } = followed;
    followed.closed(
      execution.record === record ? execution : { record, stateMachine: execution.stateMachine },
    );
  }

  /**
   * Tells that the engine closed an execution on its behalf (the stop of a parked one, a store
   * that refused its history), after `events` it recorded for it; followed for this if it was not.
   */
  closedAside(execution: ObservedExecution, events: readonly HistoryEvent[] = []): void {
    const arn = execution.record.executionArn;
    const followed = this.#followed.get(arn) ?? (this.watching ? this.#follow(execution) : undefined);
    this.#followed.delete(arn);
    if (!followed) return;
    for (const event of events) followed.event(event);
    followed.closed(execution);
  }
}

function guarded(call: () => void): void {
  try {
    call();
  } catch (e) {
    reportFailure(e);
  }
}

function reportFailure(e: unknown): void {
  // An observer's bug must not fail or wedge the execution it watches.
  console.error('stepwise: an execution observer failed', e);
}
