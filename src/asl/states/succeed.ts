import type { Json } from '../json.ts';
import type { Decision, StepEnv } from '../decision.ts';
import type { SucceedState } from '../definition/state.ts';
import { selectPath } from '../io.ts';

export function enterSucceed(state: SucceedState, input: Json, env: StepEnv): Decision {
  const output = selectPath(state.outputPath, selectPath(state.inputPath, input, env), env);
  return { kind: 'transition', output, next: null };
}
