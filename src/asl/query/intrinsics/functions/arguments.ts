import { AslFailure } from '../../../errors/failure.ts';
import { StatesErrors } from '../../../errors/names.ts';
import { isJsonObject, type Json, type JsonObject } from '../../../json.ts';

/**
 * AWS reports bad intrinsic arguments as States.Runtime with "Invalid arguments in States.X"
 * (observed in executions; States.IntrinsicFailure is never raised).
 */
export function invalidArguments(name: string, detail?: string): never {
  throw new AslFailure(
    StatesErrors.Runtime,
    `Invalid arguments in ${name}${detail === undefined ? '' : `: ${detail}`}`,
  );
}

/** Wrong argument counts are runtime errors on AWS too, not definition errors. */
export function checkArity(name: string, args: readonly Json[], min: number, max = min): void {
  if (args.length < min || args.length > max) invalidArguments(name);
}

export function stringArg(name: string, value: Json | undefined): string {
  return typeof value === 'string' ? value : invalidArguments(name);
}

export function numberArg(name: string, value: Json | undefined): number {
  return typeof value === 'number' ? value : invalidArguments(name);
}

/** Integer arguments are truncated like a Java (int) cast: AWS takes ArrayGetItem(a, 1.2) as index 1. */
export function integerArg(name: string, value: Json | undefined): number {
  return Math.trunc(numberArg(name, value));
}

export function arrayArg(name: string, value: Json | undefined): readonly Json[] {
  return Array.isArray(value) ? value : invalidArguments(name);
}

export function objectArg(name: string, value: Json | undefined): JsonObject {
  return isJsonObject(value) ? value : invalidArguments(name);
}

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
