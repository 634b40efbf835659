// What the group commit (group-commit.ts) writes: each owner's writes, merged into one store batch.
import type { Batch, DocumentKind, DocumentRow, EventRow, ExecutionRow, TimerRow } from '../store/index.ts';
import { StoreError } from '../store/index.ts';
import type { ExecutionLeases, LeaseWrite } from './execution-leases.ts';

/** What one owner (an execution, a state machine, an activity) writes in one batch. */
export interface Writes {
  events: EventRow[];
  execution?: ExecutionRow;
  documents: DocumentRow[];
  deleted: Array<{ kind: DocumentKind; key: string }>;
  timers: TimerRow[];
  cleared: string[];
  /** With leases: how an execution's writes are fenced (decided when the batch is taken). */
  lease?: LeaseWrite;
  /** With leases: the execution closed with this batch, its lease ends. */
  ended?: boolean;
}

export type Part = ReadonlyArray<readonly [string, Writes]>;

/**
 * Decides how an execution's writes in a batch are fenced (its Map Runs' documents included: a
 * stale copy must not write its counts); catalog documents are not.
 */
export function leaseOf(leases: ExecutionLeases, owner: string, w: Writes): void {
  const runs =
    w.events.length > 0 ||
    w.execution !== undefined ||
    w.timers.length > 0 ||
    w.cleared.length > 0 ||
    w.documents.some((d) => d.kind === 'mapRun');
  if (!runs) return;
  // Only a start (or a redrive) takes a new lease; ExecutionStarted is always event 1.
  const starts = w.events.some((e) => e.id === 1 || e.data['type'] === 'ExecutionRedriven');
  // Only the row of a closed execution, nothing it runs: a fork's source naming its forks; or
  // only its Map Runs' documents (a Map Run closes after its execution, when that was stopped).
  const closedRow =
    w.events.length === 0 &&
    w.timers.length === 0 &&
    w.cleared.length === 0 &&
    (w.execution === undefined || w.execution.status !== 'RUNNING');
  w.lease = leases.writeOf(owner, starts, closedRow);
  if (w.lease.kind === 'closed') return;
  if (w.execution !== undefined && w.execution.status !== 'RUNNING') w.ended = true;
}

export function committedLeases(leases: ExecutionLeases, part: Part): void {
  const created: string[] = [];
  const ended: string[] = [];
  for (const [owner, w] of part) {
    if (w.lease?.kind === 'new') created.push(owner);
    if (w.ended) ended.push(owner);
  }
  leases.committed(created, ended);
}

/** Everything `part` writes, as one store batch (with its leases' checks, when leased). */
export function merge(part: Part, leases?: ExecutionLeases): Batch {
  const batch = {
    events: [] as EventRow[],
    executions: [] as ExecutionRow[],
    documents: [] as DocumentRow[],
    deletedDocuments: [] as Array<{ kind: DocumentKind; key: string }>,
    timers: [] as TimerRow[],
    clearedTimers: [] as string[],
  };
  // Loops, not push(...): one owner may have more events than a call has arguments.
  for (const [, w] of part) {
    for (const e of w.events) batch.events.push(e);
    if (w.execution) batch.executions.push(w.execution);
    for (const d of w.documents) batch.documents.push(d);
    for (const d of w.deleted) batch.deletedDocuments.push(d);
    for (const t of w.timers) batch.timers.push(t);
    for (const c of w.cleared) batch.clearedTimers.push(c);
  }
  if (!leases) return batch;
  const writes: Array<readonly [string, LeaseWrite]> = [];
  const ended: string[] = [];
  const children: string[] = [];
  for (const [owner, w] of part) {
    if (w.lease) writes.push([owner, w.lease]);
    if (!w.ended) continue;
    ended.push(owner);
    // A Map's child that ends here, not in the batch that started it: its parent may wait for
    // it on another server (one started and ended in one batch ran beside its parent).
    if (w.lease?.kind === 'fence' && w.execution?.data['mapRunArn'] !== undefined && leases.shared)
      children.push(owner);
  }
  return {
    ...batch,
    ...leases.batch(writes, ended),
    ...(children.length > 0 ? { wakeEnded: children } : {}),
  };
}

/** A store should fail with a StoreError; anything else is not known to be worth retrying. */
export function asStoreError(e: unknown): StoreError {
  if (e instanceof StoreError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new StoreError(message, { transient: false, code: 'UNCLASSIFIED', cause: e });
}
