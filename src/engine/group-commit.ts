import type {
  EventRow,
  ExecutionRow,
  DocumentKind,
  DocumentRow,
  TimerRow,
  StoreError,
} from '../store/index.ts';
import type { Store } from '../store/index.ts';
import { LEASE_LOST } from '../store/index.ts';
import type { Clock } from './clock.ts';
import type { ExecutionLeases, LeaseWrite } from './execution-leases.ts';
import type { Part, Writes } from './group-commit-batch.ts';
import { asStoreError, committedLeases, leaseOf, merge } from './group-commit-batch.ts';
import { Pipeline } from './group-commit-pipeline.ts';
import type { Deferred } from './deferred.ts';
import { deferred } from './deferred.ts';

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
 * A write counts only once its transaction has committed: `flushed()` says when. A store that
 * applies at once (SQLite) or pipelines (PostgreSQL) gets the next batch while one is synced or
 * committed; waiters are answered in order all the same.
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
  /** Settles once every batch applied so far (Store.apply) has synced; never rejects. */
  #syncing: Promise<unknown> = Promise.resolve();
  #running = false;
  #closed = false;
  readonly #sent = new Pipeline();
  /** Resolved once the batch gathering has `size` owners (Pipeline.room waits for it). */
  #growth: { readonly size: number; readonly resolve: () => void } | undefined;
  readonly #grown = (size: number): Promise<void> =>
    new Promise((resolve) => (this.#growth = { size, resolve }));
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
      if (this.#growth && this.#owners.size >= this.#growth.size) this.#growth.resolve();
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
   * away); it is undefined when there is nothing to wait for. Only the synchronous part of `work`
   * is seen: nothing else runs meanwhile.
   */
  capture<T>(work: () => T): { readonly result: T; readonly durable: () => Promise<void> | undefined } {
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
      // Nothing written and nothing queued or committing: durable already (no promise to wait on).
      durable: () =>
        written.size === 0 && this.#pending === 0 && this.#inflight === undefined
          ? undefined
          : this.#durable(written),
    };
  }

  async #durable(written: ReadonlyMap<string, number>): Promise<void> {
    await this.flushed();
    for (const [owner, seq] of written) {
      const refused = this.#refusals.get(owner);
      if (refused && (seq === DROPPED || refused.seq === seq)) throw refused.error;
    }
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
    if (leases) {
      for (const [owner, w] of owners) leaseOf(leases, owner, w);
      leases.taken();
    }
    return owners;
  }

  async #loop(): Promise<void> {
    try {
      while (this.#pending > 0) {
        // While one is being sent, the batch gathers on (Pipeline.room).
        await this.#sent.room(() => this.#owners.size, this.#grown);
        // One turn of the event loop lets every ready execution add its events to this batch.
        await (this.#clock.tick?.() ?? Promise.resolve());
        this.#inflight = this.#next ?? deferred();
        this.#next = undefined;
        const part = this.#take();
        const syncing = this.#applied(part) ?? this.#pipelined(part, this.#inflight);
        if (syncing) {
          this.#afterSync(syncing, this.#inflight);
          continue;
        }
        // An owner's writes apply in order: those still being sent end first.
        await this.#sent.drained();
        await this.#write(part, this.#seq, { since: undefined, attempts: 0 });
        // Batches applied before this one and still syncing are durable first.
        await this.#syncing;
        const done = this.#inflight;
        this.#inflight = undefined;
        done.resolve();
      }
    } finally {
      this.#running = false;
    }
  }

  /**
   * With a store that pipelines and no leases: `part` sent now, behind the batches still being
   * committed, and the promise that it is durable (a failed commit takes the way of `#write`).
   * Undefined when it must take that way at once: it writes for an owner still being sent.
   */
  #pipelined(part: Part, waiters: Deferred): Promise<void> | undefined {
    if (this.#leasing || this.#closed || part.length === 0 || !this.#store.pipelines?.()) return undefined;
    if (this.#sent.overlaps(part)) return undefined;
    const seq = this.#seq;
    const write = (error: unknown): Promise<void> =>
      this.#write(part, seq, { since: undefined, attempts: 0, waiters }, { error });
    // Whether the commit fails or throws (its batch could not be written), #write deals with it.
    const durable = Promise.resolve()
      .then(() => this.#store.commit(merge(part)))
      .catch(write);
    this.#sent.add(part, durable);
    return durable;
  }

  /**
   * With a store that applies at once (Store.apply) and no leases: `part` applied now, and the
   * promise of its sync; the next batch is then gathered and applied while this one syncs.
   * Undefined when it must take the way of `#write` (which retries, and splits a refused batch).
   */
  #applied(part: Part): Promise<void> | undefined {
    const apply = this.#leasing || this.#closed || part.length === 0 ? undefined : this.#store.apply;
    if (!apply) return undefined;
    try {
      return apply(merge(part));
    } catch {
      // Nothing of it was applied: #write commits it again, and deals with the failure.
      return undefined;
    }
  }

  /** `done` settles when `syncing` has, after every batch applied before it. */
  #afterSync(syncing: Promise<void>, done: Deferred): void {
    const settle = (error?: unknown): void => {
      if (this.#inflight === done) this.#inflight = undefined;
      if (error === undefined) done.resolve();
      else done.reject(asStoreError(error));
    };
    this.#syncing = Promise.all([this.#syncing, syncing]).then(
      () => settle(),
      (e: unknown) => settle(e ?? new Error('sync failed')),
    );
  }

  /** Commits `part`, retrying while the store is away and splitting it when the store refuses. */
  async #write(
    part: Part,
    seq: number,
    failing: { since?: number | undefined; attempts: number; readonly waiters?: Deferred },
    /** How the attempt made already failed (a batch sent to a pipeline). */
    failed?: { readonly error: unknown },
  ): Promise<void> {
    if (part.length === 0) return;
    for (let made = failed; ; made = undefined) {
      if (this.#closed) return;
      try {
        if (made) throw made.error;
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
          if (now - failing.since >= PATIENCE_MS) this.#unavailable(error, failing.waiters);
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
  #unavailable(error: StoreError, waiters?: Deferred): void {
    // Those of a batch sent to a pipeline, when later ones have been taken since.
    waiters?.reject(error);
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
