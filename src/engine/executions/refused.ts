import type { Doc, ExecutionRow, Store, StoreError } from '../../store/index.ts';
import type { Catalog, Registered } from '../catalog/index.ts';
import { reloadResource } from '../catalog/index.ts';
import type { Clock } from '../clock.ts';
import type { ExecutionRecord } from '../execution.ts';
import type { GroupCommit } from '../group-commit.ts';
import { closeUnsuccessfully } from '../execution.ts';
import type { HistoryEvent } from '../history/event.ts';
import type { ExecutionObservers } from '../observers.ts';
import type { StoredExecution } from './execution-row.ts';
import type { KnownExecutions } from './known.ts';

export interface RefusalDeps {
  readonly store: Store | undefined;
  readonly journal: GroupCommit | undefined;
  readonly catalog: Catalog<Registered>;
  readonly known: KnownExecutions;
  readonly clock: Clock;
  readonly observers: ExecutionObservers;
}

/**
 * The store refused an owner's writes for good (GroupCommit). An execution is failed with the
 * cause, after the last event the store has; one that never reached the store is forgotten
 * (its start request is refused). A catalog resource is read back as the store has it.
 */
export async function refusedWrites(deps: RefusalDeps, owner: string, error: StoreError): Promise<void> {
  const { store, journal, known } = deps;
  if (!store || !journal) return;
  const running = known.running.get(owner)?.execution;
  const record = running?.record ?? known.parked.get(owner)?.record ?? known.closed.get(owner);
  const stateMachine = (known.running.get(owner)?.registered ?? known.parked.get(owner)?.source)?.record;
  if (!record) {
    await reloadResource(store, deps.catalog, owner);
    journal.release(owner);
    return;
  }
  running?.halt();
  known.running.delete(owner);
  known.parked.take(owner);
  try {
    const stored = await store.getExecution(owner);
    if (stored && stored.status !== 'RUNNING') {
      // Closed in the store already: scaled out, by another server, while a stale copy here
      // started it again (its parent's lease had moved on). That end stands; this copy goes.
      const { revision: _, ...closed } = stored.data as unknown as StoredExecution;
      known.closed.set(owner, closed);
      if (running?.following) deps.observers.drop(running.following);
      console.error(`stepwise: ${owner} was closed by another server; this copy is dropped`);
    } else if (stored) {
      const failed = await failRefusedExecution(store, record, stored, error, deps.clock.now());
      known.closed.set(owner, failed);
      if (stateMachine && record.status === 'RUNNING')
        deps.observers.closedAside({ record: failed, stateMachine }, [], running?.following);
    } else {
      if (running?.following) deps.observers.drop(running.following);
      known.closed.delete(owner);
      known.sources.delete(owner);
    }
  } finally {
    // Even unresolved, it must not stay refused forever: a redrive or a restart writes again.
    journal.release(owner);
  }
}

/**
 * Closes an execution whose history the store refused for good (GroupCommit): FAILED with
 * States.Runtime and the store's reason, its ExecutionFailed event after the last event the store
 * has, so that its stored history stays gap-free. Returns the failed record; if even that cannot
 * be written, the execution stays open in the store and resumes by replay at the next start.
 */
export async function failRefusedExecution(
  store: Store,
  record: ExecutionRecord,
  stored: ExecutionRow,
  error: StoreError,
  now: number,
): Promise<ExecutionRecord> {
  const arn = record.executionArn;
  const failed: ExecutionRecord = { ...record };
  const cause = `The store refused this execution's history (${error.code}): ${error.message}`;
  const details = closeUnsuccessfully(failed, 'FAILED', now, 'States.Runtime', cause);
  try {
    const lastId = await store.lastEventId(arn);
    const event: HistoryEvent = {
      id: lastId + 1,
      previousEventId: lastId,
      timestamp: now,
      type: 'ExecutionFailed',
      executionFailedEventDetails: details,
    };
    // The stored row keeps what only it has (the revision the execution runs).
    await store.commit({
      events: [{ executionArn: arn, id: event.id, data: event as unknown as Doc }],
      executions: [{ ...stored, status: failed.status, data: { ...stored.data, ...failed } }],
      clearedTimers: [arn],
    });
    console.error(`stepwise: ${arn} failed: ${cause}`);
  } catch (e) {
    console.error(`stepwise: ${arn} failed (${cause}), but its failure could not be stored`, e);
  }
  return failed;
}
