import type { Json } from '../json.ts';
import type { Decision, StepEnv } from '../decision.ts';
import type { WaitState } from '../definition/state.ts';
import { AslFailure } from '../errors/failure.ts';
import { StatesErrors } from '../errors/names.ts';
import { assigned, scopeOf, selectPath } from '../io.ts';
import { parseTimestamp } from '../timestamp.ts';

const runtime = (message: string) => new AslFailure(StatesErrors.Runtime, message);

/** The deadline of a Wait state, in epoch milliseconds (cause texts recorded on AWS). */
function deadline(state: WaitState, effective: Json, env: StepEnv): number {
  const wait = state.wait;
  switch (wait.kind) {
    case 'Seconds':
      return env.now + wait.value * 1000;
    case 'Timestamp': {
      const at = parseTimestamp(wait.value);
      if (at === undefined) throw runtime(`The Timestamp field is not a valid timestamp: ${wait.value}`);
      return at;
    }
    case 'SecondsPath': {
      const v = wait.path.select(scopeOf(effective, env));
      const where = wait.path.source;
      if (v === undefined)
        throw runtime(`The SecondsPath parameter does not reference an input value: ${where}`);
      if (typeof v !== 'number' || !Number.isInteger(v)) {
        throw runtime(
          `The SecondsPath parameter cannot be parsed as a long value: ${where} == ${JSON.stringify(v)}`,
        );
      }
      if (v < 0) throw runtime(`The SecondsPath parameter references a negative value: ${where} == ${v}`);
      return env.now + v * 1000;
    }
    case 'TimestampPath': {
      const v = wait.path.select(scopeOf(effective, env));
      const where = wait.path.source;
      if (v === undefined)
        throw runtime(`The TimestampPath parameter does not reference an input value: ${where}`);
      const at = typeof v === 'string' ? parseTimestamp(v) : undefined;
      if (at === undefined) {
        throw runtime(
          `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${where} == ${JSON.stringify(v)}`,
        );
      }
      return at;
    }
  }
}

export function enterWait(state: WaitState, input: Json, env: StepEnv): Decision {
  const effective = selectPath(state.inputPath, input, env);
  const until = deadline(state, effective, env);
  const output = selectPath(state.outputPath, effective, env);
  const assigns = assigned(state.assign, effective, env);
  const next = state.transition;
  return assigns
    ? { kind: 'wait', until, output, next, assigned: assigns }
    : { kind: 'wait', until, output, next };
}
