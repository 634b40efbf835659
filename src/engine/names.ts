/**
 * AWS's naming rule for state machines, executions, activities and aliases (API reference,
 * CreateStateMachine `name`): no whitespace, brackets `< > { } [ ]`, wildcards `? *`, special
 * characters `" # % \ ^ | ~ ` $ & , ; : /`, or control characters (U+0000-001F, U+007F-009F).
 * The 1-80 length is a model constraint (ValidationException) checked by the API before.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\s?*<>{}[\]"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

export function validName(name: string): boolean {
  return !FORBIDDEN.test(name);
}

/** AWS's InvalidName message. */
export function invalidNameMessage(name: string): string {
  return `Invalid Name: '${name}'`;
}
