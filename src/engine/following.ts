import type { HistoryEvent } from './history/event.ts';
import type { TaskResource } from '../asl/index.ts';
import type { History } from './history/thread.ts';
import { writePayloads } from './history/payloads.ts';
import { Kept, keepShape } from './kept-shapes.ts';
import type {
  ExecutionObserver,
  ExecutionWatch,
  MapRunPhase,
  ObservedExecution,
  TaskPhase,
} from './execution-observer.ts';

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
const NO_WATCHES: readonly (ExecutionWatch | undefined)[] = Object.freeze([]);
const NO_STEP_WATCHES: readonly ExecutionWatch[] = Object.freeze([]);
/** The latest Following made (kept-shapes.ts): V8 keeps its class between two executions. */
const KEPT = new Kept<Following>();

/**
 * One execution the observers follow, with each observer's watch, made once. The execution holds
 * it, gives it its history and, when some watch asks for them, tells it each event: an event costs
 * no lookup. Linked into the open ones of
 * ExecutionObservers (a list, not a Map by ARN: nothing to hash or rehash per execution).
 */
export class Following {
  readonly execution: ObservedExecution;
  /** The observers when it was followed (the list is never changed in place), and their watches. */
  private entries: readonly Entry[];
  private watches: readonly (ExecutionWatch | undefined)[];
  /**
   * Whether some watch asks for each `event` as it comes: else the execution records its events
   * without a call per event (decided as it starts: see `join` for a later one).
   */
  readonly tells: boolean;
  /**
   * The watches told of tasks or Map Runs (`task`, `mapRun`), with their entries: a task's step
   * is told to these alone (the metrics', usually), not offered to every watch.
   */
  private stepWatches: readonly ExecutionWatch[] = NO_STEP_WATCHES;
  private stepEntries: readonly Entry[] = NO_ENTRIES;
  /** The execution's history, once it records. */
  private history: History | undefined;
  previous: Following | undefined;
  next: Following | undefined;

  /** The execution records no events (an Express one no observer asked events of). */
  readonly silent: boolean;

  constructor(execution: ObservedExecution, entries: readonly Entry[], silent: boolean) {
    this.execution = execution;
    this.silent = silent;
    this.entries = entries;
    // Made at its length (pushed to, an array grows to 17 places at once).
    const watches = new Array<ExecutionWatch | undefined>(entries.length);
    let tells = false;
    for (let i = 0; i < entries.length; i++) {
      const watch = watchOf(entries[i]!, execution, silent);
      if (watch?.event) tells = true;
      if (watch?.task || watch?.mapRun) this.#toldSteps(entries[i]!, watch);
      watches[i] = watch;
    }
    this.watches = watches;
    this.tells = tells;
    KEPT.latest = this;
  }

  #toldSteps(entry: Entry, watch: ExecutionWatch): void {
    this.stepWatches = [...this.stepWatches, watch];
    this.stepEntries = [...this.stepEntries, entry];
  }

  /** This, when some watch is told of tasks and Map Runs: what the execution tells them to. */
  get steps(): Following | undefined {
    return this.stepWatches.length > 0 ? this : undefined;
  }

  /** The execution records `history` from now on. */
  recording(history: History): void {
    this.history = history;
    const watches = this.watches;
    for (let i = 0; i < watches.length; i++) this.#record(watches[i], history);
  }

  #record(watch: ExecutionWatch | undefined, history: History): void {
    try {
      if (watch instanceof ReadLater) {
        const events = history.growing();
        watch.reading(events, events.length);
      }
      watch?.transitions?.(history);
    } catch (e) {
      reportFailure(e);
    }
  }

  /**
   * An observer added while the execution runs. If it asks for each event of an execution that
   * tells none, it is told them at the close (or park) instead, read from the history.
   */
  join(entry: Entry): void {
    this.entries = [...this.entries, entry];
    const watch = watchOf(entry, this.execution, this.silent);
    const late = watch?.event && !this.tells ? new ReadLater(watch) : watch;
    this.watches = [...this.watches, late];
    if (late?.task || late?.mapRun) this.#toldSteps(entry, late);
    if (this.history) this.#record(late, this.history);
  }

  event(event: HistoryEvent): void {
    // Called for every event: no closure per call, unlike the rarer calls.
    const watches = this.watches;
    for (let i = 0; i < watches.length; i++) {
      const watch = watches[i];
      if (!watch?.event || !this.entries[i]?.live) continue;
      try {
        watch.event(event);
      } catch (e) {
        reportFailure(e);
      }
    }
  }

  /** A task moved on (ExecutionWatch `task`). */
  task(task: TaskResource, phase: TaskPhase, sinceScheduled: number, sinceStarted: number | undefined): void {
    const watches = this.stepWatches;
    for (let i = 0; i < watches.length; i++) {
      if (!this.stepEntries[i]!.live) continue;
      try {
        watches[i]!.task?.(task, phase, sinceScheduled, sinceStarted);
      } catch (e) {
        reportFailure(e);
      }
    }
  }

  /** A Map Run moved on (ExecutionWatch `mapRun`). */
  mapRun(phase: MapRunPhase): void {
    const watches = this.stepWatches;
    for (let i = 0; i < watches.length; i++) {
      if (!this.stepEntries[i]!.live) continue;
      try {
        watches[i]!.mapRun?.(phase);
      } catch (e) {
        reportFailure(e);
      }
    }
  }

  /** Events the engine recorded for a closing execution apart from its history (closedAside). */
  aside(events: readonly HistoryEvent[]): void {
    if (events.length === 0) return;
    for (const event of events) this.event(event);
    for (const watch of this.watches) if (watch instanceof ReadLater) watch.reading(events, 0);
  }

  /** The engine stops following it without a close (it parked). */
  left(): void {
    const entries = this.entries;
    this.entries = NO_ENTRIES;
    for (let i = 0; i < entries.length; i++) {
      if (!entries[i]?.live) continue;
      try {
        this.watches[i]?.left?.();
      } catch (e) {
        reportFailure(e);
      }
    }
    this.watches = NO_WATCHES;
    this.stepWatches = NO_STEP_WATCHES;
    this.stepEntries = NO_ENTRIES;
    this.history = undefined;
  }

  closed(execution: ObservedExecution): void {
    const entries = this.entries;
    // A closed execution kept in memory (no store) keeps this: the watches go.
    this.entries = NO_ENTRIES;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      if (!entry?.live) continue;
      try {
        this.watches[i]?.closed?.(execution);
      } catch (e) {
        reportFailure(e);
      }
      try {
        entry.observer.closed?.(execution);
      } catch (e) {
        reportFailure(e);
      }
    }
    this.watches = NO_WATCHES;
    this.stepWatches = NO_STEP_WATCHES;
    this.stepEntries = NO_ENTRIES;
    this.history = undefined;
  }
}

/**
 * A watch asking for each event that joined an execution telling none: it reads them from the
 * history instead, before the execution leaves or closes.
 */
class ReadLater implements ExecutionWatch {
  private readonly watch: ExecutionWatch;
  private events: readonly HistoryEvent[] = [];
  private read = 0;

  constructor(watch: ExecutionWatch) {
    this.watch = watch;
    if (watch.task) this.task = watch.task.bind(watch);
    if (watch.mapRun) this.mapRun = watch.mapRun.bind(watch);
    if (watch.transitions) this.transitions = watch.transitions.bind(watch);
  }

  task?: ExecutionWatch['task'];
  mapRun?: ExecutionWatch['mapRun'];
  transitions?: ExecutionWatch['transitions'];

  /** Its events are those of `events` from index `from` on (the ones before, of any earlier list, read first). */
  reading(events: readonly HistoryEvent[], from: number): void {
    this.#catchUp();
    this.events = events;
    this.read = from;
  }

  #catchUp(): void {
    // A history nobody is told of as it is written may have recorded payloads as values.
    writePayloads(this.events, this.read);
    for (; this.read < this.events.length; this.read++) this.watch.event?.(this.events[this.read]!);
  }

  left(): void {
    this.#catchUp();
    this.watch.left?.();
  }

  closed(execution: ObservedExecution): void {
    this.#catchUp();
    this.watch.closed?.(execution);
  }
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
