import type { Json, JsonObject } from '../../asl/index.ts';
import type { HistoryEvent } from '../history/event.ts';
import type { VariableScope } from '../variables.ts';

/** AWS records assigned variables on StateExited, each value as JSON text. */
export function assignedTexts(assigned: JsonObject): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [name, value] of Object.entries(assigned)) texts[name] = JSON.stringify(value);
  return texts;
}

/** States.DataLimitExceeded for variables: one over 256 KiB, or all of them over 10 MiB. */
export function variableLimitCause(state: string, exceeded: 'variable' | 'total'): string {
  return exceeded === 'variable'
    ? `The state '${state}' assigned a variable with a size exceeding the maximum number of bytes service limit.`
    : `The state '${state}' assigned variables whose total size exceeds the maximum number of bytes service limit.`;
}

/**
 * The output (and variables) a replayed StateExited recorded, which win over the recomputed
 * ones: they differ only where the state drew a UUID or a random number.
 */
export function recordedExit(event: HistoryEvent | undefined, output: string, vars: VariableScope): Json {
  const details = event?.['stateExitedEventDetails'];
  const assigned = details?.['assignedVariables'];
  if (assigned && typeof assigned === 'object' && !Array.isArray(assigned)) {
    const values: JsonObject = {};
    const texts: Record<string, string> = {};
    for (const [k, v] of Object.entries(assigned)) {
      if (typeof v !== 'string') continue;
      values[k] = JSON.parse(v) as Json;
      texts[k] = v;
    }
    vars.assign(values, texts);
  }
  const recorded = details?.['output'];
  return JSON.parse(typeof recorded === 'string' ? recorded : output) as Json;
}
