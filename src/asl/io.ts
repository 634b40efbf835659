import type { Json } from './json.ts';
import type { PathQuery } from './query/jsonpath/index.ts';
import type { Scope } from './query/scope.ts';
import type { StepEnv } from './decision.ts';
import type { Evaluator, ResultMerger } from './definition/state.ts';
import { AslFailure } from './errors/failure.ts';
import { StatesErrors } from './errors/names.ts';

/**
 * The JSONPath data flow in AWS's order: InputPath → Parameters → (work) → ResultSelector →
 * ResultPath → OutputPath. Each step is a compiled closure; values are shared, never copied.
 */
export function scopeOf(input: Json, env: StepEnv): Scope {
  return { input, context: env.context, variable: env.variable, random: env.random, uuid: env.uuid };
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

/** ResultSelector → ResultPath → OutputPath, from a raw result to the state's output. */
export function stateOutput(
  state: {
    resultSelector?: Evaluator | undefined;
    resultPath: ResultMerger;
    outputPath: PathQuery | null | undefined;
  },
  input: Json,
  result: Json,
  env: StepEnv,
): Json {
  const selected = state.resultSelector ? state.resultSelector(scopeOf(result, env)) : result;
  return selectPath(state.outputPath, state.resultPath(input, selected), env);
}
