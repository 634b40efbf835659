import type {
  CountedTransitions,
  ExecutionWatch,
  MapRunPhase,
  ObservedExecution,
  TaskPhase,
  TaskResource,
} from '../../engine/index.ts';
import { Kept } from '../../engine/index.ts';
import type { MachineBilling, OpenMapRuns } from './billing-metrics.ts';
import { billExpress, countMapRun } from './billing-metrics.ts';
import type { MachineStats, TaskStats } from './step-functions-metrics.ts';
import { countClosed, taskStats } from './step-functions-metrics.ts';
import { taskFamily, taskLabel } from './task-events.ts';

/** A state machine's metrics, resolved once for all its executions. */
export interface MachineMetrics {
  readonly stats: MachineStats;
  readonly billing: MachineBilling;
  readonly mapRuns: OpenMapRuns;
  readonly tasks: MachineTasks;
  /** The watches of all its Express executions: they are billed by duration, not transitions. */
  readonly express: ExpressExecutions;
  readonly silent: SilentExecutions;
}

/**
 * A state machine's task metrics, counted as the engine tells each task's steps: no history read.
 * The three steps of one task name the same resource object, so they cost one lookup.
 */
export class MachineTasks {
  readonly #machine: MachineStats;
  /** Each resource's metrics (by the Task state's classified resource, made once per definition). */
  readonly #byResource = new WeakMap<TaskResource, TaskStats>();
  #resource: TaskResource | undefined;
  #stats: TaskStats | undefined;

  constructor(machine: MachineStats) {
    this.#machine = machine;
  }

  count(
    task: TaskResource,
    phase: TaskPhase,
    sinceScheduled: number,
    sinceStarted: number | undefined,
  ): void {
    const stats = task === this.#resource ? this.#stats! : this.#lookUp(task);
    if (phase === 'Scheduled' || phase === 'Started') {
      if (phase === 'Scheduled') stats.counts.Scheduled++;
      // Started now, or (all but activities) as it was scheduled.
      if (sinceStarted === undefined) return;
      stats.counts.Started++;
      if (sinceScheduled === 0) stats.startedAtOnce++;
      else stats.scheduleTime.observe(sinceScheduled);
      return;
    }
    // The common close by name: a keyed store by a phase read from memory costs a lookup.
    if (phase === 'Succeeded') stats.counts.Succeeded++;
    else stats.counts[phase]++;
    if (sinceStarted === sinceScheduled) stats.wholeTime.observe(sinceScheduled);
    else {
      if (sinceStarted !== undefined) stats.runTime.observe(sinceStarted);
      stats.time.observe(sinceScheduled);
    }
  }

  #lookUp(task: TaskResource): TaskStats {
    let stats = this.#byResource.get(task);
    if (!stats) {
      stats = taskStats(this.#machine, taskFamily(task), taskLabel(task));
      this.#byResource.set(task, stats);
    }
    this.#resource = task;
    return (this.#stats = stats);
  }
}

/**
 * What an Express execution that records no events adds: its close, counted and billed by
 * duration. Its tasks are not counted: told of them, a silent execution's tasks could no longer
 * take their fast path (Express task-chain ran at 0.69x). One per machine, shared by all such
 * executions (they keep nothing of their own here).
 */
export class SilentExecutions implements ExecutionWatch {
  readonly #stats: MachineStats;
  readonly #billing: MachineBilling;

  constructor(stats: MachineStats, billing: MachineBilling) {
    this.#stats = stats;
    this.#billing = billing;
  }

  closed(execution: ObservedExecution): void {
    countClosed(this.#stats, execution);
    billExpress(this.#billing, execution);
  }
}

/** What an Express execution that records its events (to log or trace them) adds: its tasks too. */
export class ExpressExecutions extends SilentExecutions {
  readonly #tasks: MachineTasks;

  constructor(stats: MachineStats, billing: MachineBilling, tasks: MachineTasks) {
    super(stats, billing);
    this.#tasks = tasks;
  }

  task(task: TaskResource, phase: TaskPhase, sinceScheduled: number, sinceStarted: number | undefined): void {
    this.#tasks.count(task, phase, sinceScheduled, sinceStarted);
  }
}

const NO_TRANSITIONS: CountedTransitions = Object.freeze({ transitions: 0 });
/** V8 keeps this class (and the code optimized for it) between two executions (kept-shapes.ts). */
const KEPT = new Kept<ExecutionMetrics>();

/**
 * What one Standard execution adds to the metrics: its tasks and Map Runs as the engine tells
 * them, and the state transitions AWS bills, read from the engine's count at each scrape and at
 * its close (never on the engine's per-event path).
 */
export class ExecutionMetrics implements ExecutionWatch {
  readonly #machine: MachineMetrics;
  readonly #open: OpenExecutions;
  #transitions = NO_TRANSITIONS;
  /** How many of `#transitions` are counted. */
  #counted = 0;
  /** This execution's Map Runs open now. */
  #mapRuns = 0;
  previous: ExecutionMetrics | undefined;
  next: ExecutionMetrics | undefined;

  constructor(machine: MachineMetrics, open: OpenExecutions) {
    this.#machine = machine;
    this.#open = open;
    KEPT.latest = this;
  }

  task(task: TaskResource, phase: TaskPhase, sinceScheduled: number, sinceStarted: number | undefined): void {
    this.#machine.tasks.count(task, phase, sinceScheduled, sinceStarted);
  }

  mapRun(phase: MapRunPhase): void {
    const machine = this.#machine;
    this.#mapRuns = countMapRun(machine.billing, machine.mapRuns, phase, this.#mapRuns);
  }

  transitions(count: CountedTransitions): void {
    this.read();
    this.#transitions = count;
    this.#counted = count.transitions;
  }

  /** Counts the transitions made since the last read. */
  read(): void {
    const made = this.#transitions.transitions;
    this.#machine.billing.transitions += made - this.#counted;
    this.#counted = made;
  }

  left(): void {
    this.read();
    this.#let();
  }

  closed(execution: ObservedExecution): void {
    this.read();
    this.#let();
    const machine = this.#machine;
    // Map Runs the execution's close ended without a word of theirs (a stop, a timeout).
    machine.mapRuns.open -= this.#mapRuns;
    this.#mapRuns = 0;
    countClosed(machine.stats, execution);
  }

  #let(): void {
    this.#open.remove(this);
    this.#transitions = NO_TRANSITIONS;
    this.#counted = 0;
  }
}

/**
 * The Standard executions being followed, linked through themselves (no Map or Set entry made and
 * deleted per execution): read up to date at each scrape.
 */
export class OpenExecutions {
  first: ExecutionMetrics | undefined;

  add(execution: ExecutionMetrics): ExecutionMetrics {
    execution.next = this.first;
    if (this.first) this.first.previous = execution;
    this.first = execution;
    return execution;
  }

  remove(execution: ExecutionMetrics): void {
    const { previous, next } = execution;
    if (previous) previous.next = next;
    else if (this.first === execution) this.first = next;
    if (next) next.previous = previous;
    execution.previous = execution.next = undefined;
  }

  /** Counts every transition made so far. */
  readAll(): void {
    for (let e = this.first; e; e = e.next) e.read();
  }
}
