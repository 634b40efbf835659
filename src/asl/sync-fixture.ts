import type { MaybePromise } from './decision.ts';

/**
 * For tests of JSONPath states: their steps must answer synchronously (the engine's hot path
 * depends on it), so a promise here is a failure, not something to await.
 */
export function sync<T>(value: MaybePromise<T>): T {
  if (value instanceof Promise) throw new Error('a JSONPath step answered with a promise');
  return value;
}
