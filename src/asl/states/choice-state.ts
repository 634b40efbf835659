import type { Json } from '../json.ts';
import type { Decision, StepEnv } from '../decision.ts';
import type { ChoiceState } from '../definition/state.ts';
import { scopeOf, selectPath, transition } from '../io.ts';

export function enterChoice(state: ChoiceState, input: Json, env: StepEnv): Decision {
  const effective = selectPath(state.inputPath, input, env);
  const rule = state.match(scopeOf(effective, env));
  const chosen = rule < 0 ? undefined : state.choices[rule];
  // A matching rule's Assign replaces the state's own, which applies on the Default.
  const output = selectPath(state.outputPath, effective, env);
  const next = chosen ? chosen.next : (state.defaultNext ?? null);
  return transition(output, next, chosen ? chosen.assign : state.assign, effective, env);
}
