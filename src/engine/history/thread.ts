import type { HistoryEvent } from './event.ts';

/**
 * A line of events in one history: the top level, a Parallel branch or a Map iteration.
 * `previousEventId` of an event is the last event of its own thread, as on AWS, so that
 * interleaved branches still chain correctly.
 */
export interface Thread {
  last: number;
  /** Distributed Map children run as their own executions: their events stay out of the parent. */
  readonly silent: boolean;
}

export class History {
  readonly events: HistoryEvent[] = [];

  append(
    thread: Thread,
    timestamp: number,
    type: string,
    details?: Record<string, HistoryEvent[`${string}EventDetails`]>,
  ): number {
    if (thread.silent) return thread.last;
    const id = this.events.length + 1;
    this.events.push({ id, previousEventId: thread.last, timestamp, type, ...details });
    thread.last = id;
    return id;
  }

  get lastId(): number {
    return this.events.length;
  }
}
