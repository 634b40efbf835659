import type { Json } from '../json.ts';
import type { Decision, StepEnv } from '../decision.ts';
import type { PassState } from '../definition/state.ts';
import { effectiveInput, stateOutput } from '../io.ts';

export function enterPass(state: PassState, input: Json, env: StepEnv): Decision {
  const effective = effectiveInput(state, input, env);
  const result = state.result !== undefined ? state.result : effective;
  return { kind: 'transition', output: stateOutput(state, input, result, env), next: state.transition };
}
