import type { ExecutionWatch, HistoryEvent, ObservedExecution } from '../../engine/index.ts';
import { keepShape } from '../../engine/index.ts';
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
  /** The resource of the latest task scheduled (as its event gives it), and its metrics. */
  #resource: unknown;
  #resourceType: unknown;
  #task: TaskStats | undefined;
  previous: ExecutionMetrics | undefined;
  next: ExecutionMetrics | undefined;

  constructor(machine: MachineMetrics, { stateMachine }: ObservedExecution, open: OpenExecutions) {
    this.#machine = machine;
    this.#standard = stateMachine.type !== 'EXPRESS';
    this.#open = open;
    // V8 keeps this class (and the code optimized for it) between two executions (kept-shapes.ts).
    keepShape(this);
  }

  history(events: readonly HistoryEvent[], from: number): void {
    this.read();
    if (this.#before < 0) this.#before = from;
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
    // Runs over every event: one lookup of its type, and nothing more for most of them.
    for (let i = this.#read; i < end; i++) {
      const event = events[i]!;
      const meaning = meaningOf(event.type);
      if (meaning.none) continue;
      if (meaning.task) this.#countTask(event, meaning.task);
      const kind = meaning.billing;
      if (kind !== 'other' && this.#standard) {
        const previous = kind === 'attempt' ? this.#earlier(event.previousEventId) : undefined;
        if (billed(kind, previous && meaningOf(previous.type).billing)) billing.transitions++;
      }
      if (meaning.mapRun)
        this.#mapRuns = countMapRun(billing, this.#machine.mapRuns, event.type, this.#mapRuns);
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
    this.#resource = this.#resourceType = this.#task = undefined;
  }

  /** The event `id` of this history, if recorded since it was followed. */
  #earlier(id: number): HistoryEvent | undefined {
    if (id <= this.#before) return undefined;
    const event = this.#events[id - 1];
    return event?.id === id ? event : undefined;
  }

  /** A task event (`step`, its type's), with its times and those of its task's earlier events. */
  #countTask(event: HistoryEvent, typeStep: TaskStep): void {
    const step = typeStep.step === 'TimedOut' ? refined(typeStep, event) : typeStep;
    if (!step || step.step === 'Submitted') return;
    const family = step.family;
    if (step.step === 'Scheduled') {
      this.#statsOf(event, family).counts.Scheduled++;
      return;
    }
    // Back through its task's events (Submitted, Started) to the Scheduled one.
    const types = FAMILY_TYPES[family];
    let scheduled = this.#earlier(event.previousEventId);
    let startedAt: number | undefined;
    while (scheduled && scheduled.type !== types.scheduled) {
      const type = scheduled.type;
      if (type === types.started) {
        // A task starts once: its Started is the one its close follows.
        if (startedAt !== undefined || step.step === 'Started') return;
        startedAt = scheduled.timestamp;
      } else if (type !== types.submitted) return;
      scheduled = this.#earlier(scheduled.previousEventId);
    }
    if (!scheduled) return;
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

/** The event types of each family's task steps that come before its close. */
const FAMILY_TYPES: Readonly<
  Record<TaskFamily, { readonly scheduled: string; readonly started: string; readonly submitted: string }>
> = {
  Activity: { scheduled: 'ActivityScheduled', started: 'ActivityStarted', submitted: 'ActivitySubmitted' },
  LambdaFunction: {
    scheduled: 'LambdaFunctionScheduled',
    started: 'LambdaFunctionStarted',
    submitted: 'LambdaFunctionSubmitted',
  },
  ServiceIntegration: { scheduled: 'TaskScheduled', started: 'TaskStarted', submitted: 'TaskSubmitted' },
};

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
