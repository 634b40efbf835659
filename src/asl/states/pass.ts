import type { Json } from '../json.ts';
import type { Decision, StepEnv } from '../decision.ts';
import type { PassState } from '../definition/state.ts';
import { effectiveInput, transitionWith } from '../io.ts';

export function enterPass(state: PassState, input: Json, env: StepEnv): Decision {
  const effective = effectiveInput(state, input, env);
  return transitionWith(state, input, state.result !== undefined ? state.result : effective, env);
}
