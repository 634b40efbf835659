// Static validation of a state machine definition, with AWS's diagnostic codes, messages and locations.
export type { Diagnostic } from './diagnostic.ts';
export { validateDefinition } from './validate-definition.ts';
export { parseDefinitionText } from './parse-definition-text.ts';
export { formatInvalidDefinition } from './format-invalid-definition.ts';
