import type { Registry } from 'prom-client';
import type { ObservedExecution, StateMachineRecord } from '../../engine/index.ts';
import { exposed, LocalHistogram } from './local-metrics.ts';
import type { TaskFamily, TaskStep } from './task-events.ts';

type Closed = 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';
/** The task steps counted: all but `Submitted` (a callback's, not a metric on AWS). */
export type Counted = Exclude<TaskStep['step'], 'Submitted'>;

/** A state machine's name, and the version and alias its executions were started from, if any. */
interface MachineLabels {
  readonly state_machine: string;
  readonly version?: string;
  readonly alias?: string;
}

/** One state machine's (or version's, or alias's) execution metrics, and its tasks' by resource. */
export interface MachineStats {
  readonly labels: MachineLabels;
  started: number;
  redriven: number;
  readonly closed: Record<Closed, number>;
  readonly time: LocalHistogram;
  readonly tasks: Map<string, TaskStats>;
}

/**
 * One task resource's metrics within a state machine. Most tasks (all but activities) start as
 * they are scheduled and run for their whole time: such a start is counted without a ScheduleTime
 * observation (`startedAtOnce`: a 0 each) and such a close observed once (`wholeTime`, in both
 * RunTime and Time), added in at the scrape.
 */
export interface TaskStats {
  readonly family: TaskFamily;
  readonly labels: MachineLabels & { readonly resource: string };
  readonly counts: Record<Counted, number>;
  startedAtOnce: number;
  readonly scheduleTime: LocalHistogram;
  readonly runTime: LocalHistogram;
  readonly time: LocalHistogram;
  readonly wholeTime: LocalHistogram;
}

const FAMILY_NAMES: Readonly<Record<TaskFamily, readonly [plural: string, singular: string]>> = {
  Activity: ['Activities', 'Activity'],
  LambdaFunction: ['LambdaFunctions', 'LambdaFunction'],
  ServiceIntegration: ['ServiceIntegrations', 'ServiceIntegration'],
};

const CLOSED_NAMES: Readonly<Record<Closed, string>> = {
  SUCCEEDED: 'ExecutionsSucceeded',
  FAILED: 'ExecutionsFailed',
  ABORTED: 'ExecutionsAborted',
  TIMED_OUT: 'ExecutionsTimedOut',
};

/**
 * AWS Step Functions' CloudWatch metrics (namespace AWS/States, "Monitoring Step Functions metrics
 * using Amazon CloudWatch") under their own names, as Prometheus metrics prefixed `stepwise_`:
 * counts are counters, *Time metrics histograms in milliseconds. Labelled by state machine name
 * (one per machine, so bounded), the version and alias an execution was started from, and, for
 * tasks, by the resource ARN AWS uses as the dimension. Fed by the engine's observers, which tell
 * each task's steps. Kept as plain numbers (a task's step costs a few additions) and read at
 * scrape time.
 */
export class StepFunctionsMetrics {
  readonly #machines = new Map<string, MachineStats>();

  constructor(registry: Registry) {
    const machines = (): MachineStats[] => [...this.#machines.values()];
    const tasks = (family: TaskFamily): TaskStats[] =>
      machines().flatMap((m) => [...m.tasks.values()].filter((t) => t.family === family));
    const counter = (name: string, help: string, series: () => Iterable<readonly [object, number]>): void =>
      exposed(registry, `stepwise_${name}`, `${help} (AWS/States ${name}).`, series as never, 'counter');
    const histogram = (
      name: string,
      help: string,
      series: () => Iterable<readonly [object, LocalHistogram]>,
    ): void =>
      exposed(
        registry,
        `stepwise_${name}`,
        `${help} (AWS/States ${name}, milliseconds).`,
        series as never,
        'histogram',
      );

    counter('ExecutionsStarted', 'Executions started', () => machines().map((m) => [m.labels, m.started]));
    counter('ExecutionsRedriven', 'Executions redriven', () => machines().map((m) => [m.labels, m.redriven]));
    for (const [status, name] of Object.entries(CLOSED_NAMES) as [Closed, string][])
      counter(name, `Executions closed ${status}`, () => machines().map((m) => [m.labels, m.closed[status]]));
    // Stepwise does not throttle StartExecution: the metric exists for dashboards and alarms
    // written for AWS, and stays at zero.
    counter(
      'ExecutionThrottled',
      'StartExecution calls throttled (never: Stepwise does not throttle)',
      () => [[{}, 0]],
    );
    histogram('ExecutionTime', 'Time from an execution’s start (or latest redrive) to its close', () =>
      machines().map((m) => [m.labels, m.time]),
    );
    for (const [family, [plural, singular]] of Object.entries(FAMILY_NAMES) as [
      TaskFamily,
      [string, string],
    ][]) {
      const steps: Counted[] = ['Scheduled', 'Started', 'Succeeded', 'Failed', 'TimedOut'];
      if (family === 'Activity') steps.push('HeartbeatTimedOut');
      for (const step of steps)
        counter(`${plural}${step}`, `${plural} ${step}`, () =>
          tasks(family).map((t) => [t.labels, t.counts[step]]),
        );
      histogram(`${singular}ScheduleTime`, 'Time a task stayed scheduled before it started', () =>
        tasks(family).map((t) => [t.labels, t.scheduleTime.withZeros(t.startedAtOnce)]),
      );
      histogram(`${singular}RunTime`, 'Time from a task’s start to its close', () =>
        tasks(family).map((t) => [t.labels, t.runTime.with(t.wholeTime)]),
      );
      histogram(`${singular}Time`, 'Time from a task’s scheduling to its close', () =>
        tasks(family).map((t) => [t.labels, t.time.with(t.wholeTime)]),
      );
    }
  }

  /**
   * A machine's metrics (made at its first execution): by name, so that its updated records
   * share them, and by the version and alias its executions were started from (labels `version`
   * and `alias`, absent for an unqualified start). Versions and aliases are few per machine.
   */
  machine(stateMachine: StateMachineRecord, version?: string, alias?: string): MachineStats {
    const key = `${stateMachine.name} ${version ?? ''} ${alias ?? ''}`;
    let stats = this.#machines.get(key);
    if (!stats) {
      stats = {
        labels: {
          state_machine: stateMachine.name,
          ...(version === undefined ? {} : { version }),
          ...(alias === undefined ? {} : { alias }),
        },
        started: 0,
        redriven: 0,
        closed: { SUCCEEDED: 0, FAILED: 0, ABORTED: 0, TIMED_OUT: 0 },
        time: new LocalHistogram(),
        tasks: new Map(),
      };
      this.#machines.set(key, stats);
    }
    return stats;
  }
}

/** An execution of the machine started, or was redriven. */
export function countStarted(machine: MachineStats, { record }: ObservedExecution): void {
  if ((record.redriveCount ?? 0) > 0) machine.redriven++;
  else machine.started++;
}

/** An execution of the machine closed: its outcome and its time from its start (or redrive). */
export function countClosed(machine: MachineStats, { record }: ObservedExecution): void {
  const status = record.status;
  if (status === 'RUNNING') return;
  // The common outcome by name: a keyed store by a status read from memory costs a lookup.
  if (status === 'SUCCEEDED') machine.closed.SUCCEEDED++;
  else machine.closed[status]++;
  const from = record.redriveDate ?? record.startDate;
  if (record.stopDate !== undefined) machine.time.observe(record.stopDate - from);
}

/** A task resource's metrics within its machine, made at its first task. */
export function taskStats(machine: MachineStats, family: TaskFamily, resource: string): TaskStats {
  let stats = machine.tasks.get(resource);
  if (!stats) {
    stats = {
      family,
      labels: { ...machine.labels, resource },
      counts: { Scheduled: 0, Started: 0, Succeeded: 0, Failed: 0, TimedOut: 0, HeartbeatTimedOut: 0 },
      startedAtOnce: 0,
      scheduleTime: new LocalHistogram(),
      runTime: new LocalHistogram(),
      time: new LocalHistogram(),
      wholeTime: new LocalHistogram(),
    };
    machine.tasks.set(resource, stats);
  }
  return stats;
}
