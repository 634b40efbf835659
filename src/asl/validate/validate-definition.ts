import type { Context, MachineType, QueryLanguage } from './context.ts';
import { DiagnosticCodes, errorAt, type Diagnostic } from './diagnostic.ts';
import { checkTopLevel } from './machine.ts';
import { Messages } from './messages.ts';
import { isFields } from './values.ts';

export interface ValidateOptions {
  type?: MachineType;
  /**
   * Whether the integrations perform a Task resource the language itself accepts (an aws-sdk
   * action the installed client has): false refuses it as AWS refuses an unknown resource.
   */
  recognizes?: ((resource: string) => boolean) | undefined;
}

/**
 * Every problem of a definition at once, in a stable order (definition order, state by state,
 * then the graph). Never throws: a bug in a rule becomes a diagnostic rather than a crash.
 */
export function validateDefinition(definition: unknown, options: ValidateOptions = {}): Diagnostic[] {
  if (!isFields(definition)) return [errorAt(DiagnosticCodes.Schema, Messages.notJsonObject, '')];
  // Only the exact string "JSONPath" is JSONPath; any other value makes the machine JSONata (floci #2968).
  const machineLanguage: QueryLanguage =
    definition.QueryLanguage === undefined || definition.QueryLanguage === 'JSONPath'
      ? 'JSONPath'
      : 'JSONata';
  const ctx: Context = {
    diagnostics: [],
    machineLanguage,
    machineType: options.type ?? 'STANDARD',
    stateNames: new Map(),
    recognizes: options.recognizes,
  };
  try {
    checkTopLevel(ctx, definition);
  } catch (error) {
    ctx.diagnostics.push(errorAt(DiagnosticCodes.Schema, `Internal validation error: ${String(error)}`, ''));
  }
  return ctx.diagnostics;
}
