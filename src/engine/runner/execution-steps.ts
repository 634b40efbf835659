import type { Decision, Json, Machine, Recovery, State, StepEnv } from '../../asl/index.ts';
import { StatesErrors, mapItemsRead, scopeOf } from '../../asl/index.ts';
import type { TaskResult, TaskRunner } from '../../integrations/index.ts';
import { NOT_TRUNCATED } from '../history/event.ts';
import type { Payload } from '../history/payloads.ts';
import type { Thread } from '../history/thread.ts';
import type { ValuesEntry } from '../history/packed-history.ts';
import { payloadTooLarge, surelyFits } from '../limits.ts';
import type { VariableScope } from '../variables.ts';
import { type FanOutHost, runParallel } from './fan-out.ts';
import { runMap } from './run-map.ts';
import { ABORTED, ABORTED_IN_TASK, type Outcome } from './outcome.ts';
import { runTask, type TaskAnswer, type TaskHost, taskFailed } from './run-task.ts';
import type { ExecutionScope } from './visit-env.ts';
import { VisitEnv } from './visit-env.ts';
import type { Pacer } from './pacer.ts';
import type { FanOutResult, StepCommands, Visit } from './step-loop.ts';
import { runSteps } from './step-loop.ts';
import { assignedTexts, recordedExit, variableLimitCause } from './state-exit.ts';
import type { ForkEdit } from './fork-edit.ts';
import { applyForkEdit } from './fork-edit.ts';
import { keepShape } from '../kept-shapes.ts';

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

/** A visit's details, copied rather than built by literals, which V8 pretenures (event-makers.ts). */
const ENTERED_DETAILS = { name: '', input: '' as Payload, inputDetails: NOT_TRUNCATED };
const EXITED_DETAILS = { name: '', output: '' as Payload, outputDetails: NOT_TRUNCATED };

/** A state's entry and exit events, as History.appendValues writes them. */
const ENTRY: ValuesEntry = {
  member: 'stateEnteredEventDetails',
  details(name, input) {
    const details = { ...ENTERED_DETAILS };
    details.name = name;
    details.input = input;
    return details;
  },
};
const EXIT: ValuesEntry = {
  member: 'stateExitedEventDetails',
  details(name, output) {
    const details = { ...EXITED_DETAILS };
    details.name = name;
    details.output = output;
    return details;
  },
};

/**
 * States whose `$$.State.EnteredTime` can only be read in the turn that enters them, in a silent
 * thread (whose entries record no time): states that decide at once and never retry nor wait, and
 * tasks that read no `$$` after they answer (TaskState.contextAfterTask). JSONPath only: JSONata
 * evaluation may await.
 */
function timesLazily(state: State): boolean {
  if (state.jsonata !== undefined) return false;
  switch (state.type) {
    case 'Pass':
    case 'Choice':
    case 'Succeed':
    case 'Fail':
      return true;
    case 'Task':
      return !state.contextAfterTask;
    default:
      return false;
  }
}

/** A visit of an execution's thread: where its events go, its variables and its stop signal. */
interface ThreadVisit extends Visit {
  readonly machine: Machine;
  readonly thread: Thread;
  readonly vars: VariableScope;
  /** The branch group's signal; undefined: the execution's own (the top level). */
  readonly signal: AbortSignal | undefined;
  enteredId: number;
  /** Undefined until read for a visit that reads the clock lazily (see `enter`). */
  enteredTime: number | undefined;
  /** When the previous state exited: the next one is entered in the same step, at that time. */
  exitedAt: number | undefined;
  /** What the visit ends with when stopped (in a Task, the Task is aborted with it). */
  aborted: Outcome;
  /** The recorded task whose answer the step loop awaits (runTask's AnswerSlot). */
  answering: TaskAnswer | undefined;
}

/** What an execution lends its runner: its history, time, work and the sleeps it may park on. */
export interface ExecutionHost extends FanOutHost, ExecutionScope, TaskHost {
  readonly tasks: TaskRunner;
  readonly payloadLimitBytes: number;
  /** The execution's JSON text of a value (reused across events). */
  readonly json: (value: Json) => string;
  /** Whether the thread under `signal` (undefined: the execution's own) must stop. */
  aborted(signal: AbortSignal | undefined): boolean;
  /** The execution's own signal. */
  signal(): AbortSignal;
  /**
   * The execution waits on the world: the TimeoutSeconds timer must run (given `reachedBy`, only
   * if its deadline is no later).
   */
  armDeadline(reachedBy?: number): void;
  /** The engine's pauses of runs of states that never wait. */
  readonly pacer: Pacer;
  /** Runs `work` with the calling thread counted as inactive (it only waits for its children). */
  joining<T>(work: () => Promise<T>): Promise<T>;
  /** A thread (the top level, a branch, an iteration) starts, or ends (the execution may park). */
  threadStarted(): void;
  threadEnded(): void;
  /** A fork's edited input or variables (executions/fork.ts); undefined for other executions. */
  readonly forkEdit: ForkEdit | undefined;
}

type Of<K extends Decision['kind']> = Extract<Decision, { kind: K }>;

/** The latest visit environment and query scope (as kept-shapes.ts keeps, without its lookup). */
const KEPT: { env: StepEnv | undefined; scope: object | undefined } = { env: undefined, scope: undefined };

/** The retries of a visit that has not retried (never written: `retry` makes a list of its own). */
const NO_ATTEMPTS = Object.freeze([]) as unknown as number[];

/**
 * An execution's answers to the step loop: each visit recorded as AWS's history events, each
 * command (task, timer, fan-out) performed.
 */
export class ExecutionSteps implements StepCommands<Outcome, ThreadVisit> {
  private readonly host: ExecutionHost;
  readonly pacer: Pacer;

  constructor(host: ExecutionHost) {
    this.host = host;
    this.pacer = host.pacer;
  }

  /**
   * The pause due, if any. An execution arms its TimeoutSeconds timer only once it waits on the
   * world (execution-timers.ts), so one that held the loop past it arms it now: the timer fires
   * while the run waits, and an endless run ends TIMED_OUT.
   */
  pace(): Promise<void> | undefined {
    const pausing = this.pacer.due();
    if (pausing !== undefined) this.host.armDeadline(this.pacer.pausedAt);
    return pausing;
  }

  /** Runs a machine, a branch or an iteration from its StartAt to its end. */
  run(
    machine: Machine,
    input: Json,
    thread: Thread,
    vars: VariableScope,
    signal?: AbortSignal,
  ): Promise<Outcome> {
    const visit: ThreadVisit = {
      machine,
      thread,
      vars,
      signal,
      // Filled when the first state is entered.
      state: undefined as unknown as State,
      env: undefined as unknown as StepEnv,
      decision: undefined as unknown as Decision,
      input,
      attempts: NO_ATTEMPTS,
      retryCount: 0,
      failedEvent: undefined,
      enteredId: 0,
      enteredTime: 0,
      exitedAt: undefined,
      aborted: ABORTED,
      answering: undefined,
    };
    // The top level keeps the classes (its branches' and iterations' objects have the same).
    const top = signal === undefined;
    if (top) keepShape(vars);
    this.host.threadStarted();
    const steps = runSteps(this, visit, machine.startAt);
    // A branch or iteration waits for its steps holding nothing of its visit: a Map's iterations
    // all start before the first ends (map-fanout: 10,000), and what each holds outlives a GC.
    // Not an async function: its frame (a register file and a promise) for every thread, where a
    // `then` reaches the caller in as many microtask turns.
    if (!top) return steps.then(this.branchEnded, this.branchFailed);
    return steps.then(
      (outcome) => (this.topEnded(visit), outcome),
      (e: unknown) => {
        this.topEnded(visit);
        throw e;
      },
    );
  }

  private readonly branchEnded = (outcome: Outcome): Outcome => (this.host.threadEnded(), outcome);
  private readonly branchFailed = (e: unknown): never => {
    this.host.threadEnded();
    throw e;
  };

  /** The top level's steps ended. */
  private topEnded(visit: ThreadVisit): void {
    this.host.threadEnded();
    // A visit's environment and a query's scope are made anew at every visit: the latest of
    // each keeps their classes known to V8 between executions (kept-shapes.ts). Without them,
    // every full GC deoptimized the step loop (Express pass-chain at 0.7x, measured).
    const env = visit.env;
    if (env !== undefined && KEPT.env !== env) {
      KEPT.env = env;
      KEPT.scope = scopeOf(visit.input, env);
    }
  }

  enter(visit: ThreadVisit, name: string): Outcome | undefined {
    const host = this.host;
    if (host.aborted(visit.signal)) return ABORTED;
    const state = visit.machine.states.get(name);
    if (!state) return { ok: false, error: StatesErrors.Runtime, cause: `State '${name}' does not exist.` };
    visit.aborted = state.type === 'Task' ? ABORTED_IN_TASK : ABORTED;
    if (host.forkEdit !== undefined) applyForkEdit(host.forkEdit, visit, name);
    const history = host.history;
    const thread = visit.thread;
    // A silent thread's state that times lazily reads the clock only if it reads
    // `$$.State.EnteredTime`, which it can only do in the turn it is entered, so a later read within
    // it tells the same time. Any other visit reads it as it enters.
    const exitedAt = visit.exitedAt;
    visit.exitedAt = undefined;
    const now = exitedAt ?? (thread.silent && timesLazily(state) ? undefined : host.clock.now());
    let enteredId = thread.last;
    let enteredTime = now;
    // A silent thread (Express, a distributed Map's child in its parent) records nothing: its
    // events' details are not even built.
    if (!thread.silent) {
      const replaying = history.replaying;
      const input = host.payload(visit.input);
      enteredId = history.appendValues(thread, now!, ENTERED[state.type], ENTRY, name, input);
      // A replayed visit keeps its recorded time (Wait deadlines, $$.State.EnteredTime); else it
      // is `now`, not read back (a load from events of many shapes is slow).
      if (replaying) enteredTime = history.latest?.timestamp ?? now;
      // A state entered is a transition (AWS bills it), unless its event was replayed.
      if (history.fresh(enteredId)) history.transitions++;
    }
    visit.state = state;
    visit.enteredId = enteredId;
    visit.enteredTime = enteredTime;
    visit.retryCount = 0;
    // Most visits never retry: they share one empty list until their first retry.
    visit.attempts = NO_ATTEMPTS;
    visit.failedEvent = undefined;
    visit.env = new VisitEnv(host, state, visit.vars, enteredId, enteredTime, 0);
    return undefined;
  }

  interrupted(visit: ThreadVisit): Outcome | undefined {
    return this.host.aborted(visit.signal) ? visit.aborted : undefined;
  }

  exit(visit: ThreadVisit, decision: Of<'transition'>): string | Outcome | undefined {
    const host = this.host;
    const name = visit.state.name;
    // A silent thread needs the output's text only to measure it, and usually not even that; a
    // history that records payloads as values needs it only when the value may be too large.
    const measured =
      (visit.thread.silent || host.history.valued) &&
      !host.history.replaying &&
      surelyFits(decision.output, host.payloadLimitBytes);
    const text = measured ? undefined : host.json(decision.output);
    if (text !== undefined && payloadTooLarge(text, host.payloadLimitBytes)) {
      visit.decision = {
        kind: 'error',
        error: StatesErrors.DataLimitExceeded,
        cause: `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
      };
      return undefined;
    }
    const assigned = decision.assigned;
    const texts = assigned && assignedTexts(assigned);
    if (assigned && texts) {
      const exceeded = visit.vars.assign(assigned, texts);
      if (exceeded) {
        visit.decision = {
          kind: 'error',
          error: StatesErrors.DataLimitExceeded,
          cause: variableLimitCause(name, exceeded),
        };
        return undefined;
      }
    }
    const history = host.history;
    if (visit.thread.silent) {
      // As below, where a silent append leaves no recorded exit to adopt. Its time is not read:
      // the next state reads the clock when it enters (or when it reads its EnteredTime).
      const value = text !== undefined && history.replaying ? (JSON.parse(text) as Json) : decision.output;
      if (decision.next === null) return { ok: true, output: value };
      visit.input = value;
      return decision.next;
    }
    // A Task exits in the turn its answer was recorded (taskAnswered): at the time of that event,
    // not read again (unless something was written since, or it was replayed: its time is then
    // the recorded one).
    const at =
      (visit.state.type === 'Task' ? history.lastWrittenAt(visit.thread) : undefined) ?? host.clock.now();
    const replaying = history.replaying;
    const output: Payload = text ?? host.payload(decision.output);
    const type = EXITED[visit.state.type];
    if (texts) {
      history.appendWith(visit.thread, at, type, 'stateExitedEventDetails', {
        name,
        output,
        outputDetails: NOT_TRUNCATED,
        assignedVariables: texts,
        assignedVariablesDetails: NOT_TRUNCATED,
      });
    } else history.appendValues(visit.thread, at, type, EXIT, name, output);
    // A replayed exit keeps what was recorded (a UUID or random number is not drawn again).
    const exited =
      replaying && text !== undefined ? recordedExit(history.latest, text, visit.vars) : decision.output;
    if (decision.next === null) return { ok: true, output: exited };
    visit.input = exited;
    visit.exitedAt = at;
    return decision.next;
  }

  fail(_visit: ThreadVisit, decision: Of<'fail'>): Outcome {
    // A Fail state without Error has no error name; '' stands for it until the execution closes.
    return { ok: false, error: decision.error ?? '', cause: decision.cause };
  }

  failing(visit: ThreadVisit, decision: Of<'error'>): void {
    if (!decision.evaluationFailed) return;
    // A JSONata state records where its evaluation failed (history recorded on AWS:
    // MapStateEntered, EvaluationFailed, MapStateFailed for a Map whose Items is no array).
    const { location } = decision.evaluationFailed;
    const state = visit.state;
    this.host.history.append(visit.thread, this.host.clock.now(), 'EvaluationFailed', {
      evaluationFailedEventDetails: {
        error: decision.error,
        ...(decision.cause === undefined ? {} : { cause: decision.cause }),
        ...(location === undefined ? {} : { location }),
        state: state.name,
      },
    });
    if (state.type === 'Map' || state.type === 'Parallel') visit.failedEvent = `${state.type}StateFailed`;
  }

  retry(
    visit: ThreadVisit,
    _d: Of<'error'>,
    retry: Extract<Recovery, { kind: 'retry' }>,
  ): Promise<void> | undefined {
    if (visit.attempts === NO_ATTEMPTS) visit.attempts = [];
    visit.attempts[retry.retrier] = (visit.attempts[retry.retrier] ?? 0) + 1;
    visit.retryCount++;
    visit.failedEvent = undefined;
    // A replayed retry whose next attempt is recorded does not wait again; one that resumes
    // waits what is left after its recorded failure.
    const host = this.host;
    const thread = visit.thread;
    if (retry.delayMs <= 0 || host.history.recordedNext(thread).length > 0) return undefined;
    const failedAt = thread.silent ? undefined : host.history.timeOf(thread.last);
    const fireAt = (failedAt ?? host.clock.now()) + retry.delayMs;
    return host.timer({ kind: 'RetryInterval', fireAt, signal: visit.signal ?? host.signal() });
  }

  reenter(visit: ThreadVisit): StepEnv {
    // A retry is a state transition (AWS bills it), unless its attempt was recorded (replayed).
    const { history } = this.host;
    if (!visit.thread.silent && history.recordedNext(visit.thread).length === 0) history.transitions++;
    return new VisitEnv(
      this.host,
      visit.state,
      visit.vars,
      visit.enteredId,
      visit.enteredTime,
      visit.retryCount,
    );
  }

  caught(visit: ThreadVisit): undefined {
    this.recordFailed(visit);
    return undefined;
  }

  uncaught(visit: ThreadVisit, decision: Of<'error'>): Outcome {
    this.recordFailed(visit);
    return { ok: false, error: decision.error, cause: decision.cause, inTask: visit.state.type === 'Task' };
  }

  private recordFailed(visit: ThreadVisit): void {
    if (visit.failedEvent) this.host.history.append(visit.thread, this.host.clock.now(), visit.failedEvent);
  }

  wait(visit: ThreadVisit, decision: Of<'wait'>): Promise<void> | undefined {
    const host = this.host;
    if (host.history.recordedNext(visit.thread).length > 0) return undefined;
    return host.timer({ kind: 'Wait', fireAt: decision.until, signal: visit.signal ?? host.signal() });
  }

  task(visit: ThreadVisit, decision: Of<'task'>): Promise<TaskResult> {
    const host = this.host;
    const state = visit.state;
    if (state.type !== 'Task') throw new Error(`a task decision for a ${state.type} state`);
    host.armDeadline();
    return runTask(host, visit.thread, decision, state.task, visit.env, visit.signal ?? host.signal(), visit);
  }

  /** A task answers with its integration's own promise (runTask): a rejection is States.TaskFailed. */
  taskRejected(error: unknown): TaskResult {
    return taskFailed(error);
  }

  /** A recorded task's end is written when the step loop has its answer (runTask's AnswerSlot). */
  taskAnswered(visit: ThreadVisit, result: TaskResult): TaskResult {
    const answer = visit.answering;
    if (answer === undefined) return result;
    visit.answering = undefined;
    return answer.answered(result);
  }

  parallel(visit: ThreadVisit, decision: Of<'parallel'>): Promise<FanOutResult> {
    const host = this.host;
    const state = visit.state;
    if (state.type !== 'Parallel') throw new Error(`a parallel decision for a ${state.type} state`);
    const input = decision.input;
    return host.joining(() =>
      runParallel(host, state.branches, input, visit.thread, visit.vars, visit.signal ?? host.signal()),
    );
  }

  map(visit: ThreadVisit, decision: Of<'map'>): Promise<FanOutResult> {
    const host = this.host;
    const state = visit.state;
    if (state.type !== 'Map') throw new Error(`a map decision for a ${state.type} state`);
    const map = (): Promise<FanOutResult> =>
      runMap(
        host,
        // AWS-recorded (LocalStack's test_map_state_result_writer): the run is named by Label.
        (state.mode === 'DISTRIBUTED' && state.label) || state.name,
        state.processor,
        state.mode,
        decision,
        visit.thread,
        visit.vars,
        visit.signal ?? host.signal(),
        (items, offset) => mapItemsRead(state, visit.input, items, visit.env, offset),
      );
    // A distributed Map run lives in memory (the Map Run API): it is not parked.
    return state.mode === 'DISTRIBUTED' ? map() : host.joining(map);
  }

  mapped(visit: ThreadVisit): void {
    this.host.history.append(visit.thread, this.host.clock.now(), 'MapStateSucceeded');
  }
}
