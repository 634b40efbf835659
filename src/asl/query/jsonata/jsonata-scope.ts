import type { Json, JsonObject } from '../../json.ts';

/**
 * What a JSONata expression of a state may read: `$states` (input, context, and result or
 * errorOutput where AWS provides them), workflow variables as `$name`, and the injected
 * sources of randomness, ids and time that keep asl/ pure and replayable.
 */
export interface JsonataScope {
  readonly states: JsonObject;
  /** Returns undefined when the variable is not defined. */
  readonly variable: (name: string) => Json | undefined;
  /** Uniform in [0, 1). */
  readonly random: () => number;
  /** A random (v4) UUID. */
  readonly uuid: () => string;
  /** Epoch milliseconds of the step ($now, $millis). */
  readonly now: number;
}
