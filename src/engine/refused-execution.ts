import type { Doc, ExecutionRow, Store, StoreError } from '../store/index.ts';
import type { ExecutionRecord } from './execution.ts';
import { closeUnsuccessfully } from './execution.ts';
import type { HistoryEvent } from './history/event.ts';

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
