import type { Json } from '../json.ts';

/**
 * Everything a query (path, payload template, intrinsic, choice rule) may read.
 * `$` is `input`, `$$` is `context`, `$name` is a workflow variable.
 * Randomness and ids are injected so that asl/ stays pure and replayable.
 */
export interface Scope {
  readonly input: Json;
  readonly context: Json;
  /** Returns undefined when the variable is not defined. */
  readonly variable: (name: string) => Json | undefined;
  /** Uniform in [0, 1). */
  readonly random: () => number;
  /** A random (v4) UUID. */
  readonly uuid: () => string;
}
