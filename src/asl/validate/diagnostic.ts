/**
 * One problem found in a definition, shaped like AWS's ValidateStateMachineDefinitionDiagnostic.
 * `location` is absent where AWS gives none (MISSING_END_STATE, JSON syntax errors); elsewhere it
 * is AWS's pointer style: raw state names and `Field[i]` for array items, e.g.
 * `/States/P/Branches[0]/States/X` and `/States/C/Choices[0]/Next` (floci issue #2786, measured).
 */
export interface Diagnostic {
  severity: 'ERROR' | 'WARNING';
  code: string;
  message: string;
  location?: string;
}

/** The diagnostic codes AWS documents (API_ValidateStateMachineDefinitionDiagnostic), plus the variable ones. */
export const DiagnosticCodes = {
  InvalidJson: 'INVALID_JSON_DESCRIPTION',
  MissingDescription: 'MISSING_DESCRIPTION',
  Schema: 'SCHEMA_VALIDATION_FAILED',
  MissingEndState: 'MISSING_END_STATE',
  DuplicateStateName: 'DUPLICATE_STATE_NAME',
  InvalidStateName: 'INVALID_STATE_NAME',
  MissingTransitionTarget: 'MISSING_TRANSITION_TARGET',
  ReservedVariableName: 'RESERVED_VARIABLE_NAME',
  InvalidVariableName: 'INVALID_VARIABLE_NAME',
  // JSONata expressions checked at creation (measured on AWS, floci issues #2670 and #2745).
  InvalidJsonata: 'INVALID_JSONATA_EXPRESSION',
  UnsupportedJsonata: 'UNSUPPORTED_JSONATA_EXPRESSION',
} as const;

export function errorAt(code: string, message: string, location?: string): Diagnostic {
  return location === undefined
    ? { severity: 'ERROR', code, message }
    : { severity: 'ERROR', code, message, location };
}
