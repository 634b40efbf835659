import type { Json, JsonObject, Machine } from '../asl/index.ts';
import { StatesErrors } from '../asl/index.ts';
import type { TaskRunner } from '../integrations/index.ts';
import type { Clock } from './clock.ts';
import type { HistoryEvent } from './history/event.ts';
import { NOT_TRUNCATED } from './history/event.ts';
import type { Thread } from './history/thread.ts';
import { History } from './history/thread.ts';
import { VariableScope } from './variables.ts';
import { FINISHED } from './abort.ts';
import { HISTORY_FORMAT } from './history/format.ts';
import type { ChildEnd, ChildRequest } from './map-child.ts';
import type { MapRunHandle, MapRunSettings, RedrivenRun } from './map-runs.ts';
import { isoTime } from './iso-time.ts';
import type { ExecutionHost } from './runner/execution-steps.ts';
import { ExecutionSteps } from './runner/execution-steps.ts';
import type { ExecutionRecord, ExecutionStatus } from './execution-record.ts';
import { closeWithEvent } from './execution-record.ts';
import type { Outcome } from './runner/outcome.ts';
import type { TimerOwner } from './timers/execution-timers.ts';
import { ExecutionTimers } from './timers/execution-timers.ts';

export type { ExecutionRecord, ExecutionStatus } from './execution-record.ts';
export { closeUnsuccessfully } from './execution-record.ts';

export interface ExecutionDeps {
  readonly clock: Clock;
  /** The engine's entropy (`$$`-free intrinsics: States.UUID, States.MathRandom). */
  readonly random: () => number;
  readonly uuid: () => string;
  readonly tasks: TaskRunner;
  readonly stateMachineName: string;
  readonly region: string;
  /** AWS's 256 KiB unless a harness raises it (benchmarks with oversized workloads). */
  readonly payloadLimitBytes: number;
  /** The part that runs the execution (executions/launcher.ts), told what happens to it. */
  readonly owner: ExecutionOwner;
  /** The record's input already parsed by the starter, when the record's text is its JSON.stringify. */
  readonly input?: Json;
  /** The recorded events of an execution that resumes after a restart (replayed, not rewritten). */
  readonly recorded?: readonly HistoryEvent[];
  /** The whole history when more than `recorded` (a redriven execution's failed attempts). */
  readonly shown?: readonly HistoryEvent[];
  /** Standard executions: AWS's 25,000 events; absent for Express (no history quota). */
  readonly historyLimit?: number;
  /**
   * Durable timers (DESIGN.md decision 4): when every thread of the execution sleeps on a Wait or
   * a Retry interval of at least this long, the execution halts and its owner's `parked` is told
   * the time it must resume at (by replay). Absent, waits are slept in memory (Express, no store).
   */
  readonly parkAfterMs?: number;
  /** Runs `work` once the current turn of the event loop is over (absent: at once). */
  readonly afterTurn?: (work: () => void) => void;
  /** Express: no history is kept (DESIGN.md decision 5); the run records no events at all. */
  readonly silent?: boolean;
  /** The format of a resumed history written by an earlier version (absent: HISTORY_FORMAT). */
  readonly historyFormat?: number;
}

/**
 * What an execution tells the part that runs it (executions/launcher.ts): one object for many
 * executions, each call naming its execution. The optional ones are absent where nothing listens
 * (Express, an engine without a store, harnesses).
 */
export interface ExecutionOwner {
  /** The ARN of a new distributed Map run. */
  mapRunArn(stateMachineName: string, stateName: string): string;
  /** Records a distributed Map run for the Map Run API. */
  openMapRun?(execution: ExecutionRecord, mapRunArn: string, settings: MapRunSettings): MapRunHandle;
  /** The recorded run `mapRunArn` again, when a redrive of the execution reaches its Map. */
  redriveMapRun?(mapRunArn: string): RedrivenRun | undefined;
  /** Runs a distributed Map's item as a child workflow execution (map-children.ts). */
  runChild?(parent: ExecutionRecord, request: ChildRequest): Promise<ChildEnd>;
  /** Each new event (the durable engine queues it for the next group commit). */
  written?(execution: ExecutionRecord, event: HistoryEvent): void;
  /** Once when the execution closes, after its closing event. */
  closed?(execution: Execution): void;
  /** Every thread sleeps at least `parkAfterMs`: the execution halted and resumes at `fireAt`. */
  parked?(execution: Execution, fireAt: number): void;
}

/** What the engine chooses per execution (the rest of ExecutionDeps is the same for all). */
export type ExecutionOptions = Pick<
  ExecutionDeps,
  'input' | 'recorded' | 'shown' | 'owner' | 'historyLimit' | 'parkAfterMs' | 'silent' | 'historyFormat'
>;

const RELEASED: JsonObject = Object.freeze({});

/**
 * One running execution: drives the pure interpreter state by state, performs its effects
 * (tasks, waits, branches, iterations) and records AWS's history events.
 */
export class Execution {
  readonly record: ExecutionRecord;
  readonly history: History;
  readonly #deps: ExecutionDeps;
  readonly #machine: Machine;
  /** Set when the execution closes, halts or stops: everything in flight is cancelled. */
  #stopped = false;
  /**
   * The execution's abort signal, made when something first needs one (a task, a sleep, a
   * branch group): an execution of Pass and Choice states runs without any (building and
   * aborting one cost more than its whole run).
   */
  #controller: AbortController | undefined;

  get #signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#stopped) this.#controller.abort(FINISHED);
    }
    return this.#controller.signal;
  }

  /** Cancels what is in flight: tasks, sleeps, branches and the TimeoutSeconds timer. */
  #abort(): void {
    this.#stopped = true;
    this.#controller?.abort(FINISHED);
  }

  /** Whether the thread running under `signal` (undefined: the execution's own) must stop. */
  #aborted(signal: AbortSignal | undefined): boolean {
    return signal ? signal.aborted : this.#stopped;
  }
  #executionContext: JsonObject;
  #stateMachineContext: JsonObject;
  readonly #done: Promise<void>;
  #finish: () => void = () => {};

  constructor(record: ExecutionRecord, machine: Machine, deps: ExecutionDeps) {
    this.record = record;
    this.#machine = machine;
    this.#deps = deps;
    const limit = deps.historyLimit;
    const owner = deps.owner;
    const written = owner.written && ((event: HistoryEvent): void => owner.written?.(record, event));
    this.history =
      limit === undefined
        ? new History(deps.recorded, written, deps.shown)
        : new History(
            deps.recorded,
            (event) => {
              written?.(event);
              // The failure is the last event the quota allows.
              if (event.id === limit - 1) this.#historyFull(event.id);
            },
            deps.shown,
          );
    this.#executionContext = {
      Id: record.executionArn,
      Input: deps.input === undefined ? (JSON.parse(record.input) as Json) : deps.input,
      StartTime: isoTime(record.startDate),
      Name: record.name,
      RoleArn: record.roleArn,
      RedriveCount: record.redriveCount ?? 0,
    };
    this.#stateMachineContext = { Id: record.stateMachineArn, Name: deps.stateMachineName };
    if (deps.input !== undefined) {
      // Given parsed, the input is exactly the value of the recorded text: its serialization.
      this.#lastValue = deps.input;
      this.#lastText = record.input;
    }
    this.#done = new Promise((resolve) => (this.#finish = resolve));
    const host = this.#host();
    this.#timers = new ExecutionTimers(host);
    this.#steps = new ExecutionSteps(host);
  }

  /** The step loop's commands for this execution's threads. */
  #steps: ExecutionSteps | undefined;

  /** What the runner and the timers may use of the execution (its history, time and threads). */
  #host(): ExecutionHost & TimerOwner {
    const deps = this.#deps;
    return {
      history: this.history,
      clock: deps.clock,
      historyFormat: deps.historyFormat ?? HISTORY_FORMAT,
      tasks: deps.tasks,
      region: deps.region,
      payloadLimitBytes: deps.payloadLimitBytes,
      afterTurn: deps.afterTurn,
      stopped: () => this.#stopped,
      runMachine: (machine, input, thread, vars, signal) =>
        this.#steps!.run(machine, input, thread, vars, signal),
      mapRunArn: (stateName) => deps.owner.mapRunArn(deps.stateMachineName, stateName),
      openMapRun: (mapRunArn, settings) => deps.owner.openMapRun?.(this.record, mapRunArn, settings),
      redriveMapRun: (mapRunArn) => deps.owner.redriveMapRun?.(mapRunArn),
      runChild: deps.owner.runChild && ((request) => deps.owner.runChild!(this.record, request)),
      json: this.#json,
      executionArn: this.record.executionArn,
      executionContext: () => this.#executionContext,
      stateMachineContext: () => this.#stateMachineContext,
      random: deps.random,
      uuid: deps.uuid,
      aborted: (signal) => this.#aborted(signal),
      signal: () => this.#signal,
      timer: (command) => this.#timers!.start(command),
      armDeadline: () => this.#timers!.armDeadline(),
      joining: (work) => this.#timers!.joining(work),
      threadStarted: () => this.#timers!.threadStarted(),
      threadEnded: () => this.#timers!.threadEnded(),
      park:
        deps.parkAfterMs === undefined
          ? undefined
          : { afterMs: deps.parkAfterMs, parked: (fireAt) => deps.owner.parked?.(this, fireAt) },
      deadline: () => this.#deadline,
      running: () => this.record.status === 'RUNNING',
      timedOut: () => {
        // Like ExecutionAborted, it follows the last event, wherever the run was.
        this.#close(
          'TIMED_OUT',
          { error: StatesErrors.Timeout, cause: undefined },
          { last: this.history.lastId, silent: this.#silent },
        );
        // A timed-out execution stops: no task, timer or event may follow ExecutionTimedOut.
        this.#abort();
      },
      halt: () => this.halt(),
    };
  }

  /** Every sleep of the execution (Wait, Retry interval, TimeoutSeconds): one timer path. */
  #timers: ExecutionTimers | undefined;

  get #silent(): boolean {
    return this.#deps.silent === true;
  }

  /** Resolves when the execution has closed. */
  get done(): Promise<void> {
    return this.#done;
  }

  /** Runs the execution to its end; never rejects. */
  async run(): Promise<void> {
    const top: Thread = { last: 0, silent: this.#silent };
    this.history.append(top, this.record.startDate, 'ExecutionStarted', {
      executionStartedEventDetails: {
        input: this.record.input,
        inputDetails: NOT_TRUNCATED,
        roleArn: this.record.roleArn,
      },
    });
    let outcome: Outcome;
    try {
      outcome = await this.#steps!.run(
        this.#machine,
        this.#executionContext['Input'] as Json,
        top,
        new VariableScope(),
      );
    } catch (e) {
      // A bug, not a language error: fail the execution visibly instead of hanging it.
      outcome = { ok: false, error: 'States.Runtime', cause: `Internal error: ${String(e)}` };
    }
    if (this.record.status === 'RUNNING' && !this.#halted) {
      if (outcome.ok) {
        // Usually the last state's output, whose text its StateExited event holds already.
        const output = this.#json(outcome.output);
        this.#close('SUCCEEDED', { output }, top);
      } else {
        this.#close('FAILED', outcome, top);
      }
    }
    this.#abort();
    const deadlineTimer = this.#timers?.deadlineTimer;
    this.#release();
    await deadlineTimer;
  }

  /**
   * Drops what only the run needed (the parsed input in `$$.Execution`, the last value and its
   * text): a closed execution kept in memory holds its record and history, not its data twice.
   */
  #release(): void {
    // The runner and the timers (with their closures) are the run's: a closed execution kept in
    // memory does not hold them.
    this.#steps = undefined;
    this.#timers = undefined;
    this.#executionContext = RELEASED;
    this.#stateMachineContext = RELEASED;
    this.#lastValue = undefined;
    this.#lastText = '';
  }

  /** When TimeoutSeconds ends, counted from the recorded start (or redrive) so a resumed execution keeps it. */
  get #deadline(): number | undefined {
    const timeout = this.#machine.timeoutSeconds;
    if (timeout === undefined) return undefined;
    return (this.record.redriveDate ?? this.record.startDate) + timeout * 1000;
  }

  /**
   * Stops driving the execution without recording anything (the process shuts down, or the
   * execution sleeps on a durable timer): it resumes later from its history. `done` resolves.
   */
  halt(): void {
    if (this.record.status === 'RUNNING') this.#halted = true;
    this.#abort();
    this.#finish();
  }

  #halted = false;

  #historyFull(lastId: number): void {
    if (this.record.status !== 'RUNNING') return;
    this.#close(
      'FAILED',
      {
        error: StatesErrors.Runtime,
        cause: `The execution reached the maximum number of history events (${this.#deps.historyLimit}).`,
      },
      { last: lastId, silent: this.#silent },
    );
    this.#abort();
  }

  /** StopExecution: closes the execution as ABORTED and cancels what is in flight. */
  stop(error: string | undefined, cause: string | undefined): void {
    if (this.record.status !== 'RUNNING') return;
    this.#close('ABORTED', { error, cause }, { last: this.history.lastId, silent: this.#silent });
    this.#abort();
  }

  #close(
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    result: { output?: string; error?: string | undefined; cause?: string | undefined },
    thread: Thread,
  ): void {
    const now = this.#deps.clock.now();
    const r = this.record;
    if (status === 'SUCCEEDED') {
      r.status = status;
      r.stopDate = now;
      r.output = result.output;
      this.history.append(thread, now, 'ExecutionSucceeded', {
        executionSucceededEventDetails: { output: result.output ?? 'null', outputDetails: NOT_TRUNCATED },
      });
    } else {
      const [type, member, details] = closeWithEvent(r, status, now, result.error, result.cause);
      this.history.append(thread, now, type, { [member]: details });
    }
    this.history.seal();
    this.#deps.owner.closed?.(this);
    this.#finish();
  }

  #lastValue: Json | undefined;
  #lastText = '';

  /**
   * JSON text of a payload for the history. A value usually appears in several events in a row
   * (a state's output is the next state's input; a task's input is often its state's input), and
   * values are immutable, so the last serialization is reused.
   */
  readonly #json = (value: Json): string => {
    if (value !== this.#lastValue || typeof value !== 'object' || value === null) {
      this.#lastText = JSON.stringify(value);
      this.#lastValue = value;
    }
    return this.#lastText;
  };
}
