import type { BillingKind } from '../cost/billed-transitions.ts';
import { billingKind } from '../cost/billed-transitions.ts';
import type { TaskStep } from './task-events.ts';
import { taskStepOf } from './task-events.ts';

/** What one event type means for the metrics: found with one lookup per event. */
export interface EventMeaning {
  readonly billing: BillingKind;
  readonly task: TaskStep | undefined;
  /** A Map Run's start, redrive or close. */
  readonly mapRun: boolean;
  /** Nothing at all (a `…StateExited`, a Pass's or Choice's own events): the common case. */
  readonly none: boolean;
}

const meanings = new Map<string, EventMeaning>();

/**
 * The latest types looked up, by a hash of their length and last letters: event types are few and
 * the same strings, so most lookups end in one comparison, cheaper than the Map's (this runs on
 * every event the metrics read).
 */
const recent = new Array<EventMeaning | undefined>(64).fill(undefined);
const recentTypes = new Array<string>(64).fill('');

/** What events of `type` mean for the metrics (memoised: event types are few). */
export function meaningOf(type: string): EventMeaning {
  const n = type.length;
  const slot = (n * 7 + type.charCodeAt(n - 1) + type.charCodeAt(n - 3)) & 63;
  if (recentTypes[slot] === type) return recent[slot]!;
  const meaning = lookUp(type);
  recentTypes[slot] = type;
  recent[slot] = meaning;
  return meaning;
}

function lookUp(type: string): EventMeaning {
  let meaning = meanings.get(type);
  if (meaning === undefined) {
    const billing = billingKind(type);
    const task = taskStepOf(type);
    const mapRun = type.startsWith('MapRun');
    meaning = { billing, task, mapRun, none: billing === 'other' && !task && !mapRun };
    meanings.set(type, meaning);
  }
  return meaning;
}
