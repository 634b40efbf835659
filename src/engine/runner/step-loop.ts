import type { Decision, ErrorValue, Json, JsonObject, Recovery, State, StepEnv } from '../../asl/index.ts';
import { afterMap, afterParallel, afterTask, enterState, recover } from '../../asl/index.ts';
import type { TaskResult } from '../../integrations/index.ts';
import type { Pacer } from './pacer.ts';

/**
 * The visit under way, as a value: the state, its effective input and context, the retries so
 * far and the decision the driver acts on next. One visit record serves a whole thread (the
 * top level, a branch, an iteration): entering the next state overwrites it.
 */
export interface Visit {
  state: State;
  input: Json;
  env: StepEnv;
  decision: Decision;
  /** Retries so far per retrier (ErrorEquals match order). */
  attempts: number[];
  retryCount: number;
  /** Set when a Parallel/Map run failed: AWS records <Type>StateFailed unless it retries. */
  failedEvent: string | undefined;
}

type Work = Extract<Decision, { kind: 'task' | 'parallel' | 'map' }>;
type Of<K extends Decision['kind']> = Extract<Decision, { kind: K }>;

/** The outcome of a Parallel's branches or a Map's iterations. */
export type FanOutResult =
  | { readonly ok: true; readonly outputs: Json[] }
  /** A Map whose ResultWriter shaped or exported its results: the state's result as a whole. */
  | { readonly ok: true; readonly output: Json }
  | ({ readonly ok: false; readonly recorded?: boolean } & ErrorValue);

/**
 * What a runner does with each decision of the pure step function (DESIGN.md decision 1): an
 * execution records history and performs commands; TestState reports the first outcome. Each
 * returns `R` to end the run, or nothing to let the driver go on.
 */
export interface StepCommands<R, V extends Visit = Visit> {
  /**
   * The pauses of runs of states that never wait on the world (runner/pacer.ts): the loop counts
   * the states it enters down and, at zero, asks `pace` for the pause due, if any.
   */
  readonly pacer: Pacer;
  /** The pause to wait for before entering the next state, if one is due. */
  pace(): Promise<void> | undefined;
  /** Enters state `name` (recording it), filling `visit`; `R` when the run cannot go there. */
  enter(visit: V, name: string): R | undefined;
  /** `R` when the thread was stopped (a failed sibling, a stop, a shutdown). */
  interrupted(visit: V): R | undefined;
  /** The next state's name, `R` at the end, or nothing with `visit.decision` replaced (an error). */
  exit(visit: V, decision: Of<'transition'>): string | R | undefined;
  fail(visit: V, decision: Of<'fail'>): R;
  /** An error is about to be routed through Retry/Catch. */
  failing(visit: V, decision: Of<'error'>): void;
  /** A retry: `R` ends the run; a promise is the interval to sleep before entering again. */
  retry(
    visit: V,
    decision: Of<'error'>,
    retry: Extract<Recovery, { kind: 'retry' }>,
  ): R | Promise<void> | undefined;
  /** The context of the next attempt of the state. */
  reenter(visit: V): StepEnv;
  caught(visit: V, decision: Of<'error'>, caught: Extract<Recovery, { kind: 'catch' }>): R | undefined;
  uncaught(visit: V, decision: Of<'error'>): R;
  /** The sleep of a Wait state, if it sleeps at all. */
  wait(visit: V, decision: Of<'wait'>): Promise<void> | undefined;
  task(visit: V, decision: Of<'task'>): Promise<TaskResult>;
  /** The task's promise rejected: the result that stands for it, or a throw that ends the run. */
  taskRejected(error: unknown): TaskResult;
  /** The task's answer (or `taskRejected`'s) as the runner records it, in the turn it came. */
  taskAnswered(visit: V, result: TaskResult): TaskResult;
  parallel(visit: V, decision: Of<'parallel'>): Promise<FanOutResult>;
  map(visit: V, decision: Of<'map'>): Promise<FanOutResult>;
  /** A Map's iterations all ended well, before its state completes. */
  mapped(visit: V): void;
}

/**
 * The one step loop (shared by executions and TestState): enters states, acts on each decision
 * through `commands`, and routes errors through Retry and Catch. It awaits only promises, so a
 * run of synchronous steps (JSONPath Pass and Choice states) takes no turn of the event loop, and
 * concurrent branches interleave as they always have (their histories depend on it).
 */
export async function runSteps<R, V extends Visit>(
  commands: StepCommands<R, V>,
  visit: V,
  start: string,
): Promise<R> {
  let next: string | undefined = start;
  const pacer = commands.pacer;
  for (;;) {
    if (next !== undefined) {
      if (--pacer.untilCheck === 0) {
        const pause = commands.pace();
        if (pause !== undefined) await pause;
      }
      const refused = commands.enter(visit, next);
      if (refused !== undefined) return refused;
      next = undefined;
      const entered = enterState(visit.state, visit.input, visit.env);
      visit.decision = entered instanceof Promise ? await entered : entered;
    }
    const stopped = commands.interrupted(visit);
    if (stopped !== undefined) return stopped;
    const decision = visit.decision;
    switch (decision.kind) {
      case 'transition': {
        const exited = commands.exit(visit, decision);
        if (typeof exited === 'string') next = exited;
        else if (exited !== undefined) return exited;
        break;
      }
      case 'fail':
        return commands.fail(visit, decision);
      case 'error': {
        commands.failing(visit, decision);
        const routed = recover(visit.state, visit.input, decision, visit.attempts, visit.env);
        const recovery = routed instanceof Promise ? await routed : routed;
        if (recovery.kind === 'retry') {
          const retried = commands.retry(visit, decision, recovery);
          if (retried instanceof Promise) await retried;
          else if (retried !== undefined) return retried;
          const stop = commands.interrupted(visit);
          if (stop !== undefined) return stop;
          visit.env = commands.reenter(visit);
          const again = enterState(visit.state, visit.input, visit.env);
          visit.decision = again instanceof Promise ? await again : again;
        } else if (recovery.kind === 'catch') {
          const caught = commands.caught(visit, decision, recovery);
          if (caught !== undefined) return caught;
          visit.decision = transitionTo(recovery.next, recovery.output, recovery.assigned);
        } else {
          return commands.uncaught(visit, decision);
        }
        break;
      }
      case 'wait': {
        const sleep = commands.wait(visit, decision);
        if (sleep) await sleep;
        const stop = commands.interrupted(visit);
        if (stop !== undefined) return stop;
        visit.decision = transitionTo(decision.next, decision.output, decision.assigned);
        break;
      }
      case 'task':
      case 'parallel':
      case 'map': {
        let result: TaskResult | FanOutResult;
        try {
          result = await perform(commands, visit, decision);
        } catch (e) {
          if (decision.kind !== 'task') throw e;
          result = commands.taskRejected(e);
        }
        if (decision.kind === 'task') result = commands.taskAnswered(visit, result as TaskResult);
        const stop = commands.interrupted(visit);
        if (stop !== undefined) return stop;
        if (result.ok) {
          if (decision.kind === 'map') commands.mapped(visit);
          const after = complete(visit, 'output' in result ? result.output : result.outputs);
          visit.decision = after instanceof Promise ? await after : after;
        } else {
          visit.failedEvent = failedEventOf(visit.state, result);
          visit.decision = failure(result);
        }
        break;
      }
      default: {
        const unknown: never = decision;
        throw new Error(`unknown decision ${JSON.stringify(unknown)}`);
      }
    }
  }
}

/** Goes on to `next` (a Catch's target, a Wait's Next) with `output`. */
function transitionTo(next: string | null, output: Json, assigned: JsonObject | undefined): Decision {
  return { kind: 'transition', output, next, assigned };
}

/** The error a failed work routes through Retry/Catch (a missed heartbeat stays one). */
function failure(result: Extract<TaskResult | FanOutResult, { ok: false }>): Decision {
  return result.heartbeat
    ? { kind: 'error', error: result.error, cause: result.cause, heartbeat: true }
    : { kind: 'error', error: result.error, cause: result.cause };
}

function perform<R, V extends Visit>(
  commands: StepCommands<R, V>,
  visit: V,
  work: Work,
): Promise<TaskResult | FanOutResult> {
  const type = visit.state.type;
  switch (work.kind) {
    case 'task':
      if (type !== 'Task') break;
      return commands.task(visit, work);
    case 'parallel':
      if (type !== 'Parallel') break;
      return commands.parallel(visit, work);
    case 'map':
      if (type !== 'Map') break;
      return commands.map(visit, work);
  }
  throw new Error(`decision ${work.kind} does not fit state type ${type}`);
}

/** The work ended well: the state completes with its result (ResultSelector, ResultPath, …). */
function complete(visit: Visit, result: Json | Json[]): Decision | Promise<Decision> {
  const { state, input, env } = visit;
  switch (state.type) {
    case 'Task':
      return afterTask(state, input, result, env);
    case 'Parallel':
      return afterParallel(state, input, result as Json[], env);
    case 'Map':
      return afterMap(state, input, result as Json[], env);
    default:
      throw new Error(`no work to complete for a ${state.type} state`);
  }
}

/**
 * AWS records <Type>StateFailed when a Parallel or Map fails (unless it retries); a Map whose
 * run recorded its failure already (MapStateStarted with a reader error) records none.
 */
function failedEventOf(
  state: State,
  result: Extract<TaskResult | FanOutResult, { ok: false }>,
): string | undefined {
  if (state.type === 'Parallel') return 'ParallelStateFailed';
  if (state.type === 'Map') return 'recorded' in result && result.recorded ? undefined : 'MapStateFailed';
  return undefined;
}
