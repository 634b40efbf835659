// A Store wrapper that injects the faults a real database has: refusing one execution's rows
// for good (a constraint violation), or being away for a while (a restart, a lock timeout).
import type { Batch, Store } from '../../src/store/index.ts';
import { StoreError } from '../../src/store/index.ts';

export interface FaultyStore extends Store {
  /**
   * From now on, commits that write a row of this execution (or a document of this resource)
   * matching `which` fail for good.
   */
  refuse(executionArn: string, which?: (row: { id?: number; data?: { type?: unknown } }) => boolean): void;
  /** Every commit (and read) fails as if the store were unreachable until `back()`. */
  away(): void;
  back(): void;
  /** Commits attempted (failed ones included). */
  readonly attempts: number;
}

export function faulty(store: Store): FaultyStore {
  const refused = new Map<string, (row: { id?: number; data?: { type?: unknown } }) => boolean>();
  let away = false;
  let attempts = 0;
  const unreachable = (): StoreError =>
    new StoreError('connect ECONNREFUSED 127.0.0.1:5432', { transient: true, code: 'ECONNREFUSED' });
  const touches = (batch: Batch): string | undefined => {
    for (const [arn, which] of refused) {
      if (batch.events?.some((e) => e.executionArn === arn && which(e))) return arn;
      if (batch.executions?.some((x) => x.arn === arn && which({}))) return arn;
      if (batch.documents?.some((d) => (d.key === arn || d.parent === arn) && which({}))) return arn;
    }
    return undefined;
  };
  const guard = <T>(read: () => Promise<T>): Promise<T> => (away ? Promise.reject(unreachable()) : read());
  return {
    kind: store.kind,
    get attempts() {
      return attempts;
    },
    refuse(arn, which = () => true) {
      refused.set(arn, which);
    },
    away() {
      away = true;
    },
    back() {
      away = false;
    },
    lead: () => store.lead(),
    commit(batch) {
      attempts++;
      if (away) return Promise.reject(unreachable());
      const arn = touches(batch);
      if (arn) {
        return Promise.reject(
          new StoreError(`duplicate key value violates unique constraint "events_pkey" (${arn})`, {
            transient: false,
            code: '23505',
          }),
        );
      }
      return store.commit(batch);
    },
    getDocument: (kind, key) => guard(() => store.getDocument(kind, key)),
    listDocuments: (kind, parent) => guard(() => store.listDocuments(kind, parent)),
    getExecution: (arn) => guard(() => store.getExecution(arn)),
    listExecutions: (filter) => guard(() => store.listExecutions(filter)),
    getHistory: (arn, afterId) => guard(() => store.getHistory(arn, afterId)),
    lastEventId: (arn) => guard(() => store.lastEventId(arn)),
    dueTimers: (now, limit) => guard(() => store.dueTimers(now, limit)),
    timersAfter: (afterArn, limit) => guard(() => store.timersAfter(afterArn, limit)),
    claimActivityTask: (arn, worker, now, claim) =>
      guard(() => store.claimActivityTask(arn, worker, now, claim)),
    confirmActivityClaim: (task, claim, at) => guard(() => store.confirmActivityClaim(task, claim, at)),
    releaseActivityClaim: (task, claim) => guard(() => store.releaseActivityClaim(task, claim)),
    requeueActivityTasks: (tasks, now, before) => guard(() => store.requeueActivityTasks(tasks, now, before)),
    deleteActivityTask: (id, createdAt) => guard(() => store.deleteActivityTask(id, createdAt)),
    claimedActivityTasks: (tasks) => guard(() => store.claimedActivityTasks(tasks)),
    claimLeases: (owner, now, expiresAt, limit) =>
      guard(() => store.claimLeases(owner, now, expiresAt, limit)),
    renewLeases: (owner, expiresAt) => guard(() => store.renewLeases(owner, expiresAt)),
    releaseLeases: (owner, now) => guard(() => store.releaseLeases(owner, now)),
    leaseShare: (owner, now) => guard(() => store.leaseShare(owner, now)),
    handBackLeases: (owner, leases, now) => guard(() => store.handBackLeases(owner, leases, now)),
    leaseOf: (arn) => guard(() => store.leaseOf(arn)),
    messagesFor: (owner, limit) => guard(() => store.messagesFor(owner, limit)),
    close: () => store.close(),
  };
}
