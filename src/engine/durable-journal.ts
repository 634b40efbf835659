import type { Store } from '../store/index.ts';
import type { Clock } from './clock.ts';
import type { LeaseHooks, LeaseSettings } from './execution-leases.ts';
import { ExecutionLeases } from './execution-leases.ts';
import type { Refused } from './group-commit.ts';
import { GroupCommit } from './group-commit.ts';

export type { LeaseSettings } from './execution-leases.ts';

/**
 * The group commit of an engine with a store, and with `settings` (a store servers share) the
 * leases that fence its executions' writes (DESIGN.md decisions 3 and 6).
 */
export function durableJournal(
  store: Store | undefined,
  clock: Clock,
  settings: LeaseSettings | undefined,
  hooks: LeaseHooks & { readonly refused: Refused },
): { readonly journal: GroupCommit; readonly leases: ExecutionLeases | undefined } | undefined {
  if (!store) return undefined;
  const journal: { current?: GroupCommit } = {};
  const leases =
    settings &&
    new ExecutionLeases(store, clock, settings, {
      claimed: (arn) => hooks.claimed(arn),
      spare: (count) => hooks.spare?.(count) ?? Promise.resolve([]),
      // Lost at renewal: what it queued must not be written either.
      lost: (arn) => {
        journal.current?.drop(arn);
        hooks.lost(arn);
      },
    });
  const lost = (arn: string): void => hooks.lost(arn);
  journal.current = new GroupCommit(store, clock, hooks.refused, leases && { leases, lost });
  return { journal: journal.current, leases };
}
