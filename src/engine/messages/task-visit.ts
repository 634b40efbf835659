import type { HistoryEvent } from '../history/event.ts';
import type { TaskTokenParts } from '../task-token.ts';

/**
 * Where the task a token names stands in a stored history: `waiting` (its attempt was scheduled
 * and has no end), `ended` (the attempt ended, a later attempt began, or the state was left),
 * `unseen` (not written yet: the owner may not have committed it) or `none` (the token's event
 * is no state's entry: no task of this execution has it).
 */
export type TaskVisit = 'waiting' | 'ended' | 'unseen' | 'none';

const SCHEDULED = /(?<!State)Scheduled$/;
const ENDED = /(Succeeded|Failed|TimedOut)$/;

/**
 * `events`: the history from the token's StateEntered event on (earlier ones are ignored). The
 * task's events are the chain of `previousEventId`s from its entry (AWS links each event to the
 * last of its own thread, so a Parallel's or Map's other threads are not in it); attempt n
 * (the token's retry count + 1) is the n-th …Scheduled of that chain.
 */
export function taskVisit(events: readonly HistoryEvent[], token: TaskTokenParts): TaskVisit {
  let last = token.enteredEventId;
  let entered = false;
  let scheduled = 0;
  const attempt = token.retryCount + 1;
  for (const e of events) {
    if (e.id === token.enteredEventId) {
      if (!e.type.endsWith('StateEntered')) return 'none';
      entered = true;
      continue;
    }
    if (!entered || e.id < last || e.previousEventId !== last) continue;
    last = e.id;
    if (e.type.endsWith('StateExited')) return 'ended';
    if (SCHEDULED.test(e.type) && ++scheduled > attempt) return 'ended';
    if (scheduled === attempt && ENDED.test(e.type)) return 'ended';
  }
  if (!entered) return 'unseen';
  return scheduled === attempt ? 'waiting' : 'unseen';
}
