import { AslFailure } from '../../errors/failure.ts';
import { StatesErrors } from '../../errors/names.ts';

/**
 * What AWS reports when `Variable` (any operator but IsPresent) or the path of a `...Path`
 * operator selects nothing: a States.Runtime failure naming the path as written.
 */
export function invalidPath(source: string): AslFailure {
  return new AslFailure(
    StatesErrors.Runtime,
    `Invalid path '${source}': The choice state's condition path references an invalid value.`,
  );
}
