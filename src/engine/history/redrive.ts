import type { HistoryEvent } from './event.ts';

const CLOSING = new Set(['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted', 'ExecutionRedriven']);

function stateName(e: HistoryEvent, key: 'stateEnteredEventDetails' | 'stateExitedEventDetails'): unknown {
  const details = e[key] as { name?: unknown } | undefined;
  return details?.name;
}

/**
 * The events a redriven execution replays: its history without the closings of earlier attempts
 * and without their failure paths. A failure path starts at a `*StateEntered` that no
 * `*StateExited` of the same state follows in its thread, and takes every event chained after
 * it (branches and iterations included), so the failed state — a Task, or a whole Parallel or
 * Map — is entered again live while the states that succeeded are adopted, not run again.
 * Only attempts closed before the last ExecutionRedriven have failure paths: the current
 * attempt's open states are replayed like those of any execution resumed after a crash.
 */
export function redriveReplay(events: readonly HistoryEvent[]): HistoryEvent[] {
  if (!events.some((e) => CLOSING.has(e.type))) return [...events];
  const redriven = events.findLast((e) => e.type === 'ExecutionRedriven')?.id ?? Infinity;
  const byId = new Map<number, HistoryEvent>();
  for (const e of events) byId.set(e.id, e);
  // Each exit closes the nearest entry of the same state up its chain (a few events up).
  const exited = new Set<number>();
  for (const e of events) {
    if (!e.type.endsWith('StateExited')) continue;
    const name = stateName(e, 'stateExitedEventDetails');
    for (let up = byId.get(e.previousEventId); up; up = byId.get(up.previousEventId)) {
      if (up.type.endsWith('StateEntered') && stateName(up, 'stateEnteredEventDetails') === name) {
        exited.add(up.id);
        break;
      }
    }
  }
  // Ids ascend along every chain, so one pass in id order marks whole failure paths.
  const dropped = new Set<number>();
  const kept: HistoryEvent[] = [];
  for (const e of [...events].sort((a, b) => a.id - b.id)) {
    const dead =
      CLOSING.has(e.type) ||
      dropped.has(e.previousEventId) ||
      (e.id < redriven && e.type.endsWith('StateEntered') && !exited.has(e.id));
    if (dead) dropped.add(e.id);
    else kept.push(e);
  }
  return kept;
}
