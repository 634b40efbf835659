import type { Diagnostic } from './diagnostic.ts';

/**
 * The message of the InvalidDefinition error CreateStateMachine / UpdateStateMachine return:
 * `Invalid State Machine Definition: '<CODE>: <message> at <location>, ...'`, errors only,
 * with the literal `null` where a diagnostic has no location (floci #2786, measured on AWS).
 */
export function formatInvalidDefinition(diagnostics: Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'ERROR');
  const parts = errors.map((d) => `${d.code}: ${d.message} at ${d.location ?? 'null'}`);
  return `Invalid State Machine Definition: '${parts.join(', ')}'`;
}
