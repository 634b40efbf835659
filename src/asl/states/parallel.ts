import type { Json } from '../json.ts';
import type { Decision, StepEnv } from '../decision.ts';
import type { ParallelState } from '../definition/state.ts';
import { effectiveInput, transitionWith } from '../io.ts';

export function enterParallel(state: ParallelState, input: Json, env: StepEnv): Decision {
  return { kind: 'parallel', input: effectiveInput(state, input, env) };
}

/** `outputs` are the branch outputs in branch order. */
export function completeParallel(
  state: ParallelState,
  input: Json,
  outputs: readonly Json[],
  env: StepEnv,
): Decision {
  return transitionWith(state, input, outputs as Json[], env);
}
