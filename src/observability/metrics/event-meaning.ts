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

/** What events of `type` mean for the metrics (memoised: event types are few). */
export function meaningOf(type: string): EventMeaning {
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
