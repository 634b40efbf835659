import { DiagnosticCodes, errorAt, type Diagnostic } from './diagnostic.ts';
import { Messages } from './messages.ts';

/** The definition string of CreateStateMachine / ValidateStateMachineDefinition, parsed; bad JSON becomes a diagnostic. */
export function parseDefinitionText(text: string): { definition?: unknown; diagnostics: Diagnostic[] } {
  if (text.trim() === '')
    return { diagnostics: [errorAt(DiagnosticCodes.MissingDescription, Messages.emptyDefinition)] };
  try {
    return { definition: JSON.parse(text) as unknown, diagnostics: [] };
  } catch (error) {
    // AWS quotes its (Jackson) parser here; we quote ours, so the wording differs but the code and shape match.
    const message = error instanceof Error ? error.message : String(error);
    return { diagnostics: [errorAt(DiagnosticCodes.InvalidJson, message)] };
  }
}
