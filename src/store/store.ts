/**
 * What Stepwise keeps durably, behind one interface (DESIGN.md decisions 2–6). The store knows
 * nothing of the engine: records are plain JSON documents plus the few columns it must query by.
 */

/** A JSON object the store saves and returns as is. */
export type Doc = { readonly [key: string]: unknown };

/**
 * Small keyed records, grouped by kind: state machines and their revisions, versions, aliases,
 * tags, activities, task tokens. `parent` is what they are listed by (a version's state machine,
 * a task token's execution).
 */
export type DocumentKind =
  | 'stateMachine'
  | 'stateMachineRevision'
  | 'stateMachineVersion'
  | 'stateMachineAlias'
  | 'tags'
  | 'activity'
  | 'taskToken'
  /** A distributed Map's run (DescribeMapRun, ListMapRuns), listed by its execution. */
  | 'mapRun'
  /** The one `leader` document: the API address of the server that leads. */
  | 'leader'
  /** A server that drives executions by lease (scale-out), keyed by its lease owner id: its API address. */
  | 'server'
  /** An EventBridge Scheduler-style schedule (triggers/), keyed `group/name`, parent its group. */
  | 'schedule'
  /**
   * A status-change event waiting for delivery to a webhook (triggers/' outbox), keyed by a
   * sequence that sorts in emission order, parent its execution.
   */
  | 'outboxEvent'
  /** A scheduled start that failed for good (triggers/' dead letters), parent its schedule ARN. */
  | 'deadLetter'
  /** A bulk operation (bulk/), keyed by its id; its progress, and one result per execution. */
  | 'bulkOperation'
  | 'bulkProgress'
  | 'bulkResult';

export interface DocumentRow {
  readonly kind: DocumentKind;
  readonly key: string;
  readonly parent: string;
  readonly data: Doc;
}

export interface ExecutionRow {
  readonly arn: string;
  readonly stateMachineArn: string;
  /** RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED (or PENDING_REDRIVE). */
  readonly status: string;
  /** Epoch ms; listings are newest first by it. */
  readonly startDate: number;
  /**
   * The format its history is written in (the engine's history/format.ts). Kept from the first
   * row written for the execution: later upserts of the row do not change it.
   */
  readonly historyFormat: number;
  readonly data: Doc;
}

/** One history event; ids of an execution are 1..n and never rewritten. */
export interface EventRow {
  readonly executionArn: string;
  readonly id: number;
  readonly data: Doc;
}

/** A durable wake-up: the execution resumes (by replay) at `fireAt`, epoch ms. */
export interface TimerRow {
  readonly executionArn: string;
  readonly fireAt: number;
}

/** A unit of work for an activity worker (GetActivityTask). */
export interface ActivityTaskRow {
  readonly id: string;
  readonly activityArn: string;
  readonly createdAt: number;
  readonly data: Doc;
}

/** The counts a server divides the leases by (Store.leaseShare). */
export interface LeaseShare {
  readonly servers: number;
  readonly leases: number;
  readonly mine: number;
}

/** One queuing of an activity task: its id (the task token) and when it was queued. */
export interface QueuedActivityTask {
  readonly id: string;
  readonly createdAt: number;
}

/** Who made a claim of an activity task: a server (its lease owner id), and when (epoch ms). */
export interface ActivityClaimBy {
  readonly server: string;
  readonly at: number;
}

/**
 * A call about an execution that reached a server which does not drive it (SendTask*, StopExecution
 * on a store servers share): kept until the execution's owner has applied it, or the execution
 * closed, so that a server dying between the two loses nothing (the next owner reads it on claim).
 */
export interface MessageRow {
  readonly id: string;
  readonly executionArn: string;
  readonly createdAt: number;
  readonly data: Doc;
}

/** What a server is woken for by another's commit (`Store.wakeUps`). */
export type WakeUp =
  /**
   * A message for this execution was written: its owner reads its messages at once. `message`
   * is the row itself when it fits in a notification: the owner may apply it without reading.
   */
  | { readonly kind: 'message'; readonly executionArn: string; readonly message?: MessageRow }
  /** Leases were handed back: they can be claimed at once. */
  | { readonly kind: 'claims' }
  /** These executions closed (a Map's children): whoever waits for their end reads it now. */
  | { readonly kind: 'ended'; readonly executionArns: readonly string[] }
  /** Notifications may have been missed (the listening connection was lost): look for everything. */
  | { readonly kind: 'all' };

/** Optional (PostgreSQL LISTEN/NOTIFY): servers sharing a store wake each other up. */
export interface WakeUps {
  /** Calls `wake` for every wake-up from now on until the returned function is called. */
  listen(wake: (w: WakeUp) => void): Promise<() => Promise<void>>;
}

/**
 * An execution's lease (DESIGN.md decision 6): while a server holds it, that server alone drives
 * the execution. `token` grows with every claim, so a write fenced with an older one is refused.
 */
export interface Lease {
  readonly executionArn: string;
  readonly token: number;
}

/**
 * Everything one group commit writes, in one transaction: after `commit` resolves all of it is
 * durable, and after a crash either all of it or none of it is there.
 */
export interface Batch {
  readonly documents?: readonly DocumentRow[];
  readonly deletedDocuments?: ReadonlyArray<{ readonly kind: DocumentKind; readonly key: string }>;
  /** Inserted or replaced by arn. */
  readonly executions?: readonly ExecutionRow[];
  /** Appended; an (executionArn, id) that exists already makes the whole commit fail. */
  readonly events?: readonly EventRow[];
  /** Set (one per execution, replacing the previous one). */
  readonly timers?: readonly TimerRow[];
  readonly clearedTimers?: readonly string[];
  /** Queued; one whose id is queued already is queued afresh (unclaimed, with these values). */
  readonly activityTasks?: readonly ActivityTaskRow[];
  /**
   * Leases taken with this batch (token 1, held by `owner` until `expiresAt`): executions started
   * or redriven by this server. One that exists already fails the commit (LEASE_LOST).
   */
  readonly newLeases?: {
    readonly owner: string;
    readonly expiresAt: number;
    readonly executionArns: readonly string[];
  };
  /**
   * Checked before anything is written: unless each lease still has its token, the commit fails
   * with a StoreError of code LEASE_LOST (not transient) and writes nothing.
   */
  readonly fences?: readonly Lease[];
  /**
   * Executions whose rows this batch writes while they are closed and nobody leases them (a
   * fork's source naming its forks): checked with the fences, LEASE_LOST unless each still is.
   */
  readonly closedRows?: readonly string[];
  /**
   * Leases ended (their executions closed), after the fences are checked; their executions'
   * messages go with them (a message for a closed execution has nothing left to reach).
   */
  readonly endedLeases?: readonly string[];
  /** Messages written (see MessageRow); their executions' owners are woken (`wakeUps`). */
  readonly messages?: readonly MessageRow[];
  /** Messages deleted by id: applied, or moot. */
  readonly deliveredMessages?: readonly string[];
  /**
   * The batch leaves open executions that no server leases (for any server to claim): the other
   * servers are woken to claim them now rather than at their next poll.
   */
  readonly wakeClaims?: boolean;
  /**
   * Executions this batch closes whose end a server may wait for (a Distributed Map's children
   * another server drives): those waiting are woken (`wakeUps`) instead of polling for it.
   */
  readonly wakeEnded?: readonly string[];
}

export interface ExecutionFilter {
  readonly stateMachineArn?: string;
  readonly status?: string;
  /**
   * Leaves out executions asleep on a timer that fires after this time (epoch ms): a restart
   * reads those only when they fall due, not all at once.
   */
  readonly awakeBy?: number;
  /**
   * Only those after this one in the listing's order (newest first by startDate, then arn): a
   * page's keyset, so that a page is read without the executions before it.
   */
  readonly after?: { readonly startDate: number; readonly arn: string };
  /** At most this many (the first of the listing's order). */
  readonly limit?: number;
}

/**
 * Several servers may open one store (a shared PostgreSQL, or one SQLite data directory), but
 * only one may drive executions at a time: the leader. The others stand by and take over when
 * it dies (its lock goes with its connection or process).
 */
export interface Leadership {
  /** True while this process leads. */
  readonly leading: boolean;
  /** Resolves when this process leads (already resolved when nobody else did). */
  readonly acquired: Promise<void>;
  /** Resolves if the lead is lost after it was acquired (the connection holding it died). */
  readonly lost: Promise<Error>;
  /** Gives the lead up, or stops waiting for it. */
  release(): Promise<void>;
}

export interface LeadOptions {
  /**
   * False when every execution's writes are fenced by its lease (scale-out): the leader's
   * writes then need not go through the connection that holds the lock, so a leader paused
   * inside a transaction loses that transaction, not its lead (and with it all it drives).
   * True (the default) when the lead is all that fences them.
   */
  readonly writesThroughLock?: boolean;
}

export interface Store {
  /** `memory`, `sqlite` or `postgres`. */
  readonly kind: string;
  /** Tries to lead; resolves after the first attempt (see `Leadership`). */
  lead(options?: LeadOptions): Promise<Leadership>;
  /**
   * Writes the batch in one transaction. Fails with a `StoreError` (store-error.ts): `transient`
   * when the store is away or busy, not when it refuses this batch. Reads fail the same way.
   */
  commit(batch: Batch): Promise<void>;
  /**
   * Optional, for a store that writes synchronously (SQLite): `commit`, but the batch is applied
   * (or a StoreError thrown) before it returns, and the promise settles once it is durable. The
   * group commit then gathers and applies the next batch while this one is being synced.
   */
  readonly apply?: ((batch: Batch) => Promise<void>) | undefined;
  /**
   * Optional, true while `commit`s are applied one after another in the order they were called,
   * and one that fails leaves those after it to commit (PostgreSQL's writer connection): the
   * group commit may then send a batch while the one before it is being committed.
   */
  readonly pipelines?: (() => boolean) | undefined;

  getDocument(kind: DocumentKind, key: string): Promise<DocumentRow | undefined>;
  /** In key order; only those of `parent` when given. */
  listDocuments(kind: DocumentKind, parent?: string): Promise<DocumentRow[]>;

  getExecution(arn: string): Promise<ExecutionRow | undefined>;
  /** Newest first (by startDate, then arn). */
  listExecutions(filter?: ExecutionFilter): Promise<ExecutionRow[]>;
  /** Events of one execution by id, those after `afterId` only. */
  getHistory(executionArn: string, afterId?: number): Promise<EventRow[]>;
  /** The id of an execution's last event (0 for none), without reading its history. */
  lastEventId(executionArn: string): Promise<number>;

  /** Timers due at or before `now`, earliest first. */
  dueTimers(now: number, limit: number): Promise<TimerRow[]>;
  /**
   * Every timer, a page at a time: up to `limit` of them in execution ARN order, those after
   * `afterArn` only (from the first when undefined). A restart reads the parked executions' timers
   * so, not all at once: 100,000 rows read in one array left ~45 MB that the process kept.
   */
  timersAfter(afterArn: string | undefined, limit: number): Promise<TimerRow[]>;

  /**
   * Takes the oldest unclaimed task of an activity for one worker, or nothing. Two callers
   * (even on two nodes sharing PostgreSQL) never get the same task.
   */
  claimActivityTask(
    activityArn: string,
    worker: string,
    now: number,
    claim?: ActivityClaimBy,
  ): Promise<ActivityTaskRow | undefined>;
  /**
   * The claim made by `claim.server` at `claim.at` still holds (it was not put back): true. With
   * `deliveredAt`, it is also marked delivered (its answer reached the worker).
   */
  confirmActivityClaim(
    task: QueuedActivityTask,
    claim: ActivityClaimBy,
    deliveredAt?: number,
  ): Promise<boolean>;
  /** Puts the task back unless that claim was delivered or is not the current one. */
  releaseActivityClaim(task: QueuedActivityTask, claim: ActivityClaimBy): Promise<void>;
  /**
   * Of these tasks, puts back those claimed at or before `claimedBefore`, not delivered, by a
   * server that is not live at `now` (no heartbeat in `live_servers`); returns their ids.
   */
  requeueActivityTasks(
    tasks: readonly QueuedActivityTask[],
    now: number,
    claimedBefore: number,
  ): Promise<string[]>;
  /** Deletes a task; with `createdAt`, only as queued then (not a later queuing of its id). */
  deleteActivityTask(id: string, createdAt?: number): Promise<void>;
  /** Of these tasks (each as queued at its `createdAt`), those claimed, with who claimed them. */
  claimedActivityTasks(
    tasks: readonly QueuedActivityTask[],
  ): Promise<Array<{ readonly id: string; readonly claimedBy: string; readonly delivered: boolean }>>;

  /**
   * Claims up to `limit` executions whose lease expired at or before `now` (their server died or
   * handed them back), and open executions that have no lease (written before leases, or by a
   * single server): each is held by `owner` until `expiresAt`, with a new token. Two servers never
   * claim the same lease at once (PostgreSQL skips rows another claim is taking).
   */
  claimLeases(owner: string, now: number, expiresAt: number, limit: number): Promise<Lease[]>;
  /**
   * Extends every lease `owner` holds to `expiresAt`, and `owner`'s own heartbeat (it is live
   * until then, leases or not); returns them (any other was lost).
   */
  renewLeases(owner: string, expiresAt: number): Promise<Lease[]>;
  /**
   * What a fair share of the leases is at `now`: how many servers are live (a heartbeat past
   * `now`), how many leases there are (held or expired), and how many live ones `owner` holds.
   */
  leaseShare(owner: string, now: number): Promise<LeaseShare>;
  /**
   * Hands these leases of `owner` back (they expire at `now` and belong to nobody, so that a
   * renewal does not take them again; their tokens are unchanged): those of
   * executions this server stops driving so that another claims them (a fair share, a Map's
   * child). Returns those handed back (a lease that moved on meanwhile is not).
   */
  handBackLeases(owner: string, leases: readonly Lease[], now: number): Promise<Lease[]>;
  /** Who holds an execution's lease and until when (undefined: nobody, it is closed or unknown). */
  leaseOf(executionArn: string): Promise<{ readonly owner: string; readonly expiresAt: number } | undefined>;
  /** Hands `owner`'s leases back (they and its heartbeat expire at `now`): others claim them at once. */
  releaseLeases(owner: string, now: number): Promise<void>;
  /** The messages of the executions whose lease `owner` holds, oldest first, at most `limit`. */
  messagesFor(owner: string, limit: number): Promise<MessageRow[]>;
  /** Present where the store can wake other servers up (PostgreSQL's LISTEN/NOTIFY). */
  readonly wakeUps?: WakeUps | undefined;

  close(): Promise<void>;
}
