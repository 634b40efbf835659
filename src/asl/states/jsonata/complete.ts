import type { Json } from '../../json.ts';
import type { Decision, Recovery, StepEnv } from '../../decision.ts';
import type { JsonataCatcher, JsonataFields } from '../../definition/jsonata-fields.ts';
import type { MapState, ParallelState, TaskState } from '../../definition/state.ts';
import { fieldValue, jsonataAssignment, jsonataScope } from './jsonata-io.ts';

/**
 * The end of a JSONata Task, Parallel or Map: Output (default `$states.result`) and Assign, both
 * seeing `$states.input` and `$states.result`, and the variables from before the state.
 */
export async function completeJsonata(
  state: TaskState | ParallelState | MapState,
  fields: JsonataFields,
  input: Json,
  result: Json,
  env: StepEnv,
): Promise<Decision> {
  const scope = jsonataScope(env, input, { result });
  return {
    kind: 'transition',
    output: await fieldValue(fields.output, scope, result),
    next: state.transition,
    ...(await jsonataAssignment(fields.assign, scope)),
  };
}

/** A JSONata catcher: Output (default `$states.errorOutput`) and Assign see the error output. */
export async function catchJsonata(
  catcher: JsonataCatcher | undefined,
  next: string,
  input: Json,
  errorOutput: Json,
  env: StepEnv,
): Promise<Recovery> {
  const scope = jsonataScope(env, input, { errorOutput });
  return {
    kind: 'catch',
    next,
    output: await fieldValue(catcher?.output, scope, errorOutput),
    ...(await jsonataAssignment(catcher?.assign, scope)),
  };
}
