import type { JsonObject } from '../asl/index.ts';
import type { Engine } from '../engine/index.ts';
import { RecordInStore } from '../engine/index.ts';
import { readInput } from './read-input.ts';
import type { InputOf, Members } from './shape.ts';

/**
 * One API action: its request body in, its response body out (errors are thrown). `signal`
 * aborts when the client hangs up (a GetActivityTask long poll then hands no task to it). Most
 * answer at once; StartSyncExecution, TestState and GetActivityTask answer when their wait ends.
 * `members` is the request shape, which the malformed-request tests walk.
 */
export interface Action {
  (
    engine: Engine,
    body: JsonObject,
    signal: AbortSignal,
    sent?: Promise<boolean>,
  ): JsonObject | Promise<JsonObject>;
  readonly members: Members;
  /** It reads `signal`: only then does the handler watch the connection for a hang-up. */
  readonly watchesHangUp: boolean;
}

/**
 * `sent` (for an action that watches hang-ups) resolves once its answer is out: true when the
 * response was written to the end, false when the connection closed first or the call failed.
 */
type Run<I> = (
  engine: Engine,
  input: I,
  signal: AbortSignal,
  sent: Promise<boolean>,
) => JsonObject | Promise<JsonObject>;

/** For a caller that does not tell whether the answer got out. */
const UNKNOWN = Promise.resolve(false);

/** Binds an action's members to its implementation, which then sees only checked, typed input. */
export function defineAction<const M extends Members>(members: M, run: Run<InputOf<M>>): Action {
  return Object.assign(
    (engine: Engine, body: JsonObject, signal: AbortSignal, sent = UNKNOWN) => {
      const input = readInput(members, body);
      try {
        const result = run(engine, input, signal, sent);
        return result instanceof Promise
          ? result.catch((e: unknown) => again(e, engine, input, signal, sent, run))
          : result;
      } catch (e) {
        return again(e, engine, input, signal, sent, run);
      }
    },
    // An action that reads the signal declares it; watching every request's socket would cost
    // a listener per call (measured in bench/http.ts).
    { members, watchesHangUp: run.length > 2 },
  );
}

/**
 * A call about an execution whose record is only in the store (parked on its timer after a
 * restart, closed a while ago, or not known here at all): the record is read, then the action runs again, answered once its writes (a
 * StopExecution's) are durable, as the first run's would have been.
 */
async function again<I>(
  e: unknown,
  engine: Engine,
  input: I,
  signal: AbortSignal,
  sent: Promise<boolean>,
  run: Run<I>,
): Promise<JsonObject> {
  // A call about two executions (CompareExecutions) may find each in the store in turn.
  for (let tries = 0; ; tries++) {
    if (!(e instanceof RecordInStore) || tries === 3) throw e;
    await engine.loadExecution(e.executionArn);
    try {
      const { result, durable } = engine.writesOf(() => run(engine, input, signal, sent));
      const body = await result;
      await durable();
      return body;
    } catch (again) {
      e = again;
    }
  }
}
