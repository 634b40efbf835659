import type { Json } from '../json.ts';
import type { Decision, StepEnv } from '../decision.ts';
import type { ChoiceState } from '../definition/state.ts';
import { scopeOf, selectPath } from '../io.ts';

export function enterChoice(state: ChoiceState, input: Json, env: StepEnv): Decision {
  const effective = selectPath(state.inputPath, input, env);
  const next = state.choose(scopeOf(effective, env));
  return { kind: 'transition', output: selectPath(state.outputPath, effective, env), next };
}
