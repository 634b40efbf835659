import { DiagnosticCodes, errorAt, type Diagnostic } from './diagnostic.ts';

export type QueryLanguage = 'JSONPath' | 'JSONata';
export type MachineType = 'STANDARD' | 'EXPRESS';

/** What every rule needs: where to report, and the facts fixed for the whole definition. */
export interface Context {
  readonly diagnostics: Diagnostic[];
  /** The top-level QueryLanguage: states of branches and item processors inherit it, not their parent's (floci #2968, measured). */
  readonly machineLanguage: QueryLanguage;
  readonly machineType: MachineType;
  /** State name -> location of its first definition; names are unique in the whole machine. */
  readonly stateNames: Map<string, string>;
  /** Asked of resources the language accepts: does what performs them know them (ValidateOptions)? */
  readonly recognizes?: ((resource: string) => boolean) | undefined;
}

export function report(ctx: Context, code: string, message: string, location?: string): void {
  ctx.diagnostics.push(errorAt(code, message, location));
}

export function schema(ctx: Context, message: string, location: string): void {
  report(ctx, DiagnosticCodes.Schema, message, location);
}
