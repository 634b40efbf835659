import type { Counter, Histogram, Registry } from 'prom-client';
import * as prom from 'prom-client';
import type { ExecutionObserver, HistoryEvent } from '../../engine/index.ts';
import type { TaskFamily, TaskStep } from './task-events.ts';
import { taskResource, taskStep } from './task-events.ts';

type Observed = Parameters<NonNullable<ExecutionObserver['started']>>[0];

/**
 * Buckets of the *Time metrics, in milliseconds as AWS reports them: from a Pass chain (a few ms)
 * to a day-long Standard execution.
 */
const MS_BUCKETS = [
  5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000, 300_000, 900_000, 3_600_000,
  86_400_000,
];

type Closed = 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';

/** One family's counters by step, and its three timers (AWS's names, e.g. LambdaFunctionRunTime). */
interface FamilyMetrics {
  readonly counters: Readonly<Record<TaskStep['step'], Counter<'state_machine' | 'resource'> | undefined>>;
  readonly scheduleTime: Histogram<'state_machine' | 'resource'>;
  readonly runTime: Histogram<'state_machine' | 'resource'>;
  readonly time: Histogram<'state_machine' | 'resource'>;
}

/** A task under way in one execution: when it was scheduled and started, and what it runs. */
interface TaskTiming {
  readonly family: TaskFamily;
  readonly resource: string;
  readonly scheduledAt: number;
  startedAt?: number;
}

/**
 * AWS Step Functions' CloudWatch metrics (namespace AWS/States, "Monitoring Step Functions metrics
 * using Amazon CloudWatch") under their own names, as Prometheus metrics prefixed `stepwise_`:
 * counts are counters, *Time metrics histograms in milliseconds. Labelled by state machine name
 * (one per machine, so bounded) and, for tasks, by the resource ARN AWS uses as the dimension.
 * Fed by the engine's observers (DESIGN.md: observability/ sees the engine's public face only);
 * task metrics are derived from the task history events.
 */
export class StepFunctionsMetrics implements ExecutionObserver {
  readonly #started: Counter<'state_machine'>;
  readonly #redriven: Counter<'state_machine'>;
  readonly #closed: Readonly<Record<Closed, Counter<'state_machine'>>>;
  readonly #executionTime: Histogram<'state_machine'>;
  readonly #families: Readonly<Record<TaskFamily, FamilyMetrics>>;
  /** Tasks under way, per execution, by the id of their latest event (the next one follows it). */
  readonly #tasks = new Map<string, Map<number, TaskTiming>>();

  constructor(registry: Registry) {
    const registers = [registry];
    const counter = (name: string, help: string): Counter<'state_machine'> =>
      new prom.Counter({ name: `stepwise_${name}`, help, labelNames: ['state_machine'], registers });
    this.#started = counter('ExecutionsStarted', 'Executions started (AWS/States ExecutionsStarted).');
    this.#redriven = counter('ExecutionsRedriven', 'Executions redriven (AWS/States ExecutionsRedriven).');
    this.#closed = {
      SUCCEEDED: counter('ExecutionsSucceeded', 'Executions that succeeded.'),
      FAILED: counter('ExecutionsFailed', 'Executions that failed.'),
      ABORTED: counter('ExecutionsAborted', 'Executions aborted (stopped).'),
      TIMED_OUT: counter('ExecutionsTimedOut', 'Executions that timed out.'),
    };
    // Stepwise does not throttle StartExecution: the metric exists, for dashboards and alarms
    // written for AWS, and stays at zero.
    new prom.Counter({
      name: 'stepwise_ExecutionThrottled',
      help: 'StartExecution calls throttled (Stepwise does not throttle: always 0).',
      registers,
    });
    this.#executionTime = new prom.Histogram({
      name: 'stepwise_ExecutionTime',
      help: 'Milliseconds from an execution’s start (or latest redrive) to its close.',
      labelNames: ['state_machine'],
      buckets: MS_BUCKETS,
      registers,
    });
    this.#families = {
      Activity: family(registers, 'Activities', 'Activity', true),
      LambdaFunction: family(registers, 'LambdaFunctions', 'LambdaFunction', false),
      ServiceIntegration: family(registers, 'ServiceIntegrations', 'ServiceIntegration', false),
    };
  }

  started({ record, stateMachine }: Observed): void {
    const labels = { state_machine: stateMachine.name };
    if ((record.redriveCount ?? 0) > 0) this.#redriven.inc(labels);
    else this.#started.inc(labels);
  }

  event({ record, stateMachine }: Observed, event: HistoryEvent): void {
    const step = taskStep(event);
    if (!step) return;
    let tasks = this.#tasks.get(record.executionArn);
    if (step.step === 'Scheduled') {
      if (!tasks) this.#tasks.set(record.executionArn, (tasks = new Map<number, TaskTiming>()));
      const timing: TaskTiming = {
        family: step.family,
        resource: taskResource(event),
        scheduledAt: event.timestamp,
      };
      tasks.set(event.id, timing);
      this.#count(step, stateMachine.name, timing.resource);
      return;
    }
    const timing = tasks?.get(event.previousEventId);
    if (!tasks || !timing) return;
    tasks.delete(event.previousEventId);
    const labels = { state_machine: stateMachine.name, resource: timing.resource };
    this.#count(step, labels.state_machine, labels.resource);
    const metrics = this.#families[timing.family];
    if (step.step === 'Started') {
      timing.startedAt = event.timestamp;
      metrics.scheduleTime.observe(labels, event.timestamp - timing.scheduledAt);
    }
    if (step.step === 'Started' || step.step === 'Submitted') {
      tasks.set(event.id, timing);
      return;
    }
    if (timing.startedAt !== undefined) metrics.runTime.observe(labels, event.timestamp - timing.startedAt);
    metrics.time.observe(labels, event.timestamp - timing.scheduledAt);
  }

  closed({ record, stateMachine }: Observed): void {
    this.#tasks.delete(record.executionArn);
    if (record.status === 'RUNNING') return;
    const labels = { state_machine: stateMachine.name };
    this.#closed[record.status].inc(labels);
    const from = record.redriveDate ?? record.startDate;
    if (record.stopDate !== undefined) this.#executionTime.observe(labels, record.stopDate - from);
  }

  #count(step: TaskStep, stateMachine: string, resource: string): void {
    this.#families[step.family].counters[step.step]?.inc({ state_machine: stateMachine, resource });
  }
}

/** One family's metrics: `ActivitiesScheduled`…, `ActivityScheduleTime`, `ActivityRunTime`, `ActivityTime`. */
function family(registers: Registry[], plural: string, singular: string, heartbeats: boolean): FamilyMetrics {
  const labelNames = ['state_machine', 'resource'] as const;
  const counter = (step: string): Counter<'state_machine' | 'resource'> =>
    new prom.Counter({
      name: `stepwise_${plural}${step}`,
      help: `${plural} ${step.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} (AWS/States ${plural}${step}).`,
      labelNames,
      registers,
    });
  const timer = (what: string, help: string): Histogram<'state_machine' | 'resource'> =>
    new prom.Histogram({
      name: `stepwise_${singular}${what}`,
      help: `${help} (AWS/States ${singular}${what}, milliseconds).`,
      labelNames,
      buckets: MS_BUCKETS,
      registers,
    });
  return {
    counters: {
      Scheduled: counter('Scheduled'),
      Started: counter('Started'),
      Submitted: undefined,
      Succeeded: counter('Succeeded'),
      Failed: counter('Failed'),
      TimedOut: counter('TimedOut'),
      HeartbeatTimedOut: heartbeats ? counter('HeartbeatTimedOut') : undefined,
    },
    scheduleTime: timer('ScheduleTime', 'Time a task stayed scheduled before it started'),
    runTime: timer('RunTime', 'Time from a task’s start to its close'),
    time: timer('Time', 'Time from a task’s scheduling to its close'),
  };
}
