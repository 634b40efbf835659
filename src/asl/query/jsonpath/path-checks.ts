import { PathSyntaxError } from './cursor.ts';
import { parsePath } from './parse-path.ts';
import type { ParsedPath } from './segments.ts';

/** Why `source` is not a valid path, or undefined when it is (for validation diagnostics). */
export function pathSyntaxError(source: string): string | undefined {
  try {
    parsePath(source);
    return undefined;
  } catch (error) {
    if (error instanceof PathSyntaxError) return error.message;
    throw error;
  }
}

/**
 * AWS "reference path": selects a single node using only dot and bracket names and array
 * indexes; no wildcards, filters, slices, unions, deep scan or functions (AWS guide, "Paths").
 * Any root is accepted here; fields that require `$` (ResultPath) check the root themselves.
 */
export function isReferencePath(source: string): boolean {
  let parsed: ParsedPath;
  try {
    parsed = parsePath(source);
  } catch (error) {
    if (error instanceof PathSyntaxError) return false;
    throw error;
  }
  return parsed.segments.every(
    (s) => (s.kind === 'property' && s.names.length === 1) || (s.kind === 'index' && s.indices.length === 1),
  );
}
