import type { StateMachineRecord } from './catalog/index.ts';
import type { ExecutionRecord } from './execution-record.ts';
import type { HistoryEvent } from './history/event.ts';

/** An execution as observers see it: its record (status, dates, output) and its state machine. */
export interface ObservedExecution {
  readonly record: ExecutionRecord;
  readonly stateMachine: StateMachineRecord;
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
   * An execution recorded an event: every Standard execution, and an Express one when some
   * observer's `expressEvents` asked for its events.
   */
  event?(execution: ObservedExecution, event: HistoryEvent): void;
  /**
   * Whether this observer needs the events of an Express execution of `stateMachine` about to
   * start. Express executions keep no history (DESIGN.md decision 5), so they record events only
   * when asked: on AWS, logs are an Express execution's only history (its loggingConfiguration).
   */
  expressEvents?(stateMachine: StateMachineRecord): boolean;
  /** The execution closed: `record.status` is SUCCEEDED, FAILED, TIMED_OUT or ABORTED. */
  closed?(execution: ObservedExecution): void;
}

/** The engine's observers, told in the order they were added; a faulty one never stops the others. */
export class ExecutionObservers {
  #list: readonly ExecutionObserver[] = [];
  /** Whether anybody listens to events (each one costs a call otherwise). */
  watchingEvents = false;
  /**
   * Whether anybody listens at all. Executions are followed from their start: one that started
   * while nobody listened is not told about later (an engine without observers, a benchmark,
   * keeps no bookkeeping per execution for them).
   */
  watching = false;

  /** Adds an observer; the function returned removes it. */
  add(observer: ExecutionObserver): () => void {
    this.#set([...this.#list, observer]);
    return () => this.#set(this.#list.filter((o) => o !== observer));
  }

  #set(list: readonly ExecutionObserver[]): void {
    this.#list = list;
    this.watching = list.length > 0;
    this.watchingEvents = list.some((o) => o.event !== undefined);
  }

  /** Whether an Express execution of `stateMachine` must record its events for some observer. */
  wantExpressEvents(stateMachine: StateMachineRecord): boolean {
    for (const o of this.#list) {
      if (!o.expressEvents) continue;
      let wanted = false;
      guarded(() => (wanted = o.expressEvents?.(stateMachine) === true));
      if (wanted) return true;
    }
    return false;
  }

  started(execution: ObservedExecution): void {
    for (const o of this.#list) guarded(() => o.started?.(execution));
  }

  event(execution: ObservedExecution, event: HistoryEvent): void {
    // Called for every event: no closure per call, unlike the rarer calls.
    for (const o of this.#list) {
      if (!o.event) continue;
      try {
        o.event(execution, event);
      } catch (e) {
        reportFailure(e);
      }
    }
  }

  closed(execution: ObservedExecution): void {
    for (const o of this.#list) guarded(() => o.closed?.(execution));
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
