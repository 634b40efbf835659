import type { PathQuery } from '../query/jsonpath/index.ts';
import type { Scope } from '../query/scope.ts';
import { AslFailure } from '../errors/failure.ts';
import { StatesErrors } from '../errors/names.ts';

const runtime = (message: string) => new AslFailure(StatesErrors.Runtime, message);

/** A field given literally or through `<field>Path` that must hold a positive integer. */
export function positiveIntegerAt(
  field: string,
  value: number | PathQuery | undefined,
  scope: Scope,
): number | undefined {
  if (value === undefined || typeof value === 'number') return value;
  const v = value.select(scope);
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw runtime(
      `The ${field}Path field refers to value "${typeof v === 'string' ? v : JSON.stringify(v ?? null)}" which is not a valid positive integer: ${value.source}`,
    );
  }
  return v;
}

/** `<field>Path` of a Map: a non-negative integer (MaxConcurrency, ToleratedFailureCount). */
export function integerAt(field: string, value: number | PathQuery, scope: Scope): number {
  if (typeof value === 'number') return value;
  const v = value.select(scope);
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw runtime(
      `The ${field}Path field refers to value "${typeof v === 'string' ? v : JSON.stringify(v ?? null)}" which is not a valid integer: ${value.source}`,
    );
  }
  return v;
}

/** ToleratedFailurePercentagePath: any number. */
export function floatAt(field: string, value: number | PathQuery, scope: Scope): number {
  if (typeof value === 'number') return value;
  const v = value.select(scope);
  if (typeof v !== 'number') {
    throw runtime(
      `The ${field}Path field refers to value "${typeof v === 'string' ? v : JSON.stringify(v ?? null)}" which is not a valid float: ${value.source}`,
    );
  }
  return v;
}
