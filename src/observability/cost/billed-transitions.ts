import type { HistoryEvent } from '../../engine/index.ts';

/**
 * Where a state's work starts, once per attempt: a second one in the same state visit is a retry.
 * Task events of the three families, and the start of a Parallel's or Map's branches.
 */
const ATTEMPT_STARTS = new Set([
  'TaskScheduled',
  'LambdaFunctionScheduled',
  'ActivityScheduled',
  'ParallelStateStarted',
  'MapStateStarted',
]);

/**
 * Counts the state transitions AWS bills a Standard execution for, as its events arrive (AWS
 * pricing, "Standard Workflows"; developer guide, "Transitions"):
 * - each state entered (every `…StateEntered`, also inside Parallel branches and each Inline Map
 *   iteration's states; the iterations themselves are not billed);
 * - each retry, an additional transition;
 * - each redrive (`ExecutionRedriven`); the states it runs again are entered again, so counted.
 * A retry is an attempt whose previous event is not its state's `…StateEntered` (the first attempt
 * follows its Entered event; a retry follows the failure it retries).
 */
export class TransitionCount {
  total = 0;
  /** Entered events not followed yet: bounded by the states under way at once. */
  readonly #entered = new Set<number>();

  add(event: HistoryEvent): void {
    const first = this.#entered.delete(event.previousEventId);
    if (event.type.endsWith('StateEntered')) {
      this.total++;
      this.#entered.add(event.id);
    } else if (event.type === 'ExecutionRedriven') this.total++;
    else if (!first && ATTEMPT_STARTS.has(event.type)) this.total++;
  }
}

/** The billed transitions of a whole history. */
export function billedTransitions(events: Iterable<HistoryEvent>): number {
  const count = new TransitionCount();
  for (const event of events) count.add(event);
  return count.total;
}
