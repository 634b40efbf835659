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
 * Compiles a JSONPath Choice state's rules: the returned function gives the `Next` of the first
 * matching rule, else `defaultNext`, else throws AslFailure(States.Runtime).
 */
export function compileChoices(
  choices: readonly JsonObject[],
  defaultNext: string | undefined,
): (scope: Scope) => string {
  const compiled = choices.map((choice) => {
    const next = choice['Next'];
    if (typeof next !== 'string') throw new TypeError('A top-level Choice rule needs Next');
    return { test: compileChoiceRule(choice), next };
  });
  return (scope) => {
    for (const { test, next } of compiled) {
      if (test(scope)) return next;
    }
    if (defaultNext !== undefined) return defaultNext;
    throw new AslFailure(StatesErrors.Runtime, NO_CHOICE_MATCHED_CAUSE);
  };
}
