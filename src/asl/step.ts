import type { Json } from './json.ts';
import type { Decision, MaybePromise, Recovery, StepEnv } from './decision.ts';
import type { MapState, ParallelState, State, TaskState } from './definition/state.ts';
import type { ErrorValue } from './errors/failure.ts';
import { AslFailure } from './errors/failure.ts';
import { errorMatches } from './errors/match.ts';
import { assigned } from './io.ts';
import { stateErrorCause } from './errors/state-cause.ts';
import { retryDelayMs } from './errors/retry-delay.ts';
import { enterChoice } from './states/choice-state.ts';
import { enterFail } from './states/fail.ts';
import { completeMap, enterMap } from './states/map.ts';
import { completeParallel, enterParallel } from './states/parallel.ts';
import { enterPass } from './states/pass.ts';
import { enterSucceed } from './states/succeed.ts';
import { completeTask, enterTask } from './states/task.ts';
import { enterWait } from './states/wait.ts';
import { catchJsonata, completeJsonata, enterJsonata, enterJsonataMap } from './states/jsonata/index.ts';
import { QueryEvaluationFailure } from './query/jsonata/index.ts';
import { assertNever } from './assert-never.ts';

/** A language failure as an `error` decision carrying AWS's state cause; other throws are bugs. */
function failureDecision(state: State, env: StepEnv, e: unknown): Decision {
  if (!(e instanceof AslFailure)) throw e;
  const cause = stateErrorCause(state.name, env.enteredEventId, e.cause);
  if (e instanceof QueryEvaluationFailure) {
    return { kind: 'error', error: e.error, cause, evaluationFailed: { location: e.location } };
  }
  return { kind: 'error', error: e.error, cause };
}

/**
 * Runs `fn` and turns a language failure into an `error` decision carrying AWS's cause,
 * "An error occurred while executing the state 'X' (entered at the event id #N). ...".
 * This is the boundary where thrown AslFailures become values. JSONPath states decide
 * synchronously; JSONata evaluation is asynchronous, so `fn` may return a promise, whose
 * rejection is handled the same way.
 */
function guarded(state: State, env: StepEnv, fn: () => MaybePromise<Decision>): MaybePromise<Decision> {
  try {
    const decision = fn();
    if (decision instanceof Promise) return decision.catch((e: unknown) => failureDecision(state, env, e));
    return decision;
  } catch (e) {
    return failureDecision(state, env, e);
  }
}

/** A decision made at once, or (JSONata) a promise of one whose failure becomes an `error` decision. */
function settled(state: State, env: StepEnv, decision: MaybePromise<Decision>): MaybePromise<Decision> {
  return decision instanceof Promise
    ? decision.catch((e: unknown) => failureDecision(state, env, e))
    : decision;
}

/**
 * The first decision for a visit of `state` with its raw `input`. (As `guarded`, without a
 * closure: this and `afterTask` run at every visit.)
 */
export function enterState(state: State, input: Json, env: StepEnv): MaybePromise<Decision> {
  try {
    const jsonata = state.jsonata;
    return settled(
      state,
      env,
      jsonata ? enterJsonata(state, jsonata, input, env) : enterJsonPath(state, input, env),
    );
  } catch (e) {
    return failureDecision(state, env, e);
  }
}

function enterJsonPath(state: State, input: Json, env: StepEnv): Decision {
  switch (state.type) {
    case 'Pass':
      return enterPass(state, input, env);
    case 'Task':
      return enterTask(state, input, env);
    case 'Choice':
      return enterChoice(state, input, env);
    case 'Wait':
      return enterWait(state, input, env);
    case 'Succeed':
      return enterSucceed(state, input, env);
    case 'Fail':
      return enterFail(state, input, env);
    case 'Parallel':
      return enterParallel(state, input, env);
    case 'Map':
      return enterMap(state, input, env);
    default:
      return assertNever(state);
  }
}

/**
 * A distributed Map's decision over the items its ItemReader read: ItemSelector and ItemBatcher
 * applied to them, as `enterState` applies them to the items of its input.
 */
export function mapItemsRead(
  state: MapState,
  input: Json,
  items: readonly Json[],
  env: StepEnv,
  /** The index of the first of `items` among all the reader's ($$.Map.Item.Index): read in parts. */
  offset = 0,
): MaybePromise<Decision> {
  const jsonata = state.jsonata;
  if (jsonata) return guarded(state, env, () => enterJsonataMap(state, jsonata, input, env, items, offset));
  return guarded(state, env, () => enterMap(state, input, env, items, offset));
}

/** After a Task's resource returned `result`. */
export function afterTask(state: TaskState, input: Json, result: Json, env: StepEnv): MaybePromise<Decision> {
  try {
    const jsonata = state.jsonata;
    return settled(
      state,
      env,
      jsonata ? completeJsonata(state, jsonata, input, result, env) : completeTask(state, input, result, env),
    );
  } catch (e) {
    return failureDecision(state, env, e);
  }
}

/** After every branch of a Parallel state succeeded. */
export function afterParallel(
  state: ParallelState,
  input: Json,
  outputs: readonly Json[],
  env: StepEnv,
): MaybePromise<Decision> {
  const jsonata = state.jsonata;
  if (jsonata)
    return guarded(state, env, () => completeJsonata(state, jsonata, input, outputs as Json[], env));
  return guarded(state, env, () => completeParallel(state, input, outputs, env));
}

/** After the iterations of a Map state finished within tolerance. */
export function afterMap(
  state: MapState,
  input: Json,
  outputs: readonly Json[],
  env: StepEnv,
): MaybePromise<Decision> {
  const jsonata = state.jsonata;
  if (jsonata)
    return guarded(state, env, () => completeJsonata(state, jsonata, input, outputs as Json[], env));
  return guarded(state, env, () => completeMap(state, input, outputs, env));
}

/**
 * The index of the first retrier or catcher whose ErrorEquals matches `error`, or -1. A loop, not
 * `findIndex` with a closure: that made a function per error routed, which ran unoptimized.
 */
function firstMatching(
  rules: readonly { readonly errorEquals: readonly string[] }[],
  error: ErrorValue,
): number {
  for (let i = 0; i < rules.length; i++) {
    if (errorMatches(rules[i]!.errorEquals, error.error, error.heartbeat)) return i;
  }
  return -1;
}

/**
 * Routes an error of a Task, Parallel or Map state through its Retry then Catch fields.
 * `attempts[i]` is how many times retrier i has already retried during this visit.
 */
export function recover(
  state: State,
  input: Json,
  error: ErrorValue,
  attempts: readonly number[],
  env: StepEnv,
): MaybePromise<Recovery> {
  if (state.type !== 'Task' && state.type !== 'Parallel' && state.type !== 'Map') return { kind: 'fail' };
  // The first retrier whose ErrorEquals matches decides; an exhausted one falls to Catch
  // (States Language spec, "Retrying after error").
  const index = firstMatching(state.retry, error);
  const retrier = index >= 0 ? state.retry[index] : undefined;
  if (retrier) {
    const done = attempts[index] ?? 0;
    if (done < retrier.maxAttempts) {
      return { kind: 'retry', retrier: index, delayMs: retryDelayMs(retrier, done, env.random) };
    }
  }
  const at = firstMatching(state.catch, error);
  const catcher = state.catch[at];
  if (!catcher) return { kind: 'fail' };
  const errorOutput: Json =
    error.cause === undefined ? { Error: error.error } : { Error: error.error, Cause: error.cause };
  if (state.jsonata) {
    // A catcher whose Output or Assign fails leaves the original error to fail the state.
    return catchJsonata(state.jsonata.catchers[at], catcher.next, input, errorOutput, env).catch(
      (e: unknown): Recovery => {
        if (e instanceof AslFailure) return { kind: 'fail' };
        throw e;
      },
    );
  }
  try {
    const output = catcher.resultPath(input, errorOutput);
    const assigns = assigned(catcher.assign, errorOutput, env);
    const next = catcher.next;
    return assigns ? { kind: 'catch', next, output, assigned: assigns } : { kind: 'catch', next, output };
  } catch (e) {
    if (e instanceof AslFailure) return { kind: 'fail' };
    throw e;
  }
}
