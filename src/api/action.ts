import type { JsonObject } from '../asl/index.ts';
import type { Engine } from '../engine/index.ts';
import { readInput } from './read-input.ts';
import type { InputOf, Members } from './shape.ts';

/**
 * One API action: its request body in, its response body out (errors are thrown). Most answer
 * at once; StartSyncExecution and TestState answer when their run ends. `members` is the request
 * shape, which the malformed-request tests walk.
 */
export interface Action {
  (engine: Engine, body: JsonObject): JsonObject | Promise<JsonObject>;
  readonly members: Members;
}

/** Binds an action's members to its implementation, which then sees only checked, typed input. */
export function defineAction<const M extends Members>(
  members: M,
  run: (engine: Engine, input: InputOf<M>) => JsonObject | Promise<JsonObject>,
): Action {
  return Object.assign((engine: Engine, body: JsonObject) => run(engine, readInput(members, body)), {
    members,
  });
}
