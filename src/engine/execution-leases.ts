import type { Batch, Lease, LeaseShare, Store } from '../store/index.ts';
import type { Clock } from './clock.ts';

/** How this server holds executions on a store that several servers share (DESIGN.md decision 6). */
export interface LeaseSettings {
  /** This server's id in the store's leases: unique per process. */
  readonly owner: string;
  /** How long a lease lasts unrenewed: a dead server's executions move on after it. */
  readonly leaseMs?: number;
  /** How often the leases held are renewed (well under `leaseMs`). */
  readonly renewMs?: number;
  /** How often expired leases (and due work of dead servers) are looked for. */
  readonly claimMs?: number;
  /**
   * False: other servers' wake-ups (PostgreSQL NOTIFY) are not listened to; messages and handed
   * back leases are found by polling alone (messages/message-inbox.ts).
   */
  readonly notify?: boolean;
}

/** Resumption within 5 s of a death: 2.5 s of lease, then at most 0.5 s until a claim. */
const LEASE_MS = 2500;
const RENEW_MS = 700;
const CLAIM_MS = 500;
/** Executions claimed per round: a dead server's work spreads over the live ones. */
const CLAIM_LIMIT = 200;

/** What the engine does with a lease change. */
export interface LeaseHooks {
  /** This server now holds the execution: it resumes it from the store. */
  claimed(executionArn: string): void;
  /** Another server holds it now: it is dropped from memory and never written again. */
  lost(executionArn: string): void;
  /**
   * This server holds more than its share: up to `count` executions it can stop driving at no
   * cost (parked on a durable timer) are let go of, and returned once all they wrote is durable.
   */
  spare?(count: number): Promise<string[]>;
}

/**
 * A server holding more than its share by this much hands the surplus back: a margin, so that
 * executions do not move back and forth at every start and end.
 */
const slack = (fair: number): number => Math.max(1, Math.ceil(fair / 10));

/** Each server's share of the leases, rounded up (every lease when there is none to count). */
const fairOf = (share: LeaseShare): number =>
  share.leases === 0 ? CLAIM_LIMIT : Math.ceil(share.leases / Math.max(1, share.servers));

/**
 * The lease part of one owner's writes in a batch, decided once when the batch is taken; `by`:
 * the execution whose lease fences these writes too (fenceWith).
 */
export type LeaseWrite =
  | { readonly kind: 'new'; readonly by?: string | undefined }
  | { readonly kind: 'fence'; readonly token: number; readonly by?: string | undefined }
  /** The row of a closed execution nobody leases (a fork's source naming its forks). */
  | { readonly kind: 'closed' };

/**
 * The executions this server holds (DESIGN.md decision 6): the token of each, for the group
 * commit to fence its writes with; the heartbeat that renews them; the poll that claims those of
 * servers that died. A store for one server (SQLite, memory) needs none of this.
 */
export class ExecutionLeases {
  readonly owner: string;
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #hooks: LeaseHooks;
  readonly #leaseMs: number;
  readonly #renewMs: number;
  readonly #claimMs: number;
  /** Tokens held; unconfirmed ones are in a batch not yet committed (a renew cannot see them). */
  readonly #held = new Map<string, { token: number; confirmed: boolean; ending?: boolean }>();
  readonly #stop = new AbortController();
  /** Cuts the claim loop's sleep short (claimNow). */
  #claimWake = new AbortController();
  /** Being handed back: a renewal must not take them for leases nothing here drives. */
  readonly #handing = new Set<string>();
  /** The last count of the share; the new executions asked about and kept here since (`offers`). */
  #share: LeaseShare | undefined;
  #keptSince = 0;
  #newSince = 0;
  #claiming = true;
  #draining = false;
  #loops: Promise<void>[] = [];

  constructor(store: Store, clock: Clock, settings: LeaseSettings, hooks: LeaseHooks) {
    this.owner = settings.owner;
    this.#store = store;
    this.#clock = clock;
    this.#hooks = hooks;
    this.#leaseMs = settings.leaseMs ?? LEASE_MS;
    this.#renewMs = settings.renewMs ?? RENEW_MS;
    this.#claimMs = settings.claimMs ?? CLAIM_MS;
  }

  /** Executions held now. */
  get size(): number {
    return this.#held.size;
  }

  /** Other servers were live at the last count (up to 0.5 s old). */
  get shared(): boolean {
    return (this.#share?.servers ?? 0) > 1;
  }

  /** Starts renewing and claiming. */
  start(): void {
    this.#loops = [
      this.#every(this.#renewMs, () => this.#renew()),
      this.#every(
        this.#claimMs,
        () => (this.#claiming ? this.#claim() : Promise.resolve()),
        () => this.#claimWake.signal,
      ),
    ];
  }

  /** Leases were handed back (a NOTIFY said so): they are claimed now, not at the next poll. */
  claimNow(): void {
    this.#claimWake.abort();
  }

  /**
   * How one execution's writes are fenced: a token held, or a new lease for an execution that
   * `starts` (or is redriven) here. Any other write of an execution not held here is fenced by a
   * token no lease has: refused. Called once per batch and owner, when the batch is taken.
   */
  writeOf(executionArn: string, starts: boolean, closedRow = false): LeaseWrite {
    const by = this.#fencedBy.get(executionArn);
    const held = this.#held.get(executionArn);
    if (held) return { kind: 'fence', token: held.token, by };
    if (closedRow) return { kind: 'closed' };
    if (!starts) return { kind: 'fence', token: 0, by };
    this.#held.set(executionArn, { token: 1, confirmed: false });
    return { kind: 'new', by };
  }

  /** Fences asked for the batch being gathered (fenceWith), taken with it (writeOf, taken). */
  #fencedBy = new Map<string, string>();

  /**
   * The writes `executionArn` queues now (in the batch being gathered) are fenced by the lease of
   * `by` too: a Map's child started or stopped by its parent. A stale copy of the parent (its
   * lease lost while its server was paused, and not dropped yet) then starts and stops no child
   * of the parent that another server drives now. Not held here: only if `by` has closed (its
   * row closed, with no lease).
   */
  fenceWith(executionArn: string, by: string): void {
    this.#fencedBy.set(executionArn, by);
  }

  /** The batch was taken: what fenceWith asked for executions that wrote nothing in it lapses. */
  taken(): void {
    if (this.#fencedBy.size > 0) this.#fencedBy = new Map();
  }

  /** The lease an execution's writes are fenced with now (none: not held here). */
  fenceOf(executionArn: string): Lease | undefined {
    const held = this.#held.get(executionArn);
    return held && { executionArn, token: held.token };
  }

  /** The lease fields of a batch whose owners' lease writes are `writes`; `ended` closed. */
  batch(writes: ReadonlyArray<readonly [string, LeaseWrite]>, ended: readonly string[]): Batch {
    const created: string[] = [];
    const fences: Lease[] = [];
    const closedRows: string[] = [];
    // A renewal no longer finds these once the batch commits: they closed, they were not lost.
    for (const arn of ended) {
      const held = this.#held.get(arn);
      if (held) held.ending = true;
    }
    const by: string[] = [];
    for (const [executionArn, w] of writes) {
      if (w.kind === 'new') created.push(executionArn);
      else if (w.kind === 'closed') closedRows.push(executionArn);
      else fences.push({ executionArn, token: w.token });
      if (w.kind !== 'closed' && w.by !== undefined) by.push(w.by);
    }
    if (by.length > 0) {
      const fenced = new Set([...created, ...fences.map((f) => f.executionArn), ...closedRows]);
      for (const arn of by) {
        if (fenced.has(arn)) continue;
        fenced.add(arn);
        const held = this.#held.get(arn);
        // Not held: it closed here (a Map stops its children after its stopped parent's close
        // has committed), so its row must be closed and unleased.
        if (held) fences.push({ executionArn: arn, token: held.token });
        else closedRows.push(arn);
      }
    }
    return {
      ...(created.length
        ? {
            newLeases: {
              owner: this.owner,
              expiresAt: this.#clock.now() + this.#leaseMs,
              executionArns: created,
            },
          }
        : {}),
      ...(fences.length ? { fences } : {}),
      ...(closedRows.length ? { closedRows } : {}),
      ...(ended.length ? { endedLeases: ended } : {}),
    };
  }

  /** A batch committed: its new leases are held for sure, its ended ones are gone. */
  committed(created: readonly string[], ended: readonly string[]): void {
    for (const arn of created) {
      const held = this.#held.get(arn);
      if (held) held.confirmed = true;
    }
    for (const arn of ended) this.#held.delete(arn);
  }

  /**
   * The store refused a write of `executionArn` fenced by `write`: that lease is not held any
   * more (unless a claim since gave this server a newer one). True if it was the one held.
   */
  forget(executionArn: string, write: LeaseWrite): boolean {
    // Not a lease of this server: the execution was redriven elsewhere meanwhile.
    if (write.kind === 'closed') return false;
    const token = write.kind === 'new' ? 1 : write.token;
    const held = this.#held.get(executionArn);
    if (held && held.token !== token) return false;
    this.#held.delete(executionArn);
    return true;
  }

  /** This server could not resume the execution it claimed: a later renewal claims it again. */
  unheld(executionArn: string): void {
    this.#held.delete(executionArn);
  }

  /**
   * Whether a new execution that any server may run (a Distributed Map's child) should be handed
   * to whichever claims it rather than run here: only when other servers are live and this one
   * holds its share already (the last count, plus what it kept since).
   */
  offers(): boolean {
    const share = this.#share;
    if (!share || share.servers < 2 || !this.#claiming) return false;
    // The count is up to 0.5 s old: the executions started here since count too (a Map starts
    // its children at once, maybe before its own lease was counted).
    this.#newSince++;
    const fair = Math.ceil((share.leases + this.#newSince) / share.servers);
    if (this.#held.size + this.#keptSince < fair) {
      this.#keptSince++;
      return false;
    }
    return true;
  }

  /**
   * Hands the leases of these executions back (their writes are durable, nothing here drives
   * them): any server, this one included, claims them at its next look.
   */
  async giveBack(executionArns: readonly string[]): Promise<void> {
    const leases: Lease[] = [];
    for (const executionArn of executionArns) {
      const held = this.#held.get(executionArn);
      if (!held) continue;
      leases.push({ executionArn, token: held.token });
      this.#held.delete(executionArn);
      this.#handing.add(executionArn);
    }
    if (leases.length === 0) return;
    try {
      // One that moved on meanwhile is another server's already; a failure leaves them held in
      // the store, and the next renewal resumes them here (nothing here drives them).
      await this.#store.handBackLeases(this.owner, leases, this.#clock.now());
    } finally {
      for (const l of leases) this.#handing.delete(l.executionArn);
    }
  }

  /** Executions to hand over, gathered for one `giveBack` (see `handOver`). */
  #handingOver: { readonly arns: string[]; readonly done: Promise<void> } | undefined;

  /**
   * `giveBack` for the executions asked about at about the same moment, in one statement: a Map
   * hands over many children at once, each once its start is durable (the same commit).
   */
  handOver(executionArn: string): Promise<void> {
    let batch = this.#handingOver;
    if (!batch) {
      const arns: string[] = [];
      // After the microtasks queued so far: the other children whose commit just ended.
      const done = Promise.resolve().then(() => {
        this.#handingOver = undefined;
        return this.giveBack(arns);
      });
      batch = this.#handingOver = { arns, done };
    }
    batch.arns.push(executionArn);
    return batch.done;
  }

  /**
   * Draining (SIGTERM): claims nothing more; once the engine has halted and flushed, `handBack`
   * lets other servers claim what this one held at once.
   */
  stopClaiming(): void {
    this.#claiming = false;
    this.#draining = true;
  }

  async handBack(): Promise<void> {
    this.#claiming = false;
    this.#draining = true;
    await this.#store.releaseLeases(this.owner, this.#clock.now());
    this.#held.clear();
  }

  /** Stops the heartbeat and the claims (the leases then expire unless handed back). */
  async close(): Promise<void> {
    this.#stop.abort();
    this.#claimWake.abort();
    await Promise.all(this.#loops);
  }

  async #every(ms: number, work: () => Promise<void>, woken?: () => AbortSignal): Promise<void> {
    while (!this.#stop.signal.aborted) {
      if (woken?.().aborted) this.#claimWake = new AbortController();
      try {
        await work();
      } catch (e) {
        // The store is away: the writes are fenced, so holding on is safe; try again.
        console.error('stepwise: leases:', e instanceof Error ? e.message : e);
      }
      // The wake signal is aborted by close() too: it stands for both.
      await this.#clock.sleep(ms, woken?.() ?? this.#stop.signal);
    }
  }

  async #renew(): Promise<void> {
    // The token each was held with when asked: one claimed again meanwhile (a newer token) was
    // not lost, whatever this renewal, which may have run before that claim, says.
    const asked = new Map(
      [...this.#held].filter(([, h]) => h.confirmed && !h.ending).map(([arn, h]) => [arn, h.token]),
    );
    const kept = await this.#store.renewLeases(this.owner, this.#clock.now() + this.#leaseMs);
    if (this.#stop.signal.aborted) return;
    for (const lease of kept) {
      const held = this.#held.get(lease.executionArn);
      if (held?.token === lease.token) asked.delete(lease.executionArn);
      else if (!held && !this.#draining && !this.#handing.has(lease.executionArn)) {
        // The store says this server holds it, but nothing here runs it (its resume failed):
        // it is resumed again, rather than renewed forever with nobody driving it.
        this.#held.set(lease.executionArn, { token: lease.token, confirmed: true });
        this.#hooks.claimed(lease.executionArn);
      }
    }
    // Held here, but no longer in the store with this token: another server claimed it.
    for (const [arn, token] of asked) {
      const held = this.#held.get(arn);
      if (held?.confirmed !== true || held.ending || held.token !== token) continue;
      this.#held.delete(arn);
      this.#hooks.lost(arn);
    }
  }

  /**
   * Claims expired leases (of servers that died or handed them back) up to this server's share,
   * so that they spread over the live servers; a server above its share (one joined) hands back
   * what it can let go of at no cost.
   */
  async #claim(): Promise<void> {
    const now = this.#clock.now();
    const share = await this.#store.leaseShare(this.owner, now);
    this.#share = share;
    this.#keptSince = 0;
    this.#newSince = 0;
    const fair = fairOf(share);
    // Those it starts count too before their first commit: a Map that hands some children over
    // (waking every server's claims) keeps its others, and must not claim those back at once.
    const limit = Math.min(CLAIM_LIMIT, fair - Math.max(share.mine, this.#held.size));
    if (limit <= 0) {
      if (share.mine - fair > slack(fair) && this.#hooks.spare) {
        await this.giveBack(await this.#hooks.spare(share.mine - fair));
      }
      return;
    }
    const claimed = await this.#store.claimLeases(this.owner, now, now + this.#leaseMs, limit);
    if (this.#stop.signal.aborted) return;
    for (const lease of claimed) {
      const stale = this.#held.has(lease.executionArn);
      this.#held.set(lease.executionArn, { token: lease.token, confirmed: true });
      // Held here before under an older token: that copy must go before the new one runs.
      if (stale) this.#hooks.lost(lease.executionArn);
      this.#hooks.claimed(lease.executionArn);
    }
  }
}
