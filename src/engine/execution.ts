import { type Json, type JsonObject, type Machine, StatesErrors } from '../asl/index.ts';
import type { TaskRunner } from '../integrations/index.ts';
import type { Clock } from './clock.ts';
import { type HistoryEvent, NOT_TRUNCATED } from './history/event.ts';
import { History, type Thread } from './history/thread.ts';
import { type Payload, payloadValue } from './history/payloads.ts';
import { VariableScope } from './variables.ts';
import { FINISHED, HALTED } from './abort.ts';
import { HISTORY_FORMAT } from './history/format.ts';
import type { ChildEnd, ChildRequest } from './map-child.ts';
import type { MapRunHandle, MapRunSettings, RedrivenRun } from './map-runs.ts';
import { isoTime } from './iso-time.ts';
import { keepShape } from './kept-shapes.ts';
import { type ExecutionHost, ExecutionSteps } from './runner/execution-steps.ts';
import { type ForkEdit, forkEditOf } from './runner/fork-edit.ts';
import { closeWithEvent, type ExecutionRecord, type ExecutionStatus } from './execution-record.ts';
import type { Outcome } from './runner/outcome.ts';
import type { Pacer } from './runner/pacer.ts';
import { ExecutionTimers, type TimerCommand, type TimerOwner } from './timers/execution-timers.ts';
import type { ExecutionDeps, ExecutionOwner } from './execution-deps.ts';
import type { Following } from './following.ts';

export type { ExecutionRecord, ExecutionStatus } from './execution-record.ts';
export { closeUnsuccessfully } from './execution-record.ts';
export type { ExecutionDeps, ExecutionOptions, ExecutionOwner } from './execution-deps.ts';

const RELEASED: JsonObject = Object.freeze({});
/** The kind under which the latest history quota is kept (kept-shapes.ts). */
const HISTORY_QUOTA = Symbol('history quota');
const FINISHED_ALREADY = (): void => {};

/**
 * One running execution: drives the pure interpreter state by state, performs its effects
 * (tasks, waits, branches, iterations) and records AWS's history events.
 */
export class Execution {
  readonly record: ExecutionRecord;
  readonly history: History;
  /** Its observers, when any follow it (observers.ts); dropped when the run ends. */
  get following(): Following | undefined {
    return this.deps.following;
  }
  private readonly deps: ExecutionDeps;
  private readonly machine: Machine;
  /** Why everything in flight is cancelled: it closed or stopped (FINISHED), or halted here. */
  private stopped: typeof FINISHED | typeof HALTED | undefined;
  /**
   * The abort signal, made when first needed (a task, a sleep, a branch group): building and
   * aborting one cost more than a whole run of Pass and Choice states.
   */
  private controller: AbortController | undefined;

  private get signal(): AbortSignal {
    const controller = (this.controller ??= new AbortController());
    // Made after the execution stopped, or left unaborted at its end (`endedByItself`).
    if (this.stopped && !controller.signal.aborted) controller.abort(this.stopped);
    return controller.signal;
  }

  /** Cancels what is in flight: tasks, sleeps, branches and the TimeoutSeconds timer. */
  private abort(reason: typeof FINISHED | typeof HALTED = FINISHED): void {
    this.stopped ??= reason;
    this.controller?.abort(reason);
  }

  /**
   * The run ended by itself: all but the TimeoutSeconds timer have settled, so without one the
   * signal stays unaborted (an abort dispatches an Event: ~10% of Express retry-catch's CPU).
   */
  private endedByItself(timerArmed: boolean): void {
    if (timerArmed) this.abort();
    else this.stopped ??= FINISHED;
  }

  /** Whether the thread running under `signal` (undefined: the execution's own) must stop. */
  private aborted(signal: AbortSignal | undefined): boolean {
    return signal ? signal.aborted : this.stopped !== undefined;
  }
  private executionContext: JsonObject;
  private stateMachineContext: JsonObject;
  private readonly ended: Promise<void>;
  private finish: () => void = FINISHED_ALREADY;

  constructor(record: ExecutionRecord, machine: Machine, deps: ExecutionDeps) {
    this.record = record;
    this.machine = machine;
    this.deps = deps;
    const limit = deps.historyLimit;
    const { owner, following } = deps;
    const write = owner.written && ((event: HistoryEvent): void => owner.written?.(record, event));
    // Watches that read the history themselves (the metrics) cost no call per event.
    const observe = following?.tells ? (event: HistoryEvent): void => following.event(event) : undefined;
    const written =
      write && observe ? (event: HistoryEvent): void => (write(event), observe(event)) : (write ?? observe);
    // The failure is the last event the quota allows. The latest quota is kept (kept-shapes.ts).
    const quota =
      limit === undefined ? undefined : { at: limit - 1, reached: (id: number) => this.historyFull(id) };
    if (quota) keepShape(quota, HISTORY_QUOTA);
    // When nobody is told of its events as they are written (no store, no observer of each event),
    // its payloads are recorded as values, their texts written when the history is read.
    this.history = new History(deps.recorded, written, deps.shown, quota, written === undefined, deps.packer);
    following?.recording(this.history);
    this.executionContext = {
      Id: record.executionArn,
      Input: deps.input === undefined ? (JSON.parse(record.input) as Json) : deps.input,
      StartTime: isoTime(record.startDate),
      Name: record.name,
      RoleArn: record.roleArn,
      RedriveCount: record.redriveCount ?? 0,
    };
    this.stateMachineContext = { Id: record.stateMachineArn, Name: deps.stateMachineName };
    if (deps.input !== undefined) {
      // Given parsed, the input is exactly the value of the recorded text: its serialization.
      this.lastValue = deps.input;
      this.lastText = record.input;
    }
    this.ended = new Promise((resolve) => (this.finish = resolve));
    const host = this.host();
    this.timers = new ExecutionTimers(host);
    this.steps = new ExecutionSteps(host);
    // The step runner holds the host: their classes and the timers' stay known to V8.
    keepShape(this.steps);
    keepShape(this.timers);
  }

  /** The step loop's commands for this execution's threads. */
  private steps: ExecutionSteps | undefined;

  /**
   * What the runner and the timers may use of the execution (its history, time and threads): one
   * object whose methods all executions share (a closure each cost every start ~20 allocations).
   */
  private host(): ExecutionHost & TimerOwner {
    return new Execution.#Link(this);
  }

  private static jsonOf(x: Execution): (value: Json) => string {
    return (value) => x.json(value);
  }

  private static payloadOf(x: Execution): (value: Json) => Payload {
    return x.history.valued ? payloadValue : (value) => x.json(value);
  }

  private static timerOf(x: Execution): (command: TimerCommand) => Promise<void> {
    return (command) => x.timers!.start(command);
  }

  private static runChildOf(
    x: Execution,
    owner: ExecutionOwner,
  ): (request: ChildRequest) => Promise<ChildEnd> {
    return (request) => owner.runChild!(x.record, request);
  }

  private static parkOf(x: Execution, owner: ExecutionOwner, afterMs: number): TimerOwner['park'] {
    return { afterMs, parked: (fireAt) => owner.parked?.(x, fireAt) };
  }

  static readonly #Link = class ExecutionLink implements ExecutionHost, TimerOwner {
    private readonly x: Execution;
    readonly history: History;
    readonly clock: Clock;
    readonly historyFormat: number;
    readonly tasks: TaskRunner;
    readonly region: string;
    readonly payloadLimitBytes: number;
    readonly afterTurn: ((work: () => void) => void) | undefined;
    readonly executionArn: string;
    readonly json: (value: Json) => string;
    readonly payload: (value: Json) => Payload;
    readonly random: () => number;
    readonly uuid: () => string;
    // Passed on as values (runTask, Map children): bound once here.
    readonly timer: (command: TimerCommand) => Promise<void>;
    readonly runChild: ((request: ChildRequest) => Promise<ChildEnd>) | undefined;
    readonly park: TimerOwner['park'];
    readonly forkEdit: ForkEdit | undefined;
    readonly pacer: Pacer;

    constructor(x: Execution) {
      const deps = x.deps;
      const owner = deps.owner;
      this.x = x;
      this.history = x.history;
      this.clock = deps.clock;
      this.historyFormat = deps.historyFormat ?? HISTORY_FORMAT;
      this.tasks = deps.tasks;
      this.region = deps.region;
      this.payloadLimitBytes = deps.payloadLimitBytes;
      this.afterTurn = deps.afterTurn;
      this.executionArn = x.record.executionArn;
      // Closures of the run's (released with it), not ones every closed execution keeps. They
      // are made outside this constructor: V8 allocated the closures made here in the old
      // generation, where each one, dead, kept its execution alive through every scavenge until
      // the next full collection (task-chain: ~77 KB an execution survived a scavenge, ~14 KB
      // after, all of it its kept history; bench/scavenge-survival.ts).
      this.json = Execution.jsonOf(x);
      this.payload = Execution.payloadOf(x);
      this.random = deps.random;
      this.uuid = deps.uuid;
      this.timer = Execution.timerOf(x);
      this.forkEdit = forkEditOf(x.record.forkedFrom);
      this.pacer = deps.pacer;
      this.runChild = owner.runChild && Execution.runChildOf(x, owner);
      this.park = deps.parkAfterMs === undefined ? undefined : Execution.parkOf(x, owner, deps.parkAfterMs);
    }

    stopped(): boolean {
      return this.x.stopped !== undefined;
    }
    get told(): Following | undefined {
      return this.x.deps.following?.steps;
    }
    runMachine(machine: Machine, input: Json, thread: Thread, vars: VariableScope, signal: AbortSignal) {
      return this.x.steps!.run(machine, input, thread, vars, signal);
    }
    mapRunArn(stateName: string): string {
      const deps = this.x.deps;
      const pinned = deps.tasks.mapRunId?.({ executionArn: this.executionArn, stateName });
      return deps.owner.mapRunArn(deps.stateMachineName, stateName, pinned);
    }
    openMapRun(mapRunArn: string, settings: MapRunSettings): MapRunHandle | undefined {
      return this.x.deps.owner.openMapRun?.(this.x.record, mapRunArn, settings);
    }
    redriveMapRun(mapRunArn: string): RedrivenRun | undefined {
      return this.x.deps.owner.redriveMapRun?.(mapRunArn);
    }
    executionContext(): JsonObject {
      return this.x.executionContext;
    }
    stateMachineContext(): JsonObject {
      return this.x.stateMachineContext;
    }
    aborted(signal: AbortSignal | undefined): boolean {
      return this.x.aborted(signal);
    }
    signal(): AbortSignal {
      return this.x.signal;
    }
    armDeadline(reachedBy?: number): void {
      this.x.timers!.armDeadline(reachedBy);
    }
    joining<T>(work: () => Promise<T>): Promise<T> {
      return this.x.timers!.joining(work);
    }
    threadStarted(): void {
      this.x.timers!.threadStarted();
    }
    threadEnded(): void {
      this.x.timers!.threadEnded();
    }
    deadline(): number | undefined {
      return this.x.deadline;
    }
    running(): boolean {
      return this.x.record.status === 'RUNNING';
    }
    timedOut(): void {
      const x = this.x;
      // Like ExecutionAborted, it follows the last event, wherever the run was.
      x.close(
        'TIMED_OUT',
        { error: StatesErrors.Timeout, cause: undefined },
        { last: x.history.lastId, silent: x.silent },
      );
      // A timed-out execution stops: no task, timer or event may follow ExecutionTimedOut.
      x.abort();
    }
    halt(): void {
      this.x.halt();
    }
  };

  /** Every sleep of the execution (Wait, Retry interval, TimeoutSeconds): one timer path. */
  private timers: ExecutionTimers | undefined;

  private get silent(): boolean {
    return this.deps.silent === true;
  }

  /** Resolves when the execution has closed. */
  get done(): Promise<void> {
    return this.ended;
  }

  /**
   * Records ExecutionStarted and halts before its first state: another server runs it from there
   * (scale-out: a Distributed Map's child, for whichever server claims it), by replay.
   */
  startOnly(): void {
    this.started({ last: 0, silent: this.silent });
    this.halt();
    this.release();
  }

  private started(top: Thread): void {
    if (top.silent) return;
    this.history.append(top, this.record.startDate, 'ExecutionStarted', {
      executionStartedEventDetails: {
        input: this.record.input,
        inputDetails: NOT_TRUNCATED,
        roleArn: this.record.roleArn,
      },
    });
  }

  /** Runs the execution to its end; never rejects. */
  async run(): Promise<void> {
    const top: Thread = { last: 0, silent: this.silent };
    this.started(top);
    let outcome: Outcome;
    try {
      outcome = await this.steps!.run(
        this.machine,
        this.executionContext['Input'] as Json,
        top,
        new VariableScope(),
      );
    } catch (e) {
      // A bug, not a language error: fail the execution visibly instead of hanging it.
      outcome = { ok: false, error: 'States.Runtime', cause: `Internal error: ${String(e)}` };
    }
    if (this.record.status === 'RUNNING' && !this.halted) {
      if (outcome.ok) {
        // Usually the last state's output, whose text its StateExited event holds already.
        const output = this.json(outcome.output);
        this.close('SUCCEEDED', { output }, top);
      } else {
        this.close('FAILED', outcome, top);
      }
    }
    const deadlineTimer = this.timers?.deadlineTimer;
    this.endedByItself(deadlineTimer !== undefined);
    this.release();
    if (deadlineTimer) await deadlineTimer;
  }

  /**
   * Drops what only the run needed (the runner, the timers, the parsed input in `$$.Execution`,
   * the last value and its text): a closed execution kept in memory holds its record and history.
   */
  private release(): void {
    this.steps = undefined;
    this.timers?.release();
    this.timers = undefined;
    this.executionContext = RELEASED;
    this.stateMachineContext = RELEASED;
    this.lastValue = undefined;
    this.lastText = '';
    this.deps.following = undefined; // nor the observers' bookkeeping
  }

  /** When TimeoutSeconds ends, counted from the recorded start (or redrive) so a resumed execution keeps it. */
  private get deadline(): number | undefined {
    const timeout = this.machine.timeoutSeconds;
    if (timeout === undefined) return undefined;
    return (this.record.redriveDate ?? this.record.startDate) + timeout * 1000;
  }

  /**
   * Stops driving the execution without recording anything (the process shuts down, or the
   * execution sleeps on a durable timer): it resumes later from its history. `done` resolves.
   */
  halt(): void {
    if (this.record.status === 'RUNNING') this.halted = true;
    this.abort(this.halted ? HALTED : FINISHED);
    this.finish();
  }

  private halted = false;

  private historyFull(lastId: number): void {
    if (this.record.status !== 'RUNNING') return;
    this.close(
      'FAILED',
      {
        error: StatesErrors.Runtime,
        cause: `The execution reached the maximum number of history events (${this.deps.historyLimit}).`,
      },
      { last: lastId, silent: this.silent },
    );
    this.abort();
  }

  /** StopExecution: closes the execution as ABORTED and cancels what is in flight. */
  stop(error: string | undefined, cause: string | undefined): void {
    if (this.record.status !== 'RUNNING') return;
    this.close('ABORTED', { error, cause }, { last: this.history.lastId, silent: this.silent });
    this.abort();
  }

  private close(
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    result: { output?: string; error?: string | undefined; cause?: string | undefined },
    thread: Thread,
  ): void {
    const now = this.deps.clock.now();
    const r = this.record;
    if (status === 'SUCCEEDED') {
      r.status = status;
      r.stopDate = now;
      r.output = result.output;
      if (!thread.silent) {
        this.history.append(thread, now, 'ExecutionSucceeded', {
          executionSucceededEventDetails: { output: result.output ?? 'null', outputDetails: NOT_TRUNCATED },
        });
      }
    } else {
      const [type, member, details] = closeWithEvent(r, status, now, result.error, result.cause);
      if (!thread.silent) this.history.append(thread, now, type, { [member]: details });
    }
    this.history.seal();
    this.deps.owner.closed?.(this);
    this.history.release();
    this.finish();
    // `done` has resolved: a closed execution kept in memory does not hold its resolver.
    this.finish = FINISHED_ALREADY;
  }

  private lastValue: Json | undefined;
  private lastText = '';

  /**
   * JSON text of a payload for the history. A value usually appears in several events in a row
   * (a state's output is the next state's input; a task's input is often its state's input), and
   * values are immutable, so the last serialization is reused.
   */
  private json(value: Json): string {
    if (value !== this.lastValue || typeof value !== 'object' || value === null) {
      this.lastText = JSON.stringify(value);
      this.lastValue = value;
    }
    return this.lastText;
  }
}
