import type { HistoryEvent } from './event.ts';
import { keptOnRedrive } from './redrive-kept.ts';
import { replayKey } from './thread.ts';

const CLOSING = new Set(['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);

/**
 * The events a redriven execution replays. Its history is cut into attempts at each
 * ExecutionRedriven; what a redrive keeps of the first (keptOnRedrive) is overlaid with the
 * second's own events, what a redrive keeps of that with the third's, and so on. The current
 * attempt's events are replayed as they are, like those of any execution resumed after a crash.
 * Closing events are never replayed.
 */
export function redriveReplay(events: readonly HistoryEvent[]): HistoryEvent[] {
  const [first = [], ...later] = attempts(events);
  let replayed = first;
  for (const own of later) replayed = overlay(keptOnRedrive(replayed), own);
  return replayed;
}

/** The events of each attempt, in id order, without closings. */
function attempts(events: readonly HistoryEvent[]): HistoryEvent[][] {
  const out: HistoryEvent[][] = [[]];
  for (const e of [...events].sort((a, b) => a.id - b.id)) {
    if (e.type === 'ExecutionRedriven') out.push([]);
    else if (!CLOSING.has(e.type)) out.at(-1)?.push(e);
  }
  return out;
}

/**
 * An attempt's own events laid over what it replayed. A kept event the attempt wrote anew (same
 * previous event, type and sibling) was not adopted — a version before this one re-ran a failed
 * Parallel or Map whole — so it goes, with what chains after it, and the attempt's event stands.
 */
function overlay(kept: readonly HistoryEvent[], own: readonly HistoryEvent[]): HistoryEvent[] {
  const written = new Set(own.map(replayKey));
  const dropped = new Set<number>();
  const out: HistoryEvent[] = [];
  for (const e of kept) {
    if (dropped.has(e.previousEventId) || written.has(replayKey(e))) dropped.add(e.id);
    else out.push(e);
  }
  return [...out, ...own];
}
