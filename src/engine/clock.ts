/** Time as the engine may see it; server/ picks the real one, tests a fake one. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /**
   * Resolves after one turn of the event loop (pending I/O callbacks have run): the group commit
   * waits for it so that one transaction carries every execution's events of that turn.
   */
  tick?(): Promise<void>;
}

/** Ids and randomness as the engine may see them (injected, so runs can be replayed). */
export interface Entropy {
  uuid(): string;
  /** Uniform in [0, 1). */
  random(): number;
}
