/** A constant abort reason: `abort()` without one builds a DOMException with a stack each time. */
export const FINISHED = Object.freeze({ reason: 'finished' });

export interface LinkedAbort {
  readonly signal: AbortSignal;
  abort(): void;
  /** Stops following `outer`. */
  dispose(): void;
}

/** An AbortController that also aborts when `outer` does (a branch group, a timed task). */
export function linkedAbort(outer: AbortSignal): LinkedAbort {
  const inner = new AbortController();
  const onAbort = (): void => inner.abort(FINISHED);
  if (outer.aborted) inner.abort(FINISHED);
  else outer.addEventListener('abort', onAbort, { once: true });
  return {
    signal: inner.signal,
    abort: () => inner.abort(FINISHED),
    dispose: () => outer.removeEventListener('abort', onAbort),
  };
}
