import type {
  ActivityClaimBy,
  ActivityTaskRow,
  Batch,
  DocumentKind,
  DocumentRow,
  EventRow,
  ExecutionFilter,
  ExecutionRow,
  Lease,
  LeaseShare,
  Leadership,
  MessageRow,
  QueuedActivityTask,
  Store,
  TimerRow,
} from '../store.ts';
import { PolledLeadership } from '../leadership.ts';
import { StoreError } from '../store-error.ts';
import { MemoryActivityTasks } from './memory-activity-tasks.ts';
import { MemoryLeases } from './memory-leases.ts';

const newestFirst = (a: ExecutionRow, b: ExecutionRow): number =>
  b.startDate - a.startDate || (a.arn < b.arn ? 1 : a.arn > b.arn ? -1 : 0);

/** A Store in process memory: for Express executions, `stepwise run` and tests. Nothing survives. */
export class MemoryStore implements Store {
  readonly kind = 'memory';
  readonly #documents = new Map<string, DocumentRow>();
  readonly #executions = new Map<string, ExecutionRow>();
  readonly #events = new Map<string, EventRow[]>();
  readonly #timers = new Map<string, TimerRow>();
  readonly #tasks = new MemoryActivityTasks();
  readonly #leases = new MemoryLeases();
  readonly #messages = new Map<string, MessageRow>();

  /** Nobody else can open this store: its one user leads. */
  lead(): Promise<Leadership> {
    return PolledLeadership.start(
      () => Promise.resolve(true),
      () => Promise.resolve(),
    );
  }

  commit(batch: Batch): Promise<void> {
    // Checked before anything is written, so a failed commit changes nothing (as a rollback).
    const lost = this.#leases.check(batch, (arn) => this.#executions.get(arn)?.status);
    if (lost) return Promise.reject(lost);
    const seen = new Set<string>();
    for (const e of batch.events ?? []) {
      const key = `${e.id} ${e.executionArn}`;
      const list = this.#events.get(e.executionArn);
      if (seen.has(key) || list?.some((x) => x.id === e.id)) {
        return Promise.reject(
          new StoreError(`event ${e.id} of ${e.executionArn} exists already`, {
            transient: false,
            code: 'DUPLICATE_EVENT',
          }),
        );
      }
      seen.add(key);
    }
    this.#leases.apply(batch);
    for (const d of batch.deletedDocuments ?? []) this.#documents.delete(`${d.kind} ${d.key}`);
    for (const d of batch.documents ?? []) this.#documents.set(`${d.kind} ${d.key}`, d);
    for (const x of batch.executions ?? []) {
      // The history format stays as first written (ExecutionRow.historyFormat).
      const historyFormat = this.#executions.get(x.arn)?.historyFormat ?? x.historyFormat;
      this.#executions.set(x.arn, { ...x, historyFormat });
    }
    for (const e of batch.events ?? []) {
      let list = this.#events.get(e.executionArn);
      if (!list) this.#events.set(e.executionArn, (list = []));
      list.push(e);
    }
    for (const arn of batch.clearedTimers ?? []) this.#timers.delete(arn);
    for (const t of batch.timers ?? []) this.#timers.set(t.executionArn, t);
    for (const t of batch.activityTasks ?? []) this.#tasks.add(t);
    for (const m of batch.messages ?? []) this.#messages.set(m.id, m);
    for (const id of batch.deliveredMessages ?? []) this.#messages.delete(id);
    const ended = new Set(batch.endedLeases);
    if (ended.size > 0) {
      for (const [id, m] of this.#messages) if (ended.has(m.executionArn)) this.#messages.delete(id);
    }
    return Promise.resolve();
  }

  getDocument(kind: DocumentKind, key: string): Promise<DocumentRow | undefined> {
    return Promise.resolve(this.#documents.get(`${kind} ${key}`));
  }

  listDocuments(kind: DocumentKind, parent?: string): Promise<DocumentRow[]> {
    const out = [...this.#documents.values()].filter(
      (d) => d.kind === kind && (parent === undefined || d.parent === parent),
    );
    return Promise.resolve(out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  }

  getExecution(arn: string): Promise<ExecutionRow | undefined> {
    return Promise.resolve(this.#executions.get(arn));
  }

  listExecutions(filter: ExecutionFilter = {}): Promise<ExecutionRow[]> {
    const out = [...this.#executions.values()].filter(
      (x) =>
        (filter.stateMachineArn === undefined || x.stateMachineArn === filter.stateMachineArn) &&
        (filter.status === undefined || x.status === filter.status) &&
        (filter.awakeBy === undefined || !((this.#timers.get(x.arn)?.fireAt ?? 0) > filter.awakeBy)) &&
        (filter.after === undefined ||
          x.startDate < filter.after.startDate ||
          (x.startDate === filter.after.startDate && x.arn < filter.after.arn)),
    );
    return Promise.resolve(out.sort(newestFirst).slice(0, filter.limit));
  }

  getHistory(executionArn: string, afterId = 0): Promise<EventRow[]> {
    const list = (this.#events.get(executionArn) ?? []).filter((e) => e.id > afterId);
    return Promise.resolve(list.sort((a, b) => a.id - b.id));
  }

  lastEventId(executionArn: string): Promise<number> {
    let last = 0;
    for (const e of this.#events.get(executionArn) ?? []) if (e.id > last) last = e.id;
    return Promise.resolve(last);
  }

  dueTimers(now: number, limit: number): Promise<TimerRow[]> {
    const due = [...this.#timers.values()].filter((t) => t.fireAt <= now);
    return Promise.resolve(due.sort((a, b) => a.fireAt - b.fireAt).slice(0, limit));
  }

  timersAfter(afterArn: string | undefined, limit: number): Promise<TimerRow[]> {
    const after = [...this.#timers.values()].filter(
      (t) => afterArn === undefined || t.executionArn > afterArn,
    );
    after.sort((a, b) => (a.executionArn < b.executionArn ? -1 : a.executionArn > b.executionArn ? 1 : 0));
    return Promise.resolve(after.slice(0, limit));
  }

  claimActivityTask(
    activityArn: string,
    worker: string,
    now: number,
    claim?: ActivityClaimBy,
  ): Promise<ActivityTaskRow | undefined> {
    return Promise.resolve(this.#tasks.claim(activityArn, worker, now, claim));
  }

  confirmActivityClaim(
    task: QueuedActivityTask,
    claim: ActivityClaimBy,
    deliveredAt?: number,
  ): Promise<boolean> {
    return Promise.resolve(this.#tasks.confirm(task, claim, deliveredAt));
  }

  releaseActivityClaim(task: QueuedActivityTask, claim: ActivityClaimBy): Promise<void> {
    this.#tasks.release(task, claim);
    return Promise.resolve();
  }

  requeueActivityTasks(
    tasks: readonly QueuedActivityTask[],
    now: number,
    claimedBefore: number,
  ): Promise<string[]> {
    return Promise.resolve(
      this.#tasks.requeue(tasks, (server) => this.#leases.live(server, now), claimedBefore),
    );
  }

  deleteActivityTask(id: string, createdAt?: number): Promise<void> {
    this.#tasks.delete(id, createdAt);
    return Promise.resolve();
  }

  claimedActivityTasks(
    tasks: readonly QueuedActivityTask[],
  ): Promise<Array<{ id: string; claimedBy: string; delivered: boolean }>> {
    return Promise.resolve(this.#tasks.claimed(tasks));
  }

  claimLeases(owner: string, now: number, expiresAt: number, limit: number): Promise<Lease[]> {
    return Promise.resolve(this.#leases.claim(this.#executions.values(), owner, now, expiresAt, limit));
  }

  renewLeases(owner: string, expiresAt: number): Promise<Lease[]> {
    return Promise.resolve(this.#leases.renew(owner, expiresAt));
  }

  leaseOf(executionArn: string): Promise<{ owner: string; expiresAt: number } | undefined> {
    return Promise.resolve(this.#leases.of(executionArn));
  }

  releaseLeases(owner: string, now: number): Promise<void> {
    this.#leases.release(owner, now);
    return Promise.resolve();
  }

  messagesFor(owner: string, limit: number): Promise<MessageRow[]> {
    const mine = [...this.#messages.values()].filter((m) => this.#leases.of(m.executionArn)?.owner === owner);
    mine.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return Promise.resolve(mine.slice(0, limit));
  }

  leaseShare(owner: string, now: number): Promise<LeaseShare> {
    return Promise.resolve(this.#leases.share(owner, now));
  }

  handBackLeases(owner: string, leases: readonly Lease[], now: number): Promise<Lease[]> {
    return Promise.resolve(this.#leases.handBack(owner, leases, now));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
