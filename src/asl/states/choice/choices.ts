import { AslFailure } from '../../errors/failure.ts';
import { StatesErrors } from '../../errors/names.ts';
import type { JsonObject } from '../../json.ts';
import type { Scope } from '../../query/scope.ts';
import { compileChoiceRule } from './rule.ts';

/**
 * What AWS reports when no rule matches and there is no Default. The spec names
 * States.NoChoiceMatched, but AWS itself fails the execution with States.Runtime and this cause
 * (reported identically by several emulators checked against AWS, e.g. floci "verified against
 * us-east-1"); the state runner adds the "An error occurred while executing the state ..." prefix.
 */
export const NO_CHOICE_MATCHED_CAUSE =
  'Failed to transition out of the state. The state does not point to a next state.';

/**
 * Compiles a JSONPath Choice state's rules: the returned function gives the index of the first
 * matching rule, -1 for the Default, or throws AslFailure(States.Runtime) when neither applies.
 * The index matters because a matching rule's own Assign replaces the state's (AWS guide,
 * "Choice workflow state").
 */
export function compileChoiceMatch(
  choices: readonly JsonObject[],
  defaultNext: string | undefined,
): (scope: Scope) => number {
  const tests = choices.map((choice) => {
    if (typeof choice['Next'] !== 'string') throw new TypeError('A top-level Choice rule needs Next');
    return compileChoiceRule(choice);
  });
  return (scope) => {
    for (let i = 0; i < tests.length; i++) {
      if (tests[i]!(scope)) return i;
    }
    if (defaultNext !== undefined) return -1;
    throw new AslFailure(StatesErrors.Runtime, NO_CHOICE_MATCHED_CAUSE);
  };
}

/** The `Next` of the first matching rule, else `defaultNext` (see compileChoiceMatch). */
export function compileChoices(
  choices: readonly JsonObject[],
  defaultNext: string | undefined,
): (scope: Scope) => string {
  const match = compileChoiceMatch(choices, defaultNext);
  const targets = choices.map((c) => c['Next'] as string);
  return (scope) => {
    const i = match(scope);
    return i < 0 ? (defaultNext as string) : targets[i]!;
  };
}
