import type { StateMachineRecord } from './catalog/index.ts';
import type { ExecutionRecord } from './execution-record.ts';
import type { HistoryEvent } from './history/event.ts';
import { keepShape } from './kept-shapes.ts';

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
  follow?(execution: ObservedExecution): ExecutionWatch | undefined;
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

/** An observer as added; `live` turns false when it is removed (executions followed hold it). */
class Entry {
  readonly observer: ExecutionObserver;
  live = true;

  constructor(observer: ExecutionObserver) {
    this.observer = observer;
    // The engine's code optimized for executions followed holds this class: an observer removed
    // and another added (a benchmark's rounds) must not undo it at the full GC between them.
    keepShape(this);
  }
}

const NO_ENTRIES: readonly Entry[] = Object.freeze([]);
const NO_WATCHES: readonly (ExecutionWatch | undefined)[] = Object.freeze([]);

/**
 * One execution the observers follow, with each observer's watch, made once. The execution holds
 * it, gives it its history and, when some watch asks for them, tells it each event: an event costs
 * no lookup. Linked into the open ones of
 * ExecutionObservers (a list, not a Map by ARN: nothing to hash or rehash per execution).
 */
export class Following {
  readonly execution: ObservedExecution;
  /** The observers when it was followed (the list is never changed in place), and their watches. */
  #entries: readonly Entry[];
  #watches: readonly (ExecutionWatch | undefined)[];
  /**
   * Whether some watch asks for each `event` as it comes: else the execution records its events
   * without a call per event (decided as it starts: see `join` for a later one).
   */
  readonly tells: boolean;
  /** The execution's history, once it records. */
  #events: readonly HistoryEvent[] | undefined;
  previous: Following | undefined;
  next: Following | undefined;

  constructor(execution: ObservedExecution, entries: readonly Entry[]) {
    this.execution = execution;
    this.#entries = entries;
    // Made at its length (pushed to, an array grows to 17 places at once).
    const watches = new Array<ExecutionWatch | undefined>(entries.length);
    let tells = false;
    for (let i = 0; i < entries.length; i++) {
      const watch = watchOf(entries[i]!, execution);
      if (watch?.event) tells = true;
      watches[i] = watch;
    }
    this.#watches = watches;
    this.tells = tells;
    // V8 keeps this class (and the engine's code optimized for it) between two executions.
    keepShape(this);
  }

  /** The execution records `events` (its history) from now on. */
  recording(events: readonly HistoryEvent[]): void {
    this.#events = events;
    const watches = this.#watches;
    for (let i = 0; i < watches.length; i++) {
      if (!watches[i]?.history || !this.#entries[i]?.live) continue;
      try {
        watches[i]?.history?.(events, events.length);
      } catch (e) {
        reportFailure(e);
      }
    }
  }

  /**
   * An observer added while the execution runs. If it asks for each event of an execution that
   * tells none, it is told them at the close (or park) instead, read from the history.
   */
  join(entry: Entry): void {
    this.#entries = [...this.#entries, entry];
    const watch = watchOf(entry, this.execution);
    const late = watch?.event && !this.tells ? readLater(watch) : watch;
    this.#watches = [...this.#watches, late];
    const events = this.#events;
    if (!late?.history || !events) return;
    try {
      late.history(events, events.length);
    } catch (e) {
      reportFailure(e);
    }
  }

  event(event: HistoryEvent): void {
    // Called for every event: no closure per call, unlike the rarer calls.
    const watches = this.#watches;
    for (let i = 0; i < watches.length; i++) {
      const watch = watches[i];
      if (!watch?.event || !this.#entries[i]?.live) continue;
      try {
        watch.event(event);
      } catch (e) {
        reportFailure(e);
      }
    }
  }

  /** Events the engine recorded for a closing execution apart from its history (closedAside). */
  aside(events: readonly HistoryEvent[]): void {
    if (events.length === 0) return;
    for (const event of events) this.event(event);
    const watches = this.#watches;
    for (let i = 0; i < watches.length; i++) {
      if (!watches[i]?.history || !this.#entries[i]?.live) continue;
      try {
        watches[i]?.history?.(events, 0);
      } catch (e) {
        reportFailure(e);
      }
    }
  }

  /** The engine stops following it without a close (it parked). */
  left(): void {
    const entries = this.#entries;
    this.#entries = NO_ENTRIES;
    for (let i = 0; i < entries.length; i++) {
      if (!entries[i]?.live) continue;
      try {
        this.#watches[i]?.left?.();
      } catch (e) {
        reportFailure(e);
      }
    }
    this.#watches = NO_WATCHES;
    this.#events = undefined;
  }

  closed(execution: ObservedExecution): void {
    const entries = this.#entries;
    // A closed execution kept in memory (no store) keeps this: the watches go.
    this.#entries = NO_ENTRIES;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      if (!entry?.live) continue;
      try {
        this.#watches[i]?.closed?.(execution);
      } catch (e) {
        reportFailure(e);
      }
      try {
        entry.observer.closed?.(execution);
      } catch (e) {
        reportFailure(e);
      }
    }
    this.#watches = NO_WATCHES;
    this.#events = undefined;
  }
}

/** `watch` (asking for each event) read from the history instead, before it leaves or closes. */
function readLater(watch: ExecutionWatch): ExecutionWatch {
  let events: readonly HistoryEvent[] = [];
  let read = 0;
  const catchUp = (): void => {
    for (; read < events.length; read++) watch.event?.(events[read]!);
  };
  return {
    history: (list, from) => {
      catchUp();
      events = list;
      read = from;
    },
    left: () => {
      catchUp();
      watch.left?.();
    },
    closed: (execution) => {
      catchUp();
      watch.closed?.(execution);
    },
  };
}

function watchOf(entry: Entry, execution: ObservedExecution): ExecutionWatch | undefined {
  try {
    return entry.observer.follow?.(execution);
  } catch (e) {
    reportFailure(e);
    return undefined;
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
  /** The first of the executions followed: open ones only (unlinked when they close or park). */
  #first: Following | undefined;

  /**
   * Adds an observer; the function returned removes it. It follows the executions open now too
   * (a standby that takes the lead resumes executions before its observers are added).
   */
  add(observer: ExecutionObserver): () => void {
    const entry = new Entry(observer);
    this.#set([...this.#list, entry]);
    for (let f = this.#first; f; f = f.next) f.join(entry);
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
    for (const { observer } of this.#list) {
      const found = observer.loggedEvents?.(stateMachine, executionArn);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Follows an execution, if anybody listens, telling its start when it `started` (new or
   * redriven, not resumed). The execution tells what this returns each event it records.
   */
  follow(execution: ObservedExecution, started: boolean): Following | undefined {
    const list = this.#list;
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
    const following = new Following(execution, list);
    this.#link(following);
    return following;
  }

  #link(following: Following): void {
    following.next = this.#first;
    if (this.#first) this.#first.previous = following;
    this.#first = following;
  }

  /** Stops following an execution that parked (it resumes by replay), telling its watches it left. */
  drop(following: Following): void {
    this.#unlink(following);
    following.left();
  }

  #unlink(following: Following): void {
    const { previous, next } = following;
    if (previous) previous.next = next;
    else if (this.#first === following) this.#first = next;
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

function reportFailure(e: unknown): void {
  // An observer's bug must not fail or wedge the execution it watches.
  console.error('stepwise: an execution observer failed', e);
}
