import type { HistoryEvent } from './history/event.ts';
import type { History, HistoryMarker } from './history/thread.ts';
import { Kept, keepShape } from './kept-shapes.ts';
import type { ExecutionObserver, ExecutionWatch, ObservedExecution } from './execution-observer.ts';

/** An observer as added; `live` turns false when it is removed (executions followed hold it). */
export class Entry {
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
/**
 * Events recorded between two `recorded` calls: few enough that they are still in the CPU's
 * caches (L2), enough that the call costs nothing an event.
 */
const READ_BATCH = 128;
const NO_WATCHES: readonly (ExecutionWatch | undefined)[] = Object.freeze([]);
/** The latest Following made (kept-shapes.ts): V8 keeps its class between two executions. */
const KEPT = new Kept<Following>();

/**
 * One execution the observers follow, with each observer's watch, made once. The execution holds
 * it, gives it its history and, when some watch asks for them, tells it each event: an event costs
 * no lookup. Linked into the open ones of
 * ExecutionObservers (a list, not a Map by ARN: nothing to hash or rehash per execution).
 */
export class Following implements HistoryMarker {
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
  #history: History | undefined;
  /** Whether some watch is told `recorded`. */
  #batched = false;
  previous: Following | undefined;
  next: Following | undefined;

  /** The execution records no events (an Express one no observer asked events of). */
  readonly silent: boolean;

  constructor(execution: ObservedExecution, entries: readonly Entry[], silent: boolean) {
    this.execution = execution;
    this.silent = silent;
    this.#entries = entries;
    // Made at its length (pushed to, an array grows to 17 places at once).
    const watches = new Array<ExecutionWatch | undefined>(entries.length);
    let tells = false;
    for (let i = 0; i < entries.length; i++) {
      const watch = watchOf(entries[i]!, execution, silent);
      if (watch?.event) tells = true;
      watches[i] = watch;
    }
    this.#watches = watches;
    this.tells = tells;
    KEPT.latest = this;
  }

  /** The execution records `history` from now on. */
  recording(history: History): void {
    this.#history = history;
    const { events } = history;
    const watches = this.#watches;
    for (let i = 0; i < watches.length; i++) {
      if (!watches[i]?.history || !this.#entries[i]?.live) continue;
      try {
        watches[i]?.history?.(events, events.length);
      } catch (e) {
        reportFailure(e);
      }
      if (watches[i]?.recorded) this.#batched = true;
    }
    if (this.#batched) history.mark(events.length + READ_BATCH, this);
  }

  /** READ_BATCH more events were recorded. */
  marked(): void {
    const watches = this.#watches;
    for (let i = 0; i < watches.length; i++) {
      if (!watches[i]?.recorded || !this.#entries[i]?.live) continue;
      try {
        watches[i]?.recorded?.();
      } catch (e) {
        reportFailure(e);
      }
    }
    const history = this.#history;
    history?.mark(history.events.length + READ_BATCH, this);
  }

  /**
   * An observer added while the execution runs. If it asks for each event of an execution that
   * tells none, it is told them at the close (or park) instead, read from the history.
   */
  join(entry: Entry): void {
    this.#entries = [...this.#entries, entry];
    const watch = watchOf(entry, this.execution, this.silent);
    const late = watch?.event && !this.tells ? readLater(watch) : watch;
    this.#watches = [...this.#watches, late];
    const history = this.#history;
    if (!late?.history || !history) return;
    try {
      late.history(history.events, history.events.length);
    } catch (e) {
      reportFailure(e);
    }
    if (late.recorded && !this.#batched) {
      this.#batched = true;
      history.mark(history.events.length + READ_BATCH, this);
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
    this.#history = undefined;
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
    this.#history = undefined;
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

function watchOf(entry: Entry, execution: ObservedExecution, silent: boolean): ExecutionWatch | undefined {
  try {
    return entry.observer.follow?.(execution, silent);
  } catch (e) {
    reportFailure(e);
    return undefined;
  }
}

export function reportFailure(e: unknown): void {
  // An observer's bug must not fail or wedge the execution it watches.
  console.error('stepwise: an execution observer failed', e);
}
