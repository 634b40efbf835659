import type { ExecutionWatch, HistoryEvent, ObservedExecution } from '../../engine/index.ts';
import { Kept } from '../../engine/index.ts';
import type { MachineBilling, OpenMapRuns } from './billing-metrics.ts';
import { billExpress, countMapRun } from './billing-metrics.ts';
import type { TaskMeaning } from './event-meaning.ts';
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
/** No event (ids start at 1). */
const NONE = -1;
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
  /** The id of the Scheduled event of the latest task looked up (`#task`'s). */
  #scheduled = NONE;
  /**
   * The latest Scheduled event read (its id and time), its family's types, and the Started event
   * that followed it right away: a task's Started and close most often follow them directly,
   * found so with number compares instead of the walk back through the history's string types.
   * Numbers, not the events: this object lives as long as its execution, old enough to be in
   * V8's old space, where storing a young event costs the write barrier's slow path.
   */
  #lastScheduled = NONE;
  #lastScheduledAt = 0;
  #lastFamily: object | undefined;
  #lastStarted = NONE;
  #lastStartedAt = 0;
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
    this.#forgetTasks();
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
        else if (meaning.billedIfRetry && this.#retries(event)) billing.transitions++;
      }
      if (meaning.mapRun)
        this.#mapRuns = countMapRun(billing, this.#machine.mapRuns, event.type, this.#mapRuns);
    }
    this.#read = end;
  }

  /** Whether an attempt follows the failure it retries (cost/billed-transitions.ts `billed`). */
  #retries(event: HistoryEvent): boolean {
    const previous = this.#earlier(event.previousEventId);
    return previous !== undefined && meaningOf(previous.type).failure;
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
    this.#resource = this.#resourceType = this.#task = undefined;
    this.#forgetTasks();
  }

  #forgetTasks(): void {
    this.#scheduled = this.#lastScheduled = this.#lastStarted = NONE;
    this.#lastFamily = undefined;
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
    const id = event.id;
    const at = event.timestamp;
    if (task.scheduled) {
      this.#statsOf(id, event, family)!.counts.Scheduled++;
      this.#lastScheduled = id;
      this.#lastScheduledAt = at;
      this.#lastFamily = task.familyTypes;
      this.#lastStarted = NONE;
      return;
    }
    let scheduled = NONE;
    let scheduledAt = 0;
    let startedAt: number | undefined;
    const last = this.#lastScheduled;
    if (last !== NONE && task.familyTypes === this.#lastFamily) {
      // Right after its Scheduled event, or a close right after a Started that was.
      const previous = event.previousEventId;
      if (previous === last) {
        scheduled = last;
        scheduledAt = this.#lastScheduledAt;
        if (task.started) {
          this.#lastStarted = id;
          this.#lastStartedAt = at;
        }
      } else if (!task.started && previous === this.#lastStarted && previous !== NONE) {
        scheduled = last;
        scheduledAt = this.#lastScheduledAt;
        startedAt = this.#lastStartedAt;
      }
    }
    let found: HistoryEvent | undefined;
    if (scheduled === NONE) {
      // Else back through its task's events (Submitted, Started) to the Scheduled one.
      found = this.#walkBack(event, task);
      if (!found) return;
      scheduled = found.id;
      scheduledAt = found.timestamp;
      startedAt = this.#startedAt;
    }
    const stats = this.#statsOf(scheduled, found, family);
    if (!stats) return;
    const since = at - scheduledAt;
    if (task.started) {
      stats.counts.Started++;
      stats.scheduleTime.observe(since);
      return;
    }
    // The common close by name: a keyed store by a step read from memory costs a lookup.
    const counted = step.step as Counted;
    if (counted === 'Succeeded') stats.counts.Succeeded++;
    else stats.counts[counted]++;
    if (startedAt !== undefined) stats.runTime.observe(at - startedAt);
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

  /** The metrics of the task its Scheduled event `id` starts (`event`, if at hand). */
  #statsOf(id: number, event: HistoryEvent | undefined, family: TaskFamily): TaskStats | undefined {
    // A task's Started and close find its Scheduled event: the one looked up last.
    if (id === this.#scheduled) return this.#task!;
    const scheduled = event ?? this.#earlier(id);
    if (!scheduled) return undefined;
    this.#scheduled = id;
    // The tasks of one state name the same resource (the same strings): no lookup for them.
    const details = scheduledDetails(scheduled, family);
    const resource = details?.['resource'];
    const resourceType = details?.['resourceType'];
    if (this.#task?.family === family && resource === this.#resource && resourceType === this.#resourceType)
      return this.#task;
    this.#resource = resource;
    this.#resourceType = resourceType;
    return (this.#task = taskStats(this.#machine.stats, family, taskResource(scheduled)));
  }
}

/**
 * Where a family's Scheduled event holds its resource: a load by name for each family (the
 * events of one family have one shape), not one by a key read from memory.
 */
function scheduledDetails(scheduled: HistoryEvent, family: TaskFamily): Record<string, unknown> | undefined {
  if (family === 'LambdaFunction') return scheduled.lambdaFunctionScheduledEventDetails;
  if (family === 'ServiceIntegration') return scheduled.taskScheduledEventDetails;
  return scheduled.activityScheduledEventDetails;
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
