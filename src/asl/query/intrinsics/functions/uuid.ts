import { checkArity } from './arguments.ts';
import type { IntrinsicFunction } from './intrinsic-function.ts';

/** A v4 UUID from the scope, so that replays see the same id. */
export const statesUuid: IntrinsicFunction = (args, env) => {
  checkArity('States.UUID', args, 0);
  return env.scope.uuid();
};
