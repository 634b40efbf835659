import type { Decision, ErrorValue, Json, JsonObject, Machine, State, StepEnv } from '../asl/index.ts';
import { afterMap, afterParallel, afterTask, enterState, recover, StatesErrors } from '../asl/index.ts';
import type { TaskRunner } from '../integrations/index.ts';
import type { Clock } from './clock.ts';
import type { HistoryEvent } from './history/event.ts';
import { NOT_TRUNCATED } from './history/event.ts';
import type { Thread } from './history/thread.ts';
import { History } from './history/thread.ts';
import { VariableScope } from './variables.ts';
import { FINISHED, GROUP_FAILED, linkedAbort } from './abort.ts';
import { HISTORY_FORMAT, TASK_STATE_ABORTED_SINCE } from './history/format.ts';
import { taskEvents } from './history/task-events.ts';
import { payloadTooLarge } from './limits.ts';
import type { MapRunHandle, MapRunSettings } from './map-runs.ts';
import { mintTaskToken, takesTaskToken } from './task-token.ts';
import { isoTime } from './iso-time.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: string;
  readonly startDate: number;
  readonly roleArn: string;
  /** Set when the execution was started through a version or an alias ARN. */
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
  status: ExecutionStatus;
  output?: string;
  error?: string;
  cause?: string;
  stopDate?: number;
  /** How many times RedriveExecution restarted it, and when it last did. */
  redriveCount?: number;
  redriveDate?: number;
  /** The client tokens of its latest redrives, newest last (RedriveExecution is idempotent by them). */
  redriveTokens?: ReadonlyArray<{ readonly token: string; readonly redriveDate: number }>;
}

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

type Outcome =
  | { readonly ok: true; readonly output: Json }
  | ({
      readonly ok: false;
      /** Cut short by an abort (a failed sibling, a stop, a shutdown), not failed by itself. */
      readonly aborted?: boolean;
      /** Ended while a Task state was entered and not exited (aborted, or its error uncaught). */
      readonly inTask?: boolean;
    } & ErrorValue);

/** The closing event of an unsuccessful execution and its details member. */
const CLOSING_EVENT = {
  FAILED: ['ExecutionFailed', 'executionFailedEventDetails'],
  TIMED_OUT: ['ExecutionTimedOut', 'executionTimedOutEventDetails'],
  ABORTED: ['ExecutionAborted', 'executionAbortedEventDetails'],
} as const;

type MapResult = { ok: true; outputs: Json[] } | ({ ok: false; recorded: boolean } & ErrorValue);

/** `<Type>StateEntered` / `<Type>StateExited`, not built again at every visit. */
const ENTERED: Readonly<Record<State['type'], string>> = {
  Pass: 'PassStateEntered',
  Task: 'TaskStateEntered',
  Choice: 'ChoiceStateEntered',
  Wait: 'WaitStateEntered',
  Succeed: 'SucceedStateEntered',
  Fail: 'FailStateEntered',
  Parallel: 'ParallelStateEntered',
  Map: 'MapStateEntered',
};
const EXITED: Readonly<Record<State['type'], string>> = {
  Pass: 'PassStateExited',
  Task: 'TaskStateExited',
  Choice: 'ChoiceStateExited',
  Wait: 'WaitStateExited',
  Succeed: 'SucceedStateExited',
  Fail: 'FailStateExited',
  Parallel: 'ParallelStateExited',
  Map: 'MapStateExited',
};

const RELEASED: JsonObject = Object.freeze({});

const ABORTED: Outcome = { ok: false, aborted: true, error: 'States.Aborted', cause: undefined };
const ABORTED_IN_TASK: Outcome = { ...ABORTED, inTask: true };

const MAP_ITEM_RESULT_ERROR = StatesErrors.ExceedToleratedFailureThreshold;

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
  }

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
      outcome = await this.#runMachine(
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
    this.#release();
    await this.#deadlineTimer;
  }

  /**
   * Drops what only the run needed (the parsed input in `$$.Execution`, the last value and its
   * text): a closed execution kept in memory holds its record and history, not its data twice.
   */
  #release(): void {
    this.#executionContext = RELEASED;
    this.#stateMachineContext = RELEASED;
    this.#lastValue = undefined;
    this.#lastText = '';
  }

  /**
   * The TimeoutSeconds timer (for every Standard execution, the one-year quota). It is armed when
   * the execution first waits on the world (a task, a sleep): until then it runs in one go of
   * microtasks, where no timer could fire, and an execution that ends so arms none at all. Given
   * `afterTurn`, it is armed only once that turn of the event loop is over (a timer could not fire
   * sooner either), so an execution whose tasks answer at once (in-process functions, mocks) arms
   * none either.
   */
  #deadlineTimer: Promise<void> | undefined;
  #deadlineArming = false;

  #armDeadline(): void {
    if (this.#deadlineArming || this.#stopped || this.#deadline === undefined) return;
    this.#deadlineArming = true;
    const afterTurn = this.#deps.afterTurn;
    if (afterTurn) afterTurn(() => this.#setDeadlineTimer());
    else this.#setDeadlineTimer();
  }

  #setDeadlineTimer(): void {
    const deadline = this.#deadline;
    if (deadline === undefined || this.#stopped) return;
    const clock = this.#deps.clock;
    this.#deadlineTimer = clock.sleep(Math.max(0, deadline - clock.now()), this.#signal).then(() => {
      // Aborted rather than due: the execution closed or halted (a shutdown, a park).
      if (this.record.status === 'RUNNING' && !this.#stopped) {
        // Like ExecutionAborted, it follows the last event, wherever the run was.
        this.#close(
          'TIMED_OUT',
          { error: StatesErrors.Timeout, cause: undefined },
          { last: this.history.lastId, silent: this.#silent },
        );
        // A timed-out execution stops: no task, timer or event may follow ExecutionTimedOut.
        this.#abort();
      }
    });
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

  /** Threads (the top level, branches, iterations) doing something other than sleeping or joining. */
  #active = 0;
  /** When each sleeping thread wakes (made by the first long sleep of an execution that may park). */
  #sleeping: Set<{ readonly fireAt: number }> | undefined;
  #parkCheck = false;

  /**
   * Sleeps until `fireAt`. A long sleep that leaves no thread active parks the execution: it
   * halts, holding no memory, and the engine resumes it from its history when the time comes.
   */
  async #sleepUntil(fireAt: number, signal: AbortSignal): Promise<void> {
    const clock = this.#deps.clock;
    const ms = fireAt - clock.now();
    if (ms <= 0) return;
    this.#armDeadline();
    const parkAfterMs = this.#deps.parkAfterMs;
    if (parkAfterMs === undefined || ms < parkAfterMs) return clock.sleep(ms, signal);
    const sleeper = { fireAt };
    (this.#sleeping ??= new Set()).add(sleeper);
    this.#active--;
    this.#considerParking();
    try {
      await clock.sleep(ms, signal);
    } finally {
      this.#active++;
      this.#sleeping?.delete(sleeper);
    }
  }

  /** Parks after a turn of the event loop if by then every thread still sleeps. */
  #considerParking(): void {
    if (this.#deps.parkAfterMs === undefined || this.#parkCheck || this.#active > 0) return;
    this.#parkCheck = true;
    const clock = this.#deps.clock;
    void (clock.tick?.() ?? clock.sleep(0, this.#signal)).then(() => {
      this.#parkCheck = false;
      const sleeping = this.#sleeping;
      if (this.#active > 0 || !sleeping || sleeping.size === 0 || this.record.status !== 'RUNNING') return;
      if (this.#stopped) return;
      // A loop, not Math.min(...): a Map may have more sleeping iterations than a call has arguments.
      let fireAt = Number.POSITIVE_INFINITY;
      for (const s of sleeping) if (s.fireAt < fireAt) fireAt = s.fireAt;
      const deadline = this.#deadline;
      if (deadline !== undefined) fireAt = Math.min(fireAt, deadline);
      this.halt();
      this.#deps.owner.parked?.(this, fireAt);
    });
  }

  /** Runs `work` with the calling thread counted as inactive (it only waits for its children). */
  async #joining<T>(work: () => Promise<T>): Promise<T> {
    this.#active--;
    try {
      return await work();
    } finally {
      this.#active++;
    }
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
      const details = closeUnsuccessfully(r, status, now, result.error, result.cause);
      const [type, member] = CLOSING_EVENT[status];
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

  #env(
    state: State,
    vars: VariableScope,
    enteredEventId: number,
    enteredTime: number,
    retryCount: number,
  ): StepEnv {
    // A plain data object: an accessor (formatting lazily) cost more to build than the text.
    const stateContext: JsonObject = { Name: state.name, EnteredTime: isoTime(enteredTime) };
    if (state.type === 'Task' || state.type === 'Parallel' || state.type === 'Map') {
      stateContext['RetryCount'] = retryCount;
    }
    const context: JsonObject = {
      Execution: this.#executionContext,
      StateMachine: this.#stateMachineContext,
      State: stateContext,
    };
    // `$$.Task.Token` exists only for activities and `.waitForTaskToken` tasks (AWS guide).
    if (state.type === 'Task' && takesTaskToken(state.resource)) {
      context['Task'] = { Token: mintTaskToken(this.record.executionArn, enteredEventId, retryCount) };
    }
    return {
      context,
      enteredEventId,
      now: enteredTime,
      variable: vars.lookup,
      random: this.#deps.random,
      uuid: this.#deps.uuid,
    };
  }

  /** Runs a machine, a branch or an iteration from its StartAt to its end. */
  async #runMachine(
    machine: Machine,
    input: Json,
    thread: Thread,
    vars: VariableScope,
    signal?: AbortSignal,
  ): Promise<Outcome> {
    this.#active++;
    try {
      return await this.#runStates(machine, input, thread, vars, signal);
    } finally {
      // The last busy thread ended while others sleep: the execution may park.
      if (--this.#active === 0) this.#considerParking();
    }
  }

  async #runStates(
    machine: Machine,
    input: Json,
    thread: Thread,
    vars: VariableScope,
    signal: AbortSignal | undefined,
  ): Promise<Outcome> {
    const clock = this.#deps.clock;
    let name = machine.startAt;
    let value = input;
    /** When the previous state exited: the next one is entered in the same step, at that time. */
    let exitedAt: number | undefined;
    for (;;) {
      if (this.#aborted(signal)) return ABORTED;
      const state = machine.states.get(name);
      if (!state) return { ok: false, error: StatesErrors.Runtime, cause: `State '${name}' does not exist.` };
      const aborted = state.type === 'Task' ? ABORTED_IN_TASK : ABORTED;
      const now = exitedAt ?? clock.now();
      exitedAt = undefined;
      const enteredId = this.history.append(thread, now, ENTERED[state.type], {
        stateEnteredEventDetails: { name, input: this.#json(value), inputDetails: NOT_TRUNCATED },
      });
      // A replayed visit keeps its recorded time: Wait deadlines and $$.State.EnteredTime follow it.
      const enteredTime = this.history.latest?.timestamp ?? now;
      let retryCount = 0;
      const attempts: number[] = [];
      let env = this.#env(state, vars, enteredId, enteredTime, retryCount);
      // A JSONPath step answers synchronously; awaiting only a promise keeps its visit free of
      // extra microtask turns (and concurrent branches interleaved as before).
      const entered = enterState(state, value, env);
      let decision: Decision = entered instanceof Promise ? await entered : entered;
      /** Set when a Parallel/Map run failed: AWS records <Type>StateFailed unless it retries. */
      let failedEvent: string | undefined;
      for (;;) {
        if (this.#aborted(signal)) return aborted;
        if (decision.kind === 'transition') {
          const output = this.#json(decision.output);
          if (payloadTooLarge(output, this.#deps.payloadLimitBytes)) {
            decision = {
              kind: 'error',
              error: StatesErrors.DataLimitExceeded,
              cause: `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
            };
            continue;
          }
          const assigned = decision.assigned;
          const texts = assigned && assignedTexts(assigned);
          if (assigned && texts) {
            const exceeded = vars.assign(assigned, texts);
            if (exceeded) {
              decision = {
                kind: 'error',
                error: StatesErrors.DataLimitExceeded,
                cause: variableLimitCause(name, exceeded),
              };
              continue;
            }
          }
          const replaying = this.history.replaying;
          const at = clock.now();
          this.history.append(thread, at, EXITED[state.type], {
            stateExitedEventDetails: texts
              ? {
                  name,
                  output,
                  outputDetails: NOT_TRUNCATED,
                  assignedVariables: texts,
                  assignedVariablesDetails: NOT_TRUNCATED,
                }
              : { name, output, outputDetails: NOT_TRUNCATED },
          });
          // A replayed exit keeps what was recorded (a UUID or random number is not drawn again).
          const exited = replaying ? recordedExit(this.history.latest, output, vars) : decision.output;
          if (decision.next === null) return { ok: true, output: exited };
          name = decision.next;
          value = exited;
          exitedAt = at;
          break;
        }
        if (decision.kind === 'fail') {
          // A Fail state without Error has no error name; '' stands for it until #close.
          return { ok: false, error: decision.error ?? '', cause: decision.cause };
        }
        if (decision.kind === 'error') {
          if (decision.evaluationFailed) {
            // A JSONata state records where its evaluation failed (history recorded on AWS:
            // MapStateEntered, EvaluationFailed, MapStateFailed for a Map whose Items is no array).
            const { location } = decision.evaluationFailed;
            this.history.append(thread, clock.now(), 'EvaluationFailed', {
              evaluationFailedEventDetails: {
                error: decision.error,
                ...(decision.cause === undefined ? {} : { cause: decision.cause }),
                ...(location === undefined ? {} : { location }),
                state: name,
              },
            });
            if (state.type === 'Map' || state.type === 'Parallel') failedEvent = `${state.type}StateFailed`;
          }
          const routed = recover(state, value, decision, attempts, env);
          const recovery = routed instanceof Promise ? await routed : routed;
          if (recovery.kind === 'retry') {
            attempts[recovery.retrier] = (attempts[recovery.retrier] ?? 0) + 1;
            retryCount++;
            failedEvent = undefined;
            // A replayed retry whose next attempt is recorded does not wait again; one that
            // resumes waits what is left after its recorded failure.
            if (recovery.delayMs > 0 && this.history.recordedNext(thread).length === 0) {
              const failedAt = thread.silent ? undefined : this.history.events[thread.last - 1]?.timestamp;
              await this.#sleepUntil((failedAt ?? clock.now()) + recovery.delayMs, signal ?? this.#signal);
            }
            if (this.#aborted(signal)) return aborted;
            env = this.#env(state, vars, enteredId, enteredTime, retryCount);
            const again = enterState(state, value, env);
            decision = again instanceof Promise ? await again : again;
            continue;
          }
          if (failedEvent) this.history.append(thread, clock.now(), failedEvent);
          if (recovery.kind === 'catch') {
            decision = {
              kind: 'transition',
              output: recovery.output,
              next: recovery.next,
              assigned: recovery.assigned,
            };
            continue;
          }
          return { ok: false, error: decision.error, cause: decision.cause, inTask: state.type === 'Task' };
        }
        if (decision.kind === 'wait') {
          if (this.history.recordedNext(thread).length === 0)
            await this.#sleepUntil(decision.until, signal ?? this.#signal);
          if (this.#aborted(signal)) return aborted;
          decision = {
            kind: 'transition',
            output: decision.output,
            next: decision.next,
            assigned: decision.assigned,
          };
          continue;
        }
        if (decision.kind === 'task' && state.type === 'Task') {
          this.#armDeadline();
          const result = await taskEvents(
            this.history,
            thread,
            clock,
            this.#deps.tasks,
            decision,
            env.context,
            signal ?? this.#signal,
            this.#deps.region,
            this.#json,
            this.#deps.afterTurn,
          );
          if (this.#aborted(signal)) return aborted;
          if (result.ok) {
            const after = afterTask(state, value, result.output, env);
            decision = after instanceof Promise ? await after : after;
          } else {
            // An HTTP Task's exchange is for TestState alone; the rest (heartbeat…) goes on.
            const { http: _exchange, ...failed } = result;
            decision = { kind: 'error', ...failed };
          }
          continue;
        }
        if (decision.kind === 'parallel' && state.type === 'Parallel') {
          const input = decision.input;
          const result = await this.#joining(() =>
            this.#runParallel(state.branches, input, thread, vars, signal ?? this.#signal),
          );
          if (this.#aborted(signal)) return aborted;
          if (result.ok) {
            // AWS records no ParallelStateSucceeded (unlike MapStateSucceeded): histories in the corpus.
            const after = afterParallel(state, value, result.outputs, env);
            decision = after instanceof Promise ? await after : after;
          } else {
            failedEvent = 'ParallelStateFailed';
            decision = { kind: 'error', error: result.error, cause: result.cause };
          }
          continue;
        }
        if (decision.kind === 'map' && state.type === 'Map') {
          const run = decision;
          const map = (): Promise<MapResult> =>
            this.#runMap(state.name, state.processor, state.mode, run, thread, vars, signal ?? this.#signal);
          // A distributed Map run lives in memory (the Map Run API): it is not parked.
          const result = await (state.mode === 'DISTRIBUTED' ? map() : this.#joining(map));
          if (this.#aborted(signal)) return aborted;
          if (result.ok) {
            this.history.append(thread, clock.now(), 'MapStateSucceeded');
            const after = afterMap(state, value, result.outputs, env);
            decision = after instanceof Promise ? await after : after;
          } else {
            failedEvent = result.recorded ? undefined : 'MapStateFailed';
            decision = { kind: 'error', error: result.error, cause: result.cause };
          }
          continue;
        }
        throw new Error(`decision ${decision.kind} does not fit state type ${state.type}`);
      }
    }
  }

  /**
   * A Parallel or Map that fails aborts the Task states its branches had entered and not exited,
   * the failing one's included: AWS records TaskStateAborted for each, after the iteration's end
   * (LocalStack's snapshots recorded on AWS: test_callback SQS_PARALLEL_WAIT_FOR_TASK_TOKEN,
   * test_timeouts service_lambda_map_timeout). A stop or a shutdown records nothing of the kind,
   * nor does an execution whose history is in a format from before (history/format.ts).
   */
  #taskAborted(branch: Thread | undefined, r: Outcome, group: AbortSignal): void {
    if (r.ok || !r.inTask || !branch || group.reason !== GROUP_FAILED || this.#stopped) return;
    if ((this.#deps.historyFormat ?? HISTORY_FORMAT) < TASK_STATE_ABORTED_SINCE) return;
    this.history.append(branch, this.#deps.clock.now(), 'TaskStateAborted');
  }

  async #runParallel(
    branches: readonly Machine[],
    input: Json,
    thread: Thread,
    vars: VariableScope,
    outer: AbortSignal,
  ): Promise<{ ok: true; outputs: Json[] } | ({ ok: false } & ErrorValue)> {
    this.history.append(thread, this.#deps.clock.now(), 'ParallelStateStarted');
    const group = linkedAbort(outer);
    let failure: ErrorValue | undefined;
    const threads = branches.map((): Thread => ({ last: thread.last, silent: thread.silent }));
    const outputs = await Promise.all(
      branches.map(async (branch, i) => {
        const r = await this.#runMachine(
          branch,
          input,
          threads[i] ?? { last: thread.last, silent: thread.silent },
          new VariableScope(vars),
          group.signal,
        );
        if (!r.ok && !failure && !r.aborted) {
          failure = r;
          group.abort(GROUP_FAILED);
        }
        this.#taskAborted(threads[i], r, group.signal);
        return r.ok ? r.output : null;
      }),
    );
    group.dispose();
    // The join follows the last event of its branches (not of the whole history, which may hold
    // other threads' events): the same on replay as on the first run.
    thread.last = Math.max(thread.last, ...threads.map((t) => t.last));
    if (failure) return { ok: false, ...failure };
    return { ok: true, outputs };
  }

  async #runMap(
    stateName: string,
    processor: Machine,
    mode: 'INLINE' | 'DISTRIBUTED',
    decision: Extract<Decision, { kind: 'map' }>,
    thread: Thread,
    vars: VariableScope,
    outer: AbortSignal,
  ): Promise<MapResult> {
    const clock = this.#deps.clock;
    const items = decision.items;
    this.history.append(thread, clock.now(), 'MapStateStarted', {
      mapStateStartedEventDetails: { length: items.length },
    });
    if (decision.runError) return { ok: false, recorded: true, ...decision.runError };
    const distributed = mode === 'DISTRIBUTED';
    // Thresholds and a Map Run's counts are in items; a batch is one child of several items.
    const sizes = decision.batchSizes;
    const sizeOf = (index: number): number => sizes?.[index] ?? 1;
    const itemTotal = sizes ? sizes.reduce((a, b) => a + b, 0) : items.length;
    let run: MapRunHandle | undefined;
    if (distributed) {
      const mapRunArn = this.#deps.owner.mapRunArn(this.#deps.stateMachineName, stateName);
      run = this.#deps.owner.openMapRun?.(this.record, mapRunArn, {
        maxConcurrency: decision.maxConcurrency,
        toleratedFailureCount: decision.toleratedFailureCount,
        toleratedFailurePercentage: decision.toleratedFailurePercentage,
        total: itemTotal,
        executions: items.length,
      });
      this.history.append(thread, clock.now(), 'MapRunStarted', {
        mapRunStartedEventDetails: { mapRunArn },
      });
    }
    const group = linkedAbort(outer);
    const outputs: Json[] = new Array<Json>(items.length).fill(null);
    let failure: ErrorValue | undefined;
    let failures = 0;
    const tolerated = (): boolean => {
      // A map run's thresholds are live: UpdateMapRun may change them mid-run.
      const { toleratedFailureCount: count, toleratedFailurePercentage: pct } = run?.record ?? decision;
      if (count === undefined && pct === undefined) return false;
      if (count !== undefined && failures <= count) return true;
      return pct !== undefined && (failures / itemTotal) * 100 <= pct;
    };
    const iterations: Thread[] = [];
    const runItem = async (index: number): Promise<void> => {
      const details = { mapIterationStartedEventDetails: { name: stateName, index } };
      const iteration: Thread = { last: thread.last, silent: thread.silent || distributed };
      iterations.push(iteration);
      this.history.append(iteration, clock.now(), 'MapIterationStarted', details);
      run?.itemStarted(sizeOf(index));
      const r = await this.#runMachine(
        processor,
        items[index] ?? null,
        iteration,
        new VariableScope(vars),
        group.signal,
      );
      const ref = { name: stateName, index };
      if (r.ok) {
        outputs[index] = r.output;
        run?.itemFinished('succeeded', sizeOf(index));
        this.history.append(iteration, clock.now(), 'MapIterationSucceeded', {
          mapIterationSucceededEventDetails: ref,
        });
      } else if (r.aborted) {
        run?.itemFinished('aborted', sizeOf(index));
        this.history.append(iteration, clock.now(), 'MapIterationAborted', {
          mapIterationAbortedEventDetails: ref,
        });
      } else {
        run?.itemFinished('failed', sizeOf(index));
        this.history.append(iteration, clock.now(), 'MapIterationFailed', {
          mapIterationFailedEventDetails: ref,
        });
        failures += sizeOf(index);
        if (!failure && !tolerated()) {
          failure = distributed
            ? {
                error: MAP_ITEM_RESULT_ERROR,
                cause: 'The specified tolerated failure threshold was exceeded',
              }
            : r;
          group.abort(GROUP_FAILED);
        }
      }
      this.#taskAborted(iteration, r, group.signal);
    };
    // Children start in order while fewer than MaxConcurrency run; a map run's MaxConcurrency is
    // live (UpdateMapRun), and a raise starts more at once.
    let next = 0;
    let running = 0;
    /** A bug in a child, rethrown once the others have ended (the execution then fails visibly). */
    let bug: Error | undefined;
    await new Promise<void>((resolve) => {
      const pump = (): void => {
        const limit = run?.record.maxConcurrency ?? decision.maxConcurrency;
        while (next < items.length && !group.signal.aborted && (limit <= 0 || running < limit)) {
          running++;
          const ended = (): void => {
            running--;
            pump();
          };
          runItem(next++).then(ended, (e: unknown) => {
            bug ??= e instanceof Error ? e : new Error(String(e));
            group.abort();
            ended();
          });
        }
        if (running === 0) resolve();
      };
      run?.onUpdate(pump);
      pump();
    });
    if (bug !== undefined) throw bug;
    group.dispose();
    for (const t of iterations) if (t.last > thread.last) thread.last = t.last;
    if (failure) {
      if (distributed) {
        run?.close('FAILED', clock.now());
        this.history.append(thread, clock.now(), 'MapRunFailed', {
          mapRunFailedEventDetails: {
            error: failure.error,
            ...(failure.cause ? { cause: failure.cause } : {}),
          },
        });
      }
      return { ok: false, recorded: false, ...failure };
    }
    run?.close(outer.aborted ? 'ABORTED' : 'SUCCEEDED', clock.now());
    if (distributed) this.history.append(thread, clock.now(), 'MapRunSucceeded');
    return { ok: true, outputs };
  }
}

/**
 * Closes a record as FAILED, TIMED_OUT or ABORTED and gives its closing event's details. An
 * error of '' stands for a Fail state without Error: AWS then reports no error at all.
 */
export function closeUnsuccessfully(
  record: ExecutionRecord,
  status: Exclude<ExecutionStatus, 'RUNNING' | 'SUCCEEDED'>,
  now: number,
  error: string | undefined,
  cause: string | undefined,
): Record<string, string> {
  record.status = status;
  record.stopDate = now;
  const details: Record<string, string> = {};
  if (error) record.error = details['error'] = error;
  if (cause !== undefined) record.cause = details['cause'] = cause;
  return details;
}

/** AWS records assigned variables on StateExited, each value as JSON text. */
function assignedTexts(assigned: JsonObject): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [name, value] of Object.entries(assigned)) texts[name] = JSON.stringify(value);
  return texts;
}

/** States.DataLimitExceeded for variables: one over 256 KiB, or all of them over 10 MiB. */
function variableLimitCause(state: string, exceeded: 'variable' | 'total'): string {
  return exceeded === 'variable'
    ? `The state '${state}' assigned a variable with a size exceeding the maximum number of bytes service limit.`
    : `The state '${state}' assigned variables whose total size exceeds the maximum number of bytes service limit.`;
}

/**
 * The output (and variables) a replayed StateExited recorded, which win over the recomputed
 * ones: they differ only where the state drew a UUID or a random number.
 */
function recordedExit(event: HistoryEvent | undefined, output: string, vars: VariableScope): Json {
  const details = event?.['stateExitedEventDetails'];
  const assigned = details?.['assignedVariables'];
  if (assigned && typeof assigned === 'object' && !Array.isArray(assigned)) {
    const values: JsonObject = {};
    const texts: Record<string, string> = {};
    for (const [k, v] of Object.entries(assigned)) {
      if (typeof v !== 'string') continue;
      values[k] = JSON.parse(v) as Json;
      texts[k] = v;
    }
    vars.assign(values, texts);
  }
  const recorded = details?.['output'];
  return JSON.parse(typeof recorded === 'string' ? recorded : output) as Json;
}
