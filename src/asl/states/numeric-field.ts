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

// AWS parses these fields' values like Java's Integer.parseInt / Float.parseFloat, so numeric
// strings are accepted (recorded case assign/test_reference_in_map_state...TOLERATED_FAILURE_PATH).
const INTEGER_TEXT = /^[+-]?\d+$/;
const FLOAT_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** `<field>Path` of a Map: an integer (MaxConcurrency, ToleratedFailureCount). */
export function integerAt(field: string, value: number | PathQuery, scope: Scope): number {
  if (typeof value === 'number') return value;
  const selected = value.select(scope);
  const v = typeof selected === 'string' && INTEGER_TEXT.test(selected.trim()) ? Number(selected) : selected;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw runtime(
      `The ${field}Path field refers to value "${typeof v === 'string' ? v : JSON.stringify(v ?? null)}" which is not a valid integer: ${value.source}`,
    );
  }
  return v;
}

/**
 * An ItemBatcher limit (MaxItemsPerBatch, MaxInputBytesPerBatch) given literally or through
 * `<field>Path`, which must select a positive integer (ASL spec, "Batching Items"). Numeric
 * strings are read as for the Map's other `*Path` fields.
 */
export function positiveMapIntegerAt(
  field: string,
  value: number | PathQuery | undefined,
  scope: Scope,
): number | undefined {
  if (value === undefined || typeof value === 'number') return value;
  const selected = value.select(scope);
  const v = typeof selected === 'string' && INTEGER_TEXT.test(selected.trim()) ? Number(selected) : selected;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw runtime(
      `The ${field}Path field refers to value "${typeof selected === 'string' ? selected : JSON.stringify(selected ?? null)}" which is not a valid positive integer: ${value.source}`,
    );
  }
  return v;
}

/** ToleratedFailurePercentagePath: any number. */
export function floatAt(field: string, value: number | PathQuery, scope: Scope): number {
  if (typeof value === 'number') return value;
  const selected = value.select(scope);
  const v = typeof selected === 'string' && FLOAT_TEXT.test(selected.trim()) ? Number(selected) : selected;
  if (typeof v !== 'number') {
    throw runtime(
      `The ${field}Path field refers to value "${typeof v === 'string' ? v : JSON.stringify(v ?? null)}" which is not a valid float: ${value.source}`,
    );
  }
  return v;
}
