import type { StateMachineRecord } from './catalog/index.ts';
import type { ExecutionRecord } from './execution-record.ts';
import type { HistoryEvent } from './history/event.ts';
import type { ExecutionObserver, ObservedExecution } from './execution-observer.ts';
import { Entry, Following, reportFailure } from './following.ts';

/** The engine's observers, told in the order they were added; a faulty one never stops the others. */
export class ExecutionObservers {
  private list: readonly Entry[] = [];
  /**
   * Whether anybody listens. Executions are followed from their start: one that started while
   * nobody listened is not told about later (an engine without observers, a benchmark, keeps
   * no bookkeeping per execution for them).
   */
  watching = false;
  /** The first of the executions followed: open ones only (unlinked when they close or park). */
  private first: Following | undefined;

  /**
   * Adds an observer; the function returned removes it. It follows the executions open now too
   * (a standby that takes the lead resumes executions before its observers are added).
   */
  add(observer: ExecutionObserver): () => void {
    const entry = new Entry(observer);
    this.#set([...this.list, entry]);
    for (let f = this.first; f; f = f.next) f.join(entry);
    return () => {
      entry.live = false;
      this.#set(this.list.filter((e) => e !== entry));
    };
  }

  #set(list: readonly Entry[]): void {
    this.list = list;
    this.watching = list.length > 0;
  }

  /** Whether an Express execution of `stateMachine` must record its events for some observer. */
  wantExpressEvents(stateMachine: StateMachineRecord): boolean {
    for (const { observer } of this.list) {
      try {
        if (observer.expressEvents?.(stateMachine) === true) return true;
      } catch (e) {
        reportFailure(e);
      }
    }
    return false;
  }

  /**
   * An Express execution's events as an observer (its execution log) kept them, or why not;
   * undefined when no observer keeps any.
   */
  loggedEvents(
    stateMachine: StateMachineRecord,
    executionArn: string,
  ): Promise<readonly HistoryEvent[] | string> | undefined {
    for (const { observer } of this.list) {
      const found = observer.loggedEvents?.(stateMachine, executionArn);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Follows an execution, if anybody listens, telling its start when it `started` (new or
   * redriven, not resumed). The execution tells what this returns each event it records.
   */
  follow(execution: ObservedExecution, started: boolean, silent = false): Following | undefined {
    const list = this.list;
    if (list.length === 0) return undefined;
    if (started) {
      for (const { observer } of list) {
        try {
          observer.started?.(execution);
        } catch (e) {
          reportFailure(e);
        }
      }
    }
    const following = new Following(execution, list, silent);
    this.#link(following);
    return following;
  }

  #link(following: Following): void {
    following.next = this.first;
    if (this.first) this.first.previous = following;
    this.first = following;
  }

  /** Stops following an execution that parked (it resumes by replay), telling its watches it left. */
  drop(following: Following): void {
    this.#unlink(following);
    following.left();
  }

  #unlink(following: Following): void {
    const { previous, next } = following;
    if (previous) previous.next = next;
    else if (this.first === following) this.first = next;
    if (next) next.previous = previous;
    following.previous = following.next = undefined;
  }

  /** Tells that a followed execution closed (`record` is its final record), and stops following it. */
  closed(following: Following, record: ExecutionRecord): void {
    this.#unlink(following);
    const { execution } = following;
    following.closed(
      execution.record === record ? execution : { record, stateMachine: execution.stateMachine },
    );
  }

  /**
   * Tells that the engine closed an execution on its behalf (the stop of a parked one, a store
   * that refused its history), after `events` it recorded for it. One not followed (`following`
   * absent: it parked) is followed for this.
   */
  closedAside(
    execution: ObservedExecution,
    events: readonly HistoryEvent[] = [],
    following: Following | undefined = this.follow(execution, false),
  ): void {
    if (!following) return;
    this.#unlink(following);
    following.aside(events);
    following.closed(execution);
  }
}
