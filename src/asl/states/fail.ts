import type { Json } from '../json.ts';
import type { Decision, StepEnv } from '../decision.ts';
import type { DynamicValue, FailState } from '../definition/state.ts';
import { AslFailure } from '../errors/failure.ts';
import { StatesErrors } from '../errors/names.ts';
import { scopeOf } from '../io.ts';

function resolve(
  field: 'Error' | 'Cause',
  value: string | DynamicValue | undefined,
  input: Json,
  env: StepEnv,
): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  const selected = value.select(scopeOf(input, env));
  if (typeof selected !== 'string') {
    // AWS requires ErrorPath/CausePath to select a string.
    throw new AslFailure(
      StatesErrors.Runtime,
      `The ${field}Path field must reference a string value: ${value.source} == ${JSON.stringify(selected ?? null)}`,
    );
  }
  return selected;
}

export function enterFail(state: FailState, input: Json, env: StepEnv): Decision {
  return {
    kind: 'fail',
    error: resolve('Error', state.error, input, env),
    cause: resolve('Cause', state.cause, input, env),
  };
}
