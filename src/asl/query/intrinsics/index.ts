import { AslFailure } from '../../errors/failure.ts';
import { StatesErrors } from '../../errors/names.ts';
import type { Json } from '../../json.ts';
import type { Scope } from '../scope.ts';
import { buildIntrinsic } from './compile.ts';
import { IntrinsicSyntaxError } from './syntax-error.ts';

/**
 * True when a `.$` value is meant as an intrinsic call rather than a path. Anything that starts
 * with `States.` counts, so that a malformed call is reported as such, not as a bad path.
 */
export function isIntrinsicCall(source: string): boolean {
  return /^\s*States\./.test(source);
}

/** Parses once; the returned evaluator throws AslFailure (States.Runtime) for bad arguments. */
export function compileIntrinsic(source: string): (scope: Scope) => Json {
  try {
    return buildIntrinsic(source);
  } catch (error) {
    if (error instanceof IntrinsicSyntaxError) {
      throw new AslFailure(StatesErrors.Runtime, syntaxMessage(source, error));
    }
    throw error;
  }
}

/** Why `source` is not a valid intrinsic call, or undefined when it is. */
export function intrinsicSyntaxError(source: string): string | undefined {
  try {
    buildIntrinsic(source);
    return undefined;
  } catch (error) {
    if (error instanceof IntrinsicSyntaxError) return syntaxMessage(source, error);
    throw error;
  }
}

function syntaxMessage(source: string, error: IntrinsicSyntaxError): string {
  return `Invalid intrinsic function call '${source}': ${error.message} (at character ${error.at + 1})`;
}
export { JavaRandom } from './functions/index.ts';
