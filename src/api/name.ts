import { serviceError } from './errors.ts';

/**
 * AWS's naming rule for state machines and executions (API reference, CreateStateMachine `name`):
 * no whitespace, brackets `< > { } [ ]`, wildcards `? *`, special characters
 * `" # % \ ^ | ~ ` $ & , ; : /`, or control characters (U+0000-001F, U+007F-009F).
 * The 1-80 length is a model constraint (ValidationException) checked earlier.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\s?*<>{}[\]"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

export function checkName(name: string): void {
  if (FORBIDDEN.test(name)) throw serviceError('InvalidName', `Invalid Name: '${name}'`);
}
