import type { Batch, DocumentKind, DocumentRow, EventRow, ExecutionRow, TimerRow } from '../store/index.ts';
import type { Store } from '../store/index.ts';
import { LEASE_LOST, StoreError } from '../store/index.ts';
import type { Clock } from './clock.ts';
import type { ExecutionLeases, LeaseWrite } from './execution-leases.ts';

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(e: Error): void;
}

function deferred(): Deferred {
  let resolve = (): void => {};
  let reject = (_: Error): void => {};
  const promise = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  // Nobody may be waiting when it fails (a batch no request waits for).
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/** What one owner (an execution, a state machine, an activity) writes in one batch. */
interface Writes {
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

type Part = ReadonlyArray<readonly [string, Writes]>;

const NEVER = new AbortController().signal;
/** Retries of a store that is away back off exponentially, up to this. */
const MAX_BACKOFF_MS = 2000;
const FIRST_BACKOFF_MS = 50;
/** How long waiters wait for a store that keeps failing before they are told it is unavailable. */
const PATIENCE_MS = 1000;
/** Marks a write dropped because its owner's earlier writes were refused. */
const DROPPED = 0;
/** Refusals remembered for `capture` (a request asks right after its batch). */
const REFUSALS_KEPT = 1000;

/** Called when the store refused an owner's writes for good; the group commit waits for it. */
export type Refused = (owner: string, error: StoreError) => Promise<void>;

/** Leases on a store several servers share: every execution's writes are fenced by them. */
export interface Leasing {
  readonly leases: ExecutionLeases;
  /** An execution's lease was found taken by another server: drop it, write nothing more. */
  lost(executionArn: string): void;
}

/**
 * Group commit (DESIGN.md decision 3): what every execution writes during one turn of the event
 * loop goes to the store in one transaction, so throughput is not one fsync per transition.
 * A write counts only once its transaction has committed: `flushed()` says when.
 *
 * A failing execution never blocks the others. Writes are grouped by owner (an execution ARN,
 * or the resource a catalog document belongs to). A batch the store refuses (a constraint, a
 * value it cannot keep) is split in halves until the refused owner is alone: everything else
 * commits, and `refused` decides that owner's fate; its later writes are dropped until it is
 * `release`d. A store that is away is retried with bounded backoff, and meanwhile waiters are
 * told so (a transient StoreError) instead of waiting forever.
 */
export class GroupCommit {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #refused: Refused;
  #owners = new Map<string, Writes>();
  #lastOwner: string | undefined;
  #lastWrites: Writes | undefined;
  #pending = 0;
  /** Resolved when the batch being gathered has committed. */
  #next: Deferred | undefined;
  #inflight: Deferred | undefined;
  #running = false;
  #closed = false;
  /** Batches taken so far: the one being gathered is number `#seq + 1`. */
  #seq = 0;
  readonly #poisoned = new Set<string>();
  readonly #refusals = new Map<string, { readonly seq: number; readonly error: StoreError }>();
  #capture: Map<string, number> | undefined;
  readonly #leasing: Leasing | undefined;

  constructor(store: Store, clock: Clock, refused: Refused, leasing?: Leasing) {
    this.#store = store;
    this.#clock = clock;
    this.#refused = refused;
    this.#leasing = leasing;
  }

  /** Writes are fenced by leases: the store is shared with other servers (scale-out). */
  get leased(): boolean {
    return this.#leasing !== undefined;
  }

  #of(owner: string): Writes | undefined {
    const poisoned = this.#poisoned.size > 0 && this.#poisoned.has(owner);
    // Dropped writes are captured too: the request that made them must not be acknowledged.
    this.#capture?.set(owner, poisoned ? DROPPED : this.#seq + 1);
    if (this.#closed || poisoned) return undefined;
    // An execution writes several events in a row: its entry is usually the last one used.
    let w = owner === this.#lastOwner ? this.#lastWrites : this.#owners.get(owner);
    if (!w) {
      w = { events: [], documents: [], deleted: [], timers: [], cleared: [] };
      this.#owners.set(owner, w);
    }
    this.#lastOwner = owner;
    this.#lastWrites = w;
    this.#pending++;
    if (!this.#running) {
      this.#running = true;
      void this.#loop();
    }
    return w;
  }

  event(row: EventRow): void {
    this.#of(row.executionArn)?.events.push(row);
  }

  execution(row: ExecutionRow): void {
    const w = this.#of(row.arn);
    if (w) w.execution = row;
  }

  /** A catalog document belongs to its parent (a machine's revision, versions) or to itself. */
  document(row: DocumentRow): void {
    this.#of(row.parent || row.key)?.documents.push(row);
  }

  deleteDocument(kind: DocumentKind, key: string): void {
    this.#of(key)?.deleted.push({ kind, key });
  }

  timer(row: TimerRow): void {
    this.#of(row.executionArn)?.timers.push(row);
  }

  clearTimer(executionArn: string): void {
    const w = this.#of(executionArn);
    if (!w) return;
    // A timer set earlier in the same batch must not outlive its clearing (the store applies
    // clearings before settings).
    w.timers = [];
    w.cleared.push(executionArn);
  }

  /**
   * Another server holds the execution now: what it queued is dropped, and so is all it writes
   * from now on (until `release`, when this server claims it again).
   */
  drop(owner: string): void {
    this.#poisoned.add(owner);
    if (this.#owners.delete(owner) && this.#lastOwner === owner) {
      this.#lastOwner = undefined;
      this.#lastWrites = undefined;
    }
  }

  /** Ends an execution's lease (it closed; leases only). */
  endLease(executionArn: string): void {
    const w = this.#of(executionArn);
    if (w) w.ended = true;
  }

  /**
   * Resolves once everything queued before the call is durable. Rejects with a transient
   * StoreError when the store has been failing too long to wait for (the writes stay queued and
   * are retried).
   */
  flushed(): Promise<void> {
    if (this.#pending > 0) return (this.#next ??= deferred()).promise;
    return this.#inflight?.promise ?? Promise.resolve();
  }

  /**
   * Runs `work` and notes whose writes it queues; `durable()` then resolves once they are all
   * committed, or rejects with the StoreError that refused one of them (or that keeps the store
   * away). Only the synchronous part of `work` is seen: nothing else runs meanwhile.
   */
  capture<T>(work: () => T): { readonly result: T; readonly durable: () => Promise<void> } {
    const outer = this.#capture;
    const written = new Map<string, number>();
    this.#capture = written;
    let result: T;
    try {
      result = work();
    } finally {
      this.#capture = outer;
      for (const [owner, seq] of written) outer?.set(owner, seq);
    }
    return {
      result,
      durable: async () => {
        await this.flushed();
        for (const [owner, seq] of written) {
          const refused = this.#refusals.get(owner);
          if (refused && (seq === DROPPED || refused.seq === seq)) throw refused.error;
        }
      },
    };
  }

  /** The owner's writes are taken again (its refusal has been dealt with). */
  release(owner: string): void {
    this.#poisoned.delete(owner);
  }

  /**
   * Stops writing (the store is about to close): what is queued later is dropped, as a crash
   * would drop it, and is derived again by replay at the next start.
   */
  close(): void {
    this.#closed = true;
  }

  #take(): Part {
    const owners = [...this.#owners];
    this.#owners = new Map();
    this.#lastOwner = undefined;
    this.#lastWrites = undefined;
    this.#pending = 0;
    this.#seq++;
    const leases = this.#leasing?.leases;
    if (leases) for (const [owner, w] of owners) leaseOf(leases, owner, w);
    return owners;
  }

  async #loop(): Promise<void> {
    try {
      while (this.#pending > 0) {
        // One turn of the event loop lets every ready execution add its events to this batch.
        await (this.#clock.tick?.() ?? Promise.resolve());
        this.#inflight = this.#next ?? deferred();
        this.#next = undefined;
        await this.#write(this.#take(), this.#seq, { since: undefined, attempts: 0 });
        const done = this.#inflight;
        this.#inflight = undefined;
        done.resolve();
      }
    } finally {
      this.#running = false;
    }
  }

  /** Commits `part`, retrying while the store is away and splitting it when the store refuses. */
  async #write(
    part: Part,
    seq: number,
    failing: { since?: number | undefined; attempts: number },
  ): Promise<void> {
    if (part.length === 0) return;
    for (;;) {
      if (this.#closed) return;
      try {
        await this.#store.commit(merge(part, this.#leasing?.leases));
        if (this.#leasing) committedLeases(this.#leasing.leases, part);
        return;
      } catch (e) {
        if (this.#closed) return;
        const error = asStoreError(e);
        if (error.transient) {
          failing.attempts++;
          const now = this.#clock.now();
          failing.since ??= now;
          if (failing.attempts === 1 || failing.attempts % 20 === 0) {
            console.error(
              `stepwise: the store is unavailable (attempt ${failing.attempts}), retrying:`,
              error.message,
            );
          }
          // Nothing that depends on the batch has been confirmed; those waiting are told now.
          if (now - failing.since >= PATIENCE_MS) this.#unavailable(error);
          const backoff = Math.min(
            MAX_BACKOFF_MS,
            FIRST_BACKOFF_MS * 2 ** Math.min(failing.attempts - 1, 10),
          );
          await this.#clock.sleep(backoff, NEVER);
          continue;
        }
        const only = part.length === 1 ? part[0] : undefined;
        if (only && error.code === LEASE_LOST && this.#leasing && only[1].lease) {
          return this.#lost(this.#leasing, only[0], only[1].lease);
        }
        if (only) return this.#refuse(only[0], seq, error);
        const half = part.length >> 1;
        await this.#write(part.slice(0, half), seq, failing);
        await this.#write(part.slice(half), seq, failing);
        return;
      }
    }
  }

  /**
   * Tells those waiting that the store is away. Later waiters wait afresh: for the next failed
   * attempt, or for the commit once the store is back.
   */
  #unavailable(error: StoreError): void {
    if (this.#inflight) {
      this.#inflight.reject(error);
      this.#inflight = deferred();
    }
    this.#next?.reject(error);
    this.#next = undefined;
  }

  /**
   * Another server holds the execution now (its lease token moved on): this copy is dropped and
   * writes nothing more, unless a claim since gave this server a newer lease for it.
   */
  #lost(leasing: Leasing, owner: string, write: LeaseWrite): void {
    if (!leasing.leases.forget(owner, write)) return;
    this.drop(owner);
    leasing.lost(owner);
  }

  async #refuse(owner: string, seq: number, error: StoreError): Promise<void> {
    console.error(`stepwise: the store refused the writes of ${owner} (${error.code}): ${error.message}`);
    this.#poisoned.add(owner);
    this.#refusals.delete(owner);
    this.#refusals.set(owner, { seq, error });
    if (this.#refusals.size > REFUSALS_KEPT) {
      const oldest = this.#refusals.keys().next().value;
      if (oldest !== undefined) this.#refusals.delete(oldest);
    }
    try {
      await this.#refused(owner, error);
    } catch (e) {
      console.error(`stepwise: could not deal with the refused writes of ${owner}`, e);
    }
  }
}

/** Decides how an execution's writes in a batch are fenced; catalog documents are not. */
function leaseOf(leases: ExecutionLeases, owner: string, w: Writes): void {
  const runs =
    w.events.length > 0 || w.execution !== undefined || w.timers.length > 0 || w.cleared.length > 0;
  if (!runs) return;
  // Only a start (or a redrive) takes a new lease; ExecutionStarted is always event 1.
  const starts = w.events.some((e) => e.id === 1 || e.data['type'] === 'ExecutionRedriven');
  w.lease = leases.writeOf(owner, starts);
  if (w.execution !== undefined && w.execution.status !== 'RUNNING') w.ended = true;
}

function committedLeases(leases: ExecutionLeases, part: Part): void {
  const created: string[] = [];
  const ended: string[] = [];
  for (const [owner, w] of part) {
    if (w.lease?.kind === 'new') created.push(owner);
    if (w.ended) ended.push(owner);
  }
  leases.committed(created, ended);
}

/** Everything `part` writes, as one store batch (with its leases' checks, when leased). */
function merge(part: Part, leases?: ExecutionLeases): Batch {
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
  for (const [owner, w] of part) {
    if (w.lease) writes.push([owner, w.lease]);
    if (w.ended) ended.push(owner);
  }
  return { ...batch, ...leases.batch(writes, ended) };
}

/** A store should fail with a StoreError; anything else is not known to be worth retrying. */
function asStoreError(e: unknown): StoreError {
  if (e instanceof StoreError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new StoreError(message, { transient: false, code: 'UNCLASSIFIED', cause: e });
}
