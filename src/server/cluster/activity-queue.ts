import type {
  ActivityRecord,
  ClaimedTask,
  SharedActivityQueue,
  SharedTask,
} from '../../integrations/index.ts';
import type { Store } from '../../store/index.ts';

const queued = (task: SharedTask) => ({ id: task.token, createdAt: task.queuedAt });

/**
 * Activity tasks in the store's `activity_tasks` rows (scale-out): one row per task token, the
 * time it was queued telling one queuing from the next, claimed with `FOR UPDATE SKIP LOCKED`.
 * A claim names `server` (this server's lease owner id), so that the undelivered claims of a
 * server that died go back to the queue.
 */
export function storeActivityQueue(store: Store, server: string): SharedActivityQueue {
  const by = (task: ClaimedTask) => ({ server, at: task.claimedAt });
  return {
    add: (task) =>
      store.commit({
        activityTasks: [
          {
            id: task.token,
            activityArn: task.activityArn,
            createdAt: task.queuedAt,
            data: { input: task.input },
          },
        ],
      }),
    async take(activityArn, worker): Promise<ClaimedTask | undefined> {
      const now = Date.now();
      const row = await store.claimActivityTask(activityArn, worker, now, { server, at: now });
      return (
        row && {
          token: row.id,
          activityArn: row.activityArn,
          queuedAt: row.createdAt,
          input: String(row.data['input']),
          claimedAt: now,
        }
      );
    },
    confirm: (task, delivered) =>
      store.confirmActivityClaim(queued(task), by(task), delivered ? Date.now() : undefined),
    release: (task) => store.releaseActivityClaim(queued(task), by(task)),
    requeue: (tasks, claimedBefore) =>
      store.requeueActivityTasks(tasks.map(queued), Date.now(), claimedBefore),
    async taken(tasks) {
      const claimed = await store.claimedActivityTasks(tasks.map(queued));
      return claimed.map((c) => ({ token: c.id, worker: c.claimedBy, delivered: c.delivered }));
    },
    remove: (task) => store.deleteActivityTask(task.token, task.queuedAt),
    async activity(activityArn) {
      const doc = await store.getDocument('activity', activityArn);
      return doc && (doc.data as unknown as ActivityRecord);
    },
  };
}
