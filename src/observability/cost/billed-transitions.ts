import type { HistoryEvent } from '../../engine/index.ts';

/** What an event type means for billing (memoised: event types are few). */
export type BillingKind = 'entered' | 'attempt' | 'failure' | 'redriven' | 'other';

/**
 * Where a state's work starts, once per attempt: an attempt that follows a failure is a retry.
 * Task events of the three families, and the start of a Parallel's or Map's branches.
 */
const ATTEMPT_STARTS = new Set([
  'TaskScheduled',
  'LambdaFunctionScheduled',
  'ActivityScheduled',
  'ParallelStateStarted',
  'MapStateStarted',
]);

const kinds = new Map<string, BillingKind>();

export function billingKind(type: string): BillingKind {
  let kind = kinds.get(type);
  if (kind === undefined) {
    kind = type.endsWith('StateEntered')
      ? 'entered'
      : ATTEMPT_STARTS.has(type)
        ? 'attempt'
        : type === 'ExecutionRedriven'
          ? 'redriven'
          : /(Failed|TimedOut)$/.test(type) && !type.startsWith('Execution')
            ? 'failure'
            : 'other';
    kinds.set(type, kind);
  }
  return kind;
}

/**
 * Counts the state transitions AWS bills a Standard execution for, as its events arrive (AWS
 * pricing, "Standard Workflows"; developer guide, "Transitions"):
 * - each state entered (every `…StateEntered`, also inside Parallel branches and each Inline Map
 *   iteration's states; the iterations themselves are not billed);
 * - each retry, an additional transition;
 * - each redrive (`ExecutionRedriven`); the states it runs again are entered again, so counted.
 * A retry is an attempt that follows the failure it retries (its `previousEventId`); the first
 * attempt follows its state's Entered event. One memoised lookup per event: it runs on every one.
 */
export class TransitionCount {
  total = 0;
  /** Failures not retried yet: few, and only while the execution is open (made at the first). */
  #failures: Set<number> | undefined;

  /** Counts `event`; true when it is a billed transition. */
  add(event: HistoryEvent): boolean {
    return this.addKind(billingKind(event.type), event);
  }

  /** Counts `event`, whose type's kind the caller looked up already. */
  addKind(kind: BillingKind, event: HistoryEvent): boolean {
    switch (kind) {
      case 'entered':
      case 'redriven':
        this.total++;
        return true;
      case 'failure':
        (this.#failures ??= new Set()).add(event.id);
        return false;
      case 'attempt':
        if (!this.#failures?.delete(event.previousEventId)) return false;
        this.total++;
        return true;
      case 'other':
        return false;
    }
  }
}
