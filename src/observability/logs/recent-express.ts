import type { HistoryEvent } from '../../engine/index.ts';

/** How many Express executions logged to standard output keep their events in memory… */
export const RECENT_EXPRESS_EXECUTIONS = 1000;
/** …and how many events they keep in all (a few large executions must not hold the memory). */
const RECENT_EXPRESS_EVENTS = 20_000;

interface Kept {
  readonly events: HistoryEvent[];
  dropped: boolean;
}

/**
 * The events of the latest Express executions whose logs go to standard output (which the server
 * cannot read back), logged at level ALL with their data: what a fork of one of them replays.
 * Bounded by executions and by events, the oldest dropped first; lost at a restart.
 */
export class RecentExpress {
  readonly #kept = new Map<string, Kept>();
  readonly #maxExecutions: number;
  readonly #maxEvents: number;
  #events = 0;

  constructor(maxExecutions = RECENT_EXPRESS_EXECUTIONS, maxEvents = RECENT_EXPRESS_EVENTS) {
    this.#maxExecutions = maxExecutions;
    this.#maxEvents = maxEvents;
  }

  /** Keeps the events of a new execution from now on: what the function returned is told. */
  keep(executionArn: string): (event: HistoryEvent) => void {
    const kept: Kept = { events: [], dropped: false };
    this.#kept.set(executionArn, kept);
    if (this.#kept.size > this.#maxExecutions) this.#dropOldest();
    return (event) => {
      if (kept.dropped) return;
      kept.events.push(event);
      this.#events++;
      while (this.#events > this.#maxEvents && !kept.dropped) this.#dropOldest();
    };
  }

  /** A Map iterates in insertion order: its first entry is the oldest execution. */
  #dropOldest(): void {
    const oldest = this.#kept.entries().next().value;
    if (!oldest) return;
    const [arn, kept] = oldest;
    this.#kept.delete(arn);
    kept.dropped = true;
    this.#events -= kept.events.length;
    kept.events.length = 0;
  }

  /** Its events so far (a copy), or undefined when not kept (or no longer). */
  events(executionArn: string): HistoryEvent[] | undefined {
    const kept = this.#kept.get(executionArn);
    return kept && [...kept.events];
  }
}
