import type { ExecutionWatch, HistoryEvent, ObservedExecution } from '../../engine/index.ts';
import { Kept } from '../../engine/index.ts';
import { billed } from '../cost/billed-transitions.ts';
import type { MachineBilling, OpenMapRuns } from './billing-metrics.ts';
import { billExpress, countMapRun } from './billing-metrics.ts';
import type { EventMeaning, TaskMeaning } from './event-meaning.ts';
import { meaningOf } from './event-meaning.ts';
import type { Counted, MachineStats, TaskStats } from './step-functions-metrics.ts';
import { countClosed, taskStats } from './step-functions-metrics.ts';
import type { TaskFamily } from './task-events.ts';
import { refined, taskResource } from './task-events.ts';

/** A state machine's metrics, resolved once for all its executions. */
export interface MachineMetrics {
  readonly stats: MachineStats;
  readonly billing: MachineBilling;
  readonly mapRuns: OpenMapRuns;
  /** The watch of all its executions that record no events (silent Express ones). */
  readonly silent: SilentExecutions;
}

/**
 * What an execution without a history adds (an Express one no log or trace asked events of):
 * its close, counted and billed. One per machine, shared by all such executions.
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

const NO_EVENTS: readonly HistoryEvent[] = Object.freeze([]);
/** V8 keeps this class (and the code optimized for it) between two executions (kept-shapes.ts). */
const KEPT = new Kept<ExecutionMetrics>();

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
  /** The resource of the latest task scheduled (as its event gives it), and its metrics. */
  #resource: unknown;
  #resourceType: unknown;
  #task: TaskStats | undefined;
  /** The Scheduled event of the latest task looked up (`#task`'s). */
  #scheduled: HistoryEvent | undefined;
  /**
   * The latest Scheduled event read, its family's types, and the Started event that followed it
   * right away: a task's Started and close most often follow them directly, found so with
   * number compares instead of the walk back through the history's string types.
   */
  #lastScheduled: HistoryEvent | undefined;
  #lastFamily: object | undefined;
  #lastStarted: HistoryEvent | undefined;
  previous: ExecutionMetrics | undefined;
  next: ExecutionMetrics | undefined;

  constructor(machine: MachineMetrics, { stateMachine }: ObservedExecution, open: OpenExecutions) {
    this.#machine = machine;
    this.#standard = stateMachine.type !== 'EXPRESS';
    this.#open = open;
    KEPT.latest = this;
  }

  history(events: readonly HistoryEvent[], from: number): void {
    this.read();
    if (this.#before < 0) this.#before = from;
    // Events of another list are not `#earlier`'s to find, nor the latest task's.
    this.#lastScheduled = this.#lastFamily = this.#lastStarted = undefined;
    this.#events = events;
    this.#read = from;
  }

  recorded(): void {
    this.read();
  }

  /** Counts the events recorded since the last read. */
  read(): void {
    const events = this.#events;
    const end = events.length;
    const billing = this.#machine.billing;
    const standard = this.#standard;
    // Runs over every event: one lookup of its type, and nothing more for most of them.
    for (let i = this.#read; i < end; i++) {
      const event = events[i]!;
      const meaning = meaningOf(event.type);
      if (meaning.none) continue;
      if (meaning.task) this.#countTask(event, meaning.task);
      if (standard) {
        if (meaning.billedAlways) billing.transitions++;
        else if (meaning.billedIfRetry && this.#retries(event, meaning)) billing.transitions++;
      }
      if (meaning.mapRun)
        this.#mapRuns = countMapRun(billing, this.#machine.mapRuns, event.type, this.#mapRuns);
    }
    this.#read = end;
  }

  /** Whether an attempt (`meaning` is its type's) follows the failure it retries. */
  #retries(event: HistoryEvent, meaning: EventMeaning): boolean {
    const previous = this.#earlier(event.previousEventId);
    return billed(meaning.billing, previous && meaningOf(previous.type).billing);
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
    this.#resource = this.#resourceType = this.#task = this.#scheduled = undefined;
    this.#lastScheduled = this.#lastFamily = this.#lastStarted = undefined;
  }

  /** The event `id` of this history, if recorded since it was followed. */
  #earlier(id: number): HistoryEvent | undefined {
    if (id <= this.#before) return undefined;
    const event = this.#events[id - 1];
    return event?.id === id ? event : undefined;
  }

  /** A task event (`task`, its type's), with its times and those of its task's earlier events. */
  #countTask(event: HistoryEvent, task: TaskMeaning): void {
    if (task.submitted) return;
    const step = task.refine ? refined(task.step, event)! : task.step;
    const family = step.family;
    if (task.scheduled) {
      this.#statsOf(event, family).counts.Scheduled++;
      this.#lastScheduled = event;
      this.#lastFamily = task.familyTypes;
      this.#lastStarted = undefined;
      return;
    }
    let scheduled: HistoryEvent | undefined;
    let startedAt: number | undefined;
    const last = this.#lastScheduled;
    if (last !== undefined && task.familyTypes === this.#lastFamily) {
      // Right after its Scheduled event, or a close right after a Started that was.
      const started = this.#lastStarted;
      if (event.previousEventId === last.id) {
        scheduled = last;
        if (task.started) this.#lastStarted = event;
      } else if (!task.started && started !== undefined && event.previousEventId === started.id) {
        scheduled = last;
        startedAt = started.timestamp;
      }
    }
    if (scheduled === undefined) {
      // Else back through its task's events (Submitted, Started) to the Scheduled one.
      scheduled = this.#walkBack(event, task);
      if (!scheduled) return;
      startedAt = this.#startedAt;
    }
    const stats = this.#statsOf(scheduled, family);
    const since = event.timestamp - scheduled.timestamp;
    if (task.started) {
      stats.counts.Started++;
      stats.scheduleTime.observe(since);
      return;
    }
    // The common close by name: a keyed store by a step read from memory costs a lookup.
    const counted = step.step as Counted;
    if (counted === 'Succeeded') stats.counts.Succeeded++;
    else stats.counts[counted]++;
    if (startedAt !== undefined) stats.runTime.observe(event.timestamp - startedAt);
    stats.time.observe(since);
  }

  /** When the task found by the latest `#walkBack` started, if it did. */
  #startedAt: number | undefined;

  /**
   * The Scheduled event of the task a Started or close event is of, found back through its
   * task's events (Submitted, Started); its Started time is left in `#startedAt`.
   */
  #walkBack(event: HistoryEvent, task: TaskMeaning): HistoryEvent | undefined {
    let scheduled = this.#earlier(event.previousEventId);
    let startedAt: number | undefined;
    this.#startedAt = undefined;
    while (scheduled && scheduled.type !== task.scheduledType) {
      const type = scheduled.type;
      if (type === task.startedType) {
        // A task starts once: its Started is the one its close follows.
        if (startedAt !== undefined || task.started) return undefined;
        startedAt = scheduled.timestamp;
      } else if (type !== task.submittedType) return undefined;
      scheduled = this.#earlier(scheduled.previousEventId);
    }
    this.#startedAt = startedAt;
    return scheduled;
  }

  /** The metrics of the task `scheduled` starts. */
  #statsOf(scheduled: HistoryEvent, family: TaskFamily): TaskStats {
    // A task's Started and close find its Scheduled event: the one looked up last.
    if (scheduled === this.#scheduled) return this.#task!;
    this.#scheduled = scheduled;
    // The tasks of one state name the same resource (the same strings): no lookup for them.
    const details = scheduled[SCHEDULED_DETAILS[family]];
    const resource = details?.['resource'];
    const resourceType = details?.['resourceType'];
    if (this.#task?.family === family && resource === this.#resource && resourceType === this.#resourceType)
      return this.#task;
    this.#resource = resource;
    this.#resourceType = resourceType;
    return (this.#task = taskStats(this.#machine.stats, family, taskResource(scheduled)));
  }
}

/** Where each family's Scheduled event holds its resource. */
const SCHEDULED_DETAILS = {
  Activity: 'activityScheduledEventDetails',
  LambdaFunction: 'lambdaFunctionScheduledEventDetails',
  ServiceIntegration: 'taskScheduledEventDetails',
} as const satisfies Record<TaskFamily, `${string}EventDetails`>;

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
