import type { ActivityClaimBy, ActivityTaskRow, QueuedActivityTask } from '../store.ts';

interface Row extends ActivityTaskRow {
  claimedBy?: string;
  claim?: ActivityClaimBy;
  deliveredAt?: number;
}

const sameClaim = (row: Row | undefined, task: QueuedActivityTask, claim: ActivityClaimBy): boolean =>
  row?.createdAt === task.createdAt && row.claim?.server === claim.server && row.claim.at === claim.at;

/** The memory store's activity task rows: the SQL store's `activity_tasks`, in a Map. */
export class MemoryActivityTasks {
  readonly #rows = new Map<string, Row>();

  /** Queued (afresh: unclaimed). */
  add(task: ActivityTaskRow): void {
    this.#rows.set(task.id, task);
  }

  claim(
    activityArn: string,
    worker: string,
    now: number,
    claim?: ActivityClaimBy,
  ): ActivityTaskRow | undefined {
    let oldest: Row | undefined;
    for (const t of this.#rows.values()) {
      if (t.activityArn !== activityArn || t.claimedBy !== undefined) continue;
      if (!oldest || t.createdAt < oldest.createdAt) oldest = t;
    }
    if (!oldest) return undefined;
    const { id, activityArn: arn, createdAt, data } = oldest;
    this.#rows.set(id, {
      id,
      activityArn: arn,
      createdAt,
      data,
      claimedBy: worker,
      claim: claim ?? { server: '', at: now },
    });
    return { id, activityArn: arn, createdAt, data };
  }

  confirm(task: QueuedActivityTask, claim: ActivityClaimBy, deliveredAt?: number): boolean {
    const row = this.#rows.get(task.id);
    if (!row || !sameClaim(row, task, claim)) return false;
    if (deliveredAt !== undefined) row.deliveredAt ??= deliveredAt;
    return true;
  }

  release(task: QueuedActivityTask, claim: ActivityClaimBy): void {
    const row = this.#rows.get(task.id);
    if (row && sameClaim(row, task, claim) && row.deliveredAt === undefined) this.#unclaim(row);
  }

  requeue(
    tasks: readonly QueuedActivityTask[],
    live: (server: string) => boolean,
    claimedBefore: number,
  ): string[] {
    const out: string[] = [];
    for (const task of tasks) {
      const row = this.#rows.get(task.id);
      if (!row?.claim || row.createdAt !== task.createdAt || row.deliveredAt !== undefined) continue;
      if (row.claim.at > claimedBefore || live(row.claim.server)) continue;
      this.#unclaim(row);
      out.push(task.id);
    }
    return out;
  }

  delete(id: string, createdAt?: number): void {
    if (createdAt === undefined || this.#rows.get(id)?.createdAt === createdAt) this.#rows.delete(id);
  }

  claimed(
    tasks: readonly QueuedActivityTask[],
  ): Array<{ id: string; claimedBy: string; delivered: boolean }> {
    return tasks.flatMap(({ id, createdAt }) => {
      const t = this.#rows.get(id);
      return t?.claimedBy !== undefined && t.createdAt === createdAt
        ? [{ id, claimedBy: t.claimedBy, delivered: t.deliveredAt !== undefined }]
        : [];
    });
  }

  #unclaim(row: Row): void {
    delete row.claimedBy;
    delete row.claim;
  }
}
