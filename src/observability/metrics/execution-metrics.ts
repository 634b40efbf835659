import type { ExecutionWatch, HistoryEvent, ObservedExecution } from '../../engine/index.ts';
import { billed } from '../cost/billed-transitions.ts';
import type { MachineBilling, OpenMapRuns } from './billing-metrics.ts';
import { billExpress, countMapRun } from './billing-metrics.ts';
import { meaningOf } from './event-meaning.ts';
import type { MachineStats, TaskStats } from './step-functions-metrics.ts';
import { countClosed, taskStats } from './step-functions-metrics.ts';
import type { TaskFamily, TaskStep } from './task-events.ts';
import { refined, taskResource } from './task-events.ts';

/** A state machine's metrics, resolved once for all its executions. */
export interface MachineMetrics {
  readonly stats: MachineStats;
  readonly billing: MachineBilling;
  readonly mapRuns: OpenMapRuns;
}

const NO_EVENTS: readonly HistoryEvent[] = Object.freeze([]);

/**
 * What one execution adds to the metrics (its machine's counts, tasks and billed use), read from
 * its history, from where it last read up to the latest event: at each scrape and at its close,
 * never on the engine's per-event path. With the history at hand, an event's meaning that depends
 * on earlier ones is read back through `previousEventId` (a retry follows its failure; a task's
 * close follows its start and scheduling), so an execution keeps no state per task.
 */
export class ExecutionMetrics implements ExecutionWatch {
  readonly #machine: MachineMetrics;
  readonly #standard: boolean;
  readonly #open: OpenExecutions;
  #events = NO_EVENTS;
  /** How many of `#events` are read. */
  #read = 0;
  /**
   * Events with ids up to this one were recorded before it was followed (a resumed execution's):
   * their tasks and failures are not its to count, as they were not told.
   */
  #before = -1;
  /** This execution's Map Runs open now. */
  #mapRuns = 0;
  /** The latest task scheduled, and its metrics (the events of one task come together). */
  #scheduled: HistoryEvent | undefined;
  #task: TaskStats | undefined;
  previous: ExecutionMetrics | undefined;
  next: ExecutionMetrics | undefined;

  constructor(machine: MachineMetrics, { stateMachine }: ObservedExecution, open: OpenExecutions) {
    this.#machine = machine;
    this.#standard = stateMachine.type !== 'EXPRESS';
    this.#open = open;
  }

  history(events: readonly HistoryEvent[], from: number): void {
    this.read();
    if (this.#before < 0) this.#before = from;
    this.#events = events;
    this.#read = from;
  }

  /** Counts the events recorded since the last read. */
  read(): void {
    const events = this.#events;
    const end = events.length;
    for (let i = this.#read; i < end; i++) {
      const event = events[i]!;
      const meaning = meaningOf(event.type);
      if (meaning.none) continue;
      if (meaning.task) this.#countTask(event, meaning.task);
      const kind = meaning.billing;
      if (
        this.#standard &&
        billed(kind, kind === 'attempt' ? this.#earlier(event.previousEventId) : undefined)
      )
        this.#machine.billing.transitions++;
      if (meaning.mapRun)
        this.#mapRuns = countMapRun(this.#machine.billing, this.#machine.mapRuns, event.type, this.#mapRuns);
    }
    this.#read = end;
  }

  left(): void {
    this.read();
    this.#let();
  }

  closed(execution: ObservedExecution): void {
    this.read();
    this.#let();
    const machine = this.#machine;
    machine.mapRuns.open -= this.#mapRuns;
    this.#mapRuns = 0;
    countClosed(machine.stats, execution);
    billExpress(machine.billing, execution);
  }

  #let(): void {
    this.#open.remove(this);
    this.#events = NO_EVENTS;
    this.#scheduled = this.#task = undefined;
  }

  /** The event `id` of this history, if recorded since it was followed. */
  #earlier(id: number): HistoryEvent | undefined {
    if (id <= this.#before) return undefined;
    const event = this.#events[id - 1];
    return event?.id === id ? event : undefined;
  }

  /** A task event (`step`, its type's), with its times and those of its task's earlier events. */
  #countTask(event: HistoryEvent, typeStep: TaskStep): void {
    const step = refined(typeStep, event);
    if (!step || step.step === 'Submitted') return;
    if (step.step === 'Scheduled') {
      this.#statsOf(event, step.family).counts.Scheduled++;
      return;
    }
    // Back through its task's events (Submitted, Started) to the Scheduled one.
    let scheduled = this.#earlier(event.previousEventId);
    let startedAt: number | undefined;
    for (;;) {
      const earlier = scheduled && meaningOf(scheduled.type).task?.step;
      if (!scheduled || !earlier) return;
      if (earlier === 'Scheduled') break;
      if (earlier === 'Started') {
        // A task starts once: its Started is the one its close follows.
        if (startedAt !== undefined || step.step === 'Started') return;
        startedAt = scheduled.timestamp;
      } else if (earlier !== 'Submitted') return;
      scheduled = this.#earlier(scheduled.previousEventId);
    }
    const family = meaningOf(scheduled.type).task?.family ?? step.family;
    const stats = this.#statsOf(scheduled, family);
    const since = event.timestamp - scheduled.timestamp;
    if (step.step === 'Started') {
      stats.counts.Started++;
      stats.scheduleTime.observe(since);
      return;
    }
    stats.counts[step.step]++;
    if (startedAt !== undefined) stats.runTime.observe(event.timestamp - startedAt);
    stats.time.observe(since);
  }

  /** The metrics of the task `scheduled` starts. */
  #statsOf(scheduled: HistoryEvent, family: TaskFamily): TaskStats {
    if (scheduled === this.#scheduled && this.#task) return this.#task;
    this.#scheduled = scheduled;
    return (this.#task = taskStats(this.#machine.stats, family, taskResource(scheduled)));
  }
}

/**
 * The executions being followed, linked through themselves (no Map or Set entry made and
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

  /** Counts every event recorded so far. */
  readAll(): void {
    for (let e = this.first; e; e = e.next) e.read();
  }
}
