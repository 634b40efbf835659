import type { JsonObject } from '../asl/index.ts';
import type { Engine } from '../engine/index.ts';
import { readInput } from './read-input.ts';
import type { InputOf, Members } from './shape.ts';

/**
 * One API action: its request body in, its response body out (errors are thrown). `signal`
 * aborts when the client hangs up (a GetActivityTask long poll then hands no task to it). Most
 * answer at once; StartSyncExecution, TestState and GetActivityTask answer when their wait ends.
 * `members` is the request shape, which the malformed-request tests walk.
 */
export interface Action {
  (engine: Engine, body: JsonObject, signal: AbortSignal): JsonObject | Promise<JsonObject>;
  readonly members: Members;
  /** It reads `signal`: only then does the handler watch the connection for a hang-up. */
  readonly watchesHangUp: boolean;
}

/** Binds an action's members to its implementation, which then sees only checked, typed input. */
export function defineAction<const M extends Members>(
  members: M,
  run: (engine: Engine, input: InputOf<M>, signal: AbortSignal) => JsonObject | Promise<JsonObject>,
): Action {
  return Object.assign(
    (engine: Engine, body: JsonObject, signal: AbortSignal) => run(engine, readInput(members, body), signal),
    // An action that reads the signal declares it; watching every request's socket would cost
    // a listener per call (measured in bench/http.ts).
    { members, watchesHangUp: run.length > 2 },
  );
}
