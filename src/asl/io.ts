import type { Json, JsonObject } from './json.ts';
import type { PathQuery } from './query/jsonpath/index.ts';
import type { Scope } from './query/scope.ts';
import type { Decision, StepEnv } from './decision.ts';
import type { Evaluator, ResultMerger } from './definition/evaluator.ts';
import type { Transition } from './definition/state.ts';
import { AslFailure } from './errors/failure.ts';
import { StatesErrors } from './errors/names.ts';

/**
 * The JSONPath data flow in AWS's order: InputPath → Parameters → (work) → ResultSelector →
 * ResultPath → OutputPath. Each step is a compiled closure; values are shared, never copied.
 */
export function scopeOf(input: Json, env: StepEnv): Scope {
  return new StepScope(input, env);
}

/**
 * A query's scope over a step's environment. `$$` is read from the environment only when a query
 * reads it: an engine may build it lazily (most states never read it). Its parts are accessors:
 * a spread of it copies `input` alone.
 */
class StepScope implements Scope {
  readonly input: Json;
  private readonly env: StepEnv;
  constructor(input: Json, env: StepEnv) {
    this.input = input;
    this.env = env;
  }
  get context(): Json {
    return this.env.context;
  }
  get variable(): (name: string) => Json | undefined {
    return this.env.variable;
  }
  get random(): () => number {
    return this.env.random;
  }
  get uuid(): () => string {
    return this.env.uuid;
  }
}

/** InputPath / OutputPath: absent keeps the value, null gives `{}`, a path selects. */
export function selectPath(path: PathQuery | null | undefined, value: Json, env: StepEnv): Json {
  if (path === undefined) return value;
  if (path === null) return {};
  const scope = scopeOf(value, env);
  const selected = path.select(scope);
  if (selected === undefined) {
    throw new AslFailure(StatesErrors.Runtime, `Invalid path '${path.source}' : ${path.noResults(scope)}`);
  }
  return selected;
}

/** InputPath then Parameters: the state's effective input. */
export function effectiveInput(
  state: { inputPath: PathQuery | null | undefined; parameters?: Evaluator | undefined },
  input: Json,
  env: StepEnv,
): Json {
  const selected = selectPath(state.inputPath, input, env);
  return state.parameters ? state.parameters(scopeOf(selected, env)) : selected;
}

/**
 * A transition to `next` with `output`, and Assign evaluated against `value` (the state's result,
 * its input, or a Catch's error output). A decision without Assign has no `assigned` key: built
 * as two literals, not by spreading an optional part (a slow path of every state visit).
 */
export function transition(
  output: Json,
  next: Transition,
  assign: Evaluator | undefined,
  value: Json,
  env: StepEnv,
): Extract<Decision, { kind: 'transition' }> {
  return assign
    ? { kind: 'transition', output, next, assigned: assign(scopeOf(value, env)) as JsonObject }
    : { kind: 'transition', output, next };
}

/** Assign evaluated against `value`, or undefined when the state assigns nothing. */
export function assigned(assign: Evaluator | undefined, value: Json, env: StepEnv): JsonObject | undefined {
  return assign ? (assign(scopeOf(value, env)) as JsonObject) : undefined;
}

/** ResultSelector applied to a raw result. */
export function selectResult(
  state: { resultSelector?: Evaluator | undefined },
  result: Json,
  env: StepEnv,
): Json {
  return state.resultSelector ? state.resultSelector(scopeOf(result, env)) : result;
}

/**
 * The end of a state with a result: ResultSelector → ResultPath → OutputPath, and Assign evaluated
 * against the selected result. Every field sees the variables as they were before the state.
 */
export function transitionWith(
  state: {
    resultSelector?: Evaluator | undefined;
    resultPath: ResultMerger;
    outputPath: PathQuery | null | undefined;
    assign: Evaluator | undefined;
    transition: Transition;
  },
  input: Json,
  result: Json,
  env: StepEnv,
): Decision {
  const selected = selectResult(state, result, env);
  const output = selectPath(state.outputPath, state.resultPath(input, selected), env);
  return transition(output, state.transition, state.assign, selected, env);
}
