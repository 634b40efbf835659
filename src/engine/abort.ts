/** A constant abort reason: `abort()` without one builds a DOMException with a stack each time. */
export const FINISHED = Object.freeze({ reason: 'finished' });

/**
 * Why a Parallel or Map aborts what its branches still run: one of them failed it. It reaches
 * nested groups too, so that their Task states are recorded as aborted (TaskStateAborted) where a
 * shutdown or a stop records nothing.
 */
export const GROUP_FAILED = Object.freeze({ reason: 'a branch failed' });

/**
 * Why an execution's work aborts when it is halted (a shutdown, a lease lost to another server,
 * a park): it is not stopped, it stops being driven here. Nothing it started (a Map's children)
 * may be stopped for it: they go on, and the copy that resumes it finds them.
 */
export const HALTED = Object.freeze({ reason: 'halted' });

/** Whether `signal` aborted because its execution halted here (HALTED), not because it ended. */
export const halted = (signal: AbortSignal): boolean => signal.aborted && signal.reason === HALTED;

export interface LinkedAbort {
  readonly signal: AbortSignal;
  /** Aborts with FINISHED, or with GROUP_FAILED when a branch failed the group. */
  abort(reason?: typeof GROUP_FAILED): void;
  /** Stops following `outer`. */
  dispose(): void;
}

/** An AbortController that also aborts when `outer` does (a branch group, a timed task). */
export function linkedAbort(outer: AbortSignal): LinkedAbort {
  const inner = new AbortController();
  const onAbort = (): void =>
    inner.abort(outer.reason === GROUP_FAILED || outer.reason === HALTED ? outer.reason : FINISHED);
  if (outer.aborted) onAbort();
  else outer.addEventListener('abort', onAbort, { once: true });
  return {
    signal: inner.signal,
    abort: (reason?: typeof GROUP_FAILED) => inner.abort(reason ?? FINISHED),
    dispose: () => outer.removeEventListener('abort', onAbort),
  };
}
