import type { Attributes, Span, SpanContext, SpanKind as Kind, Tracer } from '@opentelemetry/api';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type {
  ExecutionObserver,
  ExecutionWatch,
  HistoryEvent,
  ObservedExecution,
  StateMachineRecord,
} from '../../engine/index.ts';
import { taskResource, taskStep } from '../metrics/task-events.ts';
import { claimTraceContext, fromXrayHeader, xrayHeader } from './trace-context.ts';

/** Where an event of a thread stands: the span it nests in, and its state's and task's spans. */
interface Position {
  readonly parent: Span;
  readonly state?: Span;
  readonly stateName?: string;
  readonly task?: Span;
  /** Times the state's task was scheduled (a second one is a retry). */
  readonly attempts?: number;
  /** After a Parallel's or Map's start (or an iteration's): the next state entered is inside it. */
  readonly opens?: boolean;
}

/** One traced execution: its root span, and the position after each of its events. */
interface Traced {
  readonly root: Span;
  readonly positions: Map<number, Position>;
  /** Each state span's position when it was entered (to find a Parallel's or Map's own parent). */
  readonly entered: Map<Span, Position>;
  /** Spans not ended yet: an execution that stops ends them with it. */
  readonly open: Set<Span>;
  /** Tasks under way by state name: an HTTP task's request carries its span as `traceparent`. */
  readonly tasks: Map<string, Span>;
}

/** Events after which the next state entered runs inside this one (a branch, an iteration). */
const CONTAINS = new Set(['ParallelStateStarted', 'MapStateStarted', 'MapIterationStarted']);

/**
 * OpenTelemetry traces of the executions of state machines whose `tracingConfiguration.enabled`
 * is true: an execution is a trace, its root span named after the state machine (as X-Ray names
 * the segment); each state a child span named after the state (inside its Parallel or Map); each
 * task a client span under its state, named after its resource. Failures are `exception` span
 * events with an error status; a retry is a `retry` event on its state. Built from the history
 * events, with their times.
 */
export class ExecutionTraces implements ExecutionObserver {
  readonly #tracer: Tracer;
  readonly #executions = new Map<string, Traced>();
  readonly #enabled = new WeakMap<StateMachineRecord, boolean>();
  /** The remote parents of executions started but not traced yet (their first event makes the root). */
  readonly #parents = new Map<string, SpanContext>();

  constructor(tracer: Tracer) {
    this.#tracer = tracer;
  }

  /**
   * An execution started by a request that carried a trace context (StartExecution's
   * `traceparent` or `X-Amzn-Trace-Id`, a parent execution's task): its trace continues that one.
   */
  started({ record, stateMachine }: ObservedExecution): void {
    // The request's trace headers first; else StartExecution's `traceHeader` (X-Ray's form).
    const given = record.traceHeader;
    const parent = claimTraceContext() ?? (given === undefined ? undefined : fromXrayHeader(given));
    if (parent && this.#traced(stateMachine)) this.#parents.set(record.executionArn, parent);
  }

  expressEvents(stateMachine: StateMachineRecord): boolean {
    return this.#traced(stateMachine);
  }

  /** An execution of a machine not traced costs no call per event. */
  follow(execution: ObservedExecution): ExecutionWatch | undefined {
    if (!this.#traced(execution.stateMachine)) return undefined;
    return { event: (event: HistoryEvent): void => this.#event(execution, event) };
  }

  #event({ record, stateMachine }: ObservedExecution, event: HistoryEvent): void {
    let traced = this.#executions.get(record.executionArn);
    if (!traced) {
      const parent = this.#parents.get(record.executionArn);
      this.#parents.delete(record.executionArn);
      const root = this.#tracer.startSpan(
        stateMachine.name,
        {
          kind: SpanKind.SERVER,
          startTime: event.timestamp,
          attributes: {
            'aws.stepfunctions.execution.arn': record.executionArn,
            'aws.stepfunctions.state_machine.arn': record.stateMachineArn,
            'aws.stepfunctions.state_machine.type': stateMachine.type,
            'aws.stepfunctions.redrive_count': record.redriveCount ?? 0,
          },
        },
        parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT,
      );
      traced = { root, positions: new Map(), entered: new Map(), open: new Set(), tasks: new Map() };
      this.#executions.set(record.executionArn, traced);
    }
    if (event.type === 'ExecutionStarted') traced.positions.set(event.id, { parent: traced.root });
    else this.#step(traced, event);
  }

  closed({ record }: ObservedExecution): void {
    this.#parents.delete(record.executionArn);
    const traced = this.#executions.get(record.executionArn);
    if (!traced) return;
    this.#executions.delete(record.executionArn);
    const { root } = traced;
    for (const span of traced.open) span.end(record.stopDate);
    root.setAttribute('aws.stepfunctions.execution.status', record.status);
    if (record.status !== 'SUCCEEDED') {
      recordFailure(
        root,
        { error: record.error ?? `States.${record.status}`, cause: record.cause ?? '' },
        record.stopDate ?? Date.now(),
      );
    }
    root.end(record.stopDate);
  }

  /**
   * The W3C `traceparent` (and `tracestate`) and X-Ray's `X-Amzn-Trace-Id` naming the task of
   * state `stateName` of a traced execution under way, for what the task calls (an HTTP endpoint,
   * a Lambda function, a nested execution); empty when it is not traced.
   */
  headers(executionArn: string, stateName: string): Record<string, string> {
    const span = this.#executions.get(executionArn)?.tasks.get(stateName);
    if (!span) return {};
    // W3C Trace Context: version 00, trace id, parent (span) id, flags.
    const { traceId, spanId, traceFlags, traceState } = span.spanContext();
    const out: Record<string, string> = {
      traceparent: `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}`,
      'X-Amzn-Trace-Id': xrayHeader(span.spanContext()),
    };
    const state = traceState?.serialize();
    if (state) out['tracestate'] = state;
    return out;
  }

  #traced(stateMachine: StateMachineRecord): boolean {
    let on = this.#enabled.get(stateMachine);
    if (on === undefined) {
      on = stateMachine.tracingConfiguration['enabled'] === true;
      this.#enabled.set(stateMachine, on);
    }
    return on;
  }

  #start(traced: Traced, name: string, parent: Span, at: number, attributes: Attributes, kind?: Kind): Span {
    const span = this.#tracer.startSpan(
      name,
      { startTime: at, attributes, ...(kind === undefined ? {} : { kind }) },
      trace.setSpan(ROOT_CONTEXT, parent),
    );
    traced.open.add(span);
    return span;
  }

  #end(traced: Traced, span: Span, at: number): void {
    traced.open.delete(span);
    span.end(at);
  }

  #step(traced: Traced, event: HistoryEvent): void {
    const at = traced.positions.get(event.previousEventId) ?? { parent: traced.root };
    const type = event.type;
    let next: Position;
    if (type.endsWith('StateEntered')) {
      const parent = at.opens && at.state ? at.state : at.parent;
      const name = stateName(event, 'stateEnteredEventDetails') ?? type;
      const span = this.#start(traced, name, parent, event.timestamp, {
        'aws.stepfunctions.state.name': name,
        'aws.stepfunctions.state.type': type.slice(0, -'StateEntered'.length),
      });
      next = { parent, state: span, stateName: name };
      traced.entered.set(span, next);
    } else if (type.endsWith('StateExited')) {
      // A Parallel's or Map's exit follows its last branch's event: climb to the state exited.
      const name = stateName(event, 'stateExitedEventDetails');
      let entered: Position | undefined = at;
      while (entered && entered.stateName !== name)
        entered = entered.parent === traced.root ? undefined : traced.entered.get(entered.parent);
      if (entered?.state) this.#end(traced, entered.state, event.timestamp);
      next = { parent: entered?.parent ?? at.parent };
    } else {
      next = this.#taskOrOther(traced, at, event);
    }
    traced.positions.set(event.id, CONTAINS.has(type) ? { ...next, opens: true } : next);
  }

  #taskOrOther(traced: Traced, at: Position, event: HistoryEvent): Position {
    const step = taskStep(event);
    const failure = errorOf(event);
    const { opens: _, ...here } = at;
    if (!step) {
      // A state's own failure (a Fail state, a Parallel or Map that failed) or another event.
      if (failure && at.state) recordFailure(at.state, failure, event.timestamp);
      return here;
    }
    const name = at.stateName ?? '';
    if (step.step === 'Scheduled') {
      const attempts = (at.attempts ?? 0) + 1;
      if (attempts > 1)
        at.state?.addEvent('retry', { 'aws.stepfunctions.retry.attempt': attempts - 1 }, event.timestamp);
      const resource = taskResource(event);
      const task = this.#start(
        traced,
        resource || event.type,
        at.state ?? at.parent,
        event.timestamp,
        { 'aws.stepfunctions.task.resource': resource, 'aws.stepfunctions.task.family': step.family },
        SpanKind.CLIENT,
      );
      traced.tasks.set(name, task);
      return { ...here, task, attempts };
    }
    if (step.step === 'Started' || step.step === 'Submitted') {
      at.task?.addEvent(event.type, undefined, event.timestamp);
      return here;
    }
    const { task, ...rest } = here;
    if (task) {
      if (failure) recordFailure(task, failure, event.timestamp);
      this.#end(traced, task, event.timestamp);
      if (traced.tasks.get(name) === task) traced.tasks.delete(name);
    }
    return rest;
  }
}

function stateName(event: HistoryEvent, member: `${string}EventDetails`): string | undefined {
  const name = event[member]?.['name'];
  return typeof name === 'string' ? name : undefined;
}

/** The error and cause of a failure event (any `…Failed`, `…TimedOut` or `…Aborted` details). */
function errorOf(event: HistoryEvent): { error: string; cause: string } | undefined {
  if (!/(Failed|TimedOut|Aborted)$/.test(event.type)) return undefined;
  for (const key in event) {
    if (!key.endsWith('EventDetails')) continue;
    const details = event[key as `${string}EventDetails`];
    const error = details?.['error'];
    const cause = details?.['cause'];
    return {
      error: typeof error === 'string' ? error : event.type,
      cause: typeof cause === 'string' ? cause : '',
    };
  }
  return { error: event.type, cause: '' };
}

function recordFailure(span: Span, failure: { error: string; cause: string }, at: number): void {
  span.addEvent('exception', { 'exception.type': failure.error, 'exception.message': failure.cause }, at);
  span.setStatus({ code: SpanStatusCode.ERROR, message: failure.error });
}
