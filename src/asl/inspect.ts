import type { Json } from './json.ts';
import type { StepEnv } from './decision.ts';
import type { State } from './definition/state.ts';
import { AslFailure } from './errors/failure.ts';
import { scopeOf, selectPath, selectResult } from './io.ts';

/**
 * TestState's DEBUG view of a JSONPath state's data flow (API reference, InspectionData): the
 * value after each stage, computed with the same pipeline pieces the step functions run. A stage
 * that fails ends the view there; the step itself reports the error. JSONata states have no
 * JSONPath stages.
 */
export interface Inspection {
  afterInputPath?: Json;
  afterParameters?: Json;
  result?: Json;
  afterResultSelector?: Json;
  afterResultPath?: Json;
}

export function inspectDataFlow(
  state: State,
  input: Json,
  result: Json | undefined,
  env: StepEnv,
): Inspection {
  const out: Inspection = {};
  if (state.jsonata) return out;
  try {
    out.afterInputPath = selectPath(state.inputPath, input, env);
    const parameters = 'parameters' in state ? state.parameters : undefined;
    out.afterParameters = parameters ? parameters(scopeOf(out.afterInputPath, env)) : out.afterInputPath;
    if (!('resultPath' in state)) return out;
    const raw = state.type === 'Pass' ? (state.result ?? out.afterParameters) : result;
    if (raw === undefined) return out;
    out.result = raw;
    out.afterResultSelector = state.type === 'Pass' ? raw : selectResult(state, raw, env);
    out.afterResultPath = state.resultPath(input, out.afterResultSelector);
  } catch (e) {
    if (!(e instanceof AslFailure)) throw e;
  }
  return out;
}
