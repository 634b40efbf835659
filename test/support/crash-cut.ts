// What a crash leaves in the store: the execution still open with only its first events committed.
import type { HistoryEvent } from '../../src/engine/index.ts';
import type { Doc, Store } from '../../src/store/index.ts';
import { MemoryStore } from '../../src/store/drivers.ts';

/** The execution's stored history, as events. */
export async function storedHistory(store: Store, executionArn: string): Promise<HistoryEvent[]> {
  return (await store.getHistory(executionArn)).map((e) => e.data as unknown as HistoryEvent);
}

/**
 * A new store holding what `store` held when event `cut` of the (now closed) execution was
 * committed: its machines and revisions, the execution RUNNING, events 1..cut.
 */
export async function storeCutAt(store: Store, executionArn: string, cut: number): Promise<MemoryStore> {
  const row = await store.getExecution(executionArn);
  if (!row) throw new Error(`no execution ${executionArn}`);
  const documents = [
    ...(await store.listDocuments('stateMachine')),
    ...(await store.listDocuments('stateMachineRevision')),
  ];
  const events = await storedHistory(store, executionArn);
  const { output: _o, stopDate: _s, ...open } = row.data as Doc & { output?: string; stopDate?: number };
  const crashed = new MemoryStore();
  await crashed.commit({
    documents,
    executions: [{ ...row, status: 'RUNNING', data: { ...open, status: 'RUNNING' } }],
    events: events.slice(0, cut).map((e) => ({ executionArn, id: e.id, data: e as unknown as Doc })),
  });
  return crashed;
}
