import assert from 'node:assert/strict';
import { AslFailure } from '../../../errors/failure.ts';
import type { Json } from '../../../json.ts';
import { fixtureScope } from '../../scope-fixture.ts';
import type { IntrinsicFunction } from './intrinsic-function.ts';

/** Calls an intrinsic the way the compiler does, with a deterministic scope. */
export function call(
  fn: IntrinsicFunction,
  args: readonly Json[],
  options: { random?: number; uuid?: string } = {},
): Json {
  return fn(args, { scope: fixtureScope(null, options), rawStrings: args.map(() => undefined) });
}

/** Asserts AWS's runtime failure for bad arguments. */
export function assertInvalid(fn: IntrinsicFunction, args: readonly Json[], cause: string): void {
  assert.throws(
    () => call(fn, args),
    (error: unknown) =>
      error instanceof AslFailure && error.error === 'States.Runtime' && error.cause === cause,
  );
}
