import type { HistoryEvent } from '../../engine/index.ts';

/** How many Express executions logged to standard output keep their events in memory. */
export const RECENT_EXPRESS_EXECUTIONS = 1000;

/**
 * The events of the latest Express executions whose logs go to standard output (which the server
 * cannot read back), logged at level ALL with their data: what a fork of one of them replays.
 * Bounded by count, the oldest dropped first; lost at a restart.
 */
export class RecentExpress {
  readonly #events = new Map<string, HistoryEvent[]>();
  readonly #capacity: number;

  constructor(capacity = RECENT_EXPRESS_EXECUTIONS) {
    this.#capacity = capacity;
  }

  /** Keeps the events of a new execution from now on: what the function returned is told. */
  keep(executionArn: string): (event: HistoryEvent) => void {
    const events: HistoryEvent[] = [];
    this.#events.set(executionArn, events);
    // A Map iterates in insertion order: its first key is the oldest execution.
    if (this.#events.size > this.#capacity) {
      const oldest = this.#events.keys().next().value;
      if (oldest !== undefined) this.#events.delete(oldest);
    }
    return (event) => void events.push(event);
  }

  /** Its events so far (a copy), or undefined when not kept (or no longer). */
  events(executionArn: string): HistoryEvent[] | undefined {
    const events = this.#events.get(executionArn);
    return events && [...events];
  }
}
