import type { ActivityRecord, SharedActivityQueue, SharedTask } from '../../integrations/index.ts';
import type { Store } from '../../store/index.ts';

/**
 * Activity tasks in the store's `activity_tasks` rows (scale-out): one row per task token, the
 * time it was queued telling one queuing from the next, claimed with `FOR UPDATE SKIP LOCKED`.
 */
export function storeActivityQueue(store: Store): SharedActivityQueue {
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
    async take(activityArn, worker): Promise<SharedTask | undefined> {
      const row = await store.claimActivityTask(activityArn, worker, Date.now());
      return (
        row && {
          token: row.id,
          activityArn: row.activityArn,
          queuedAt: row.createdAt,
          input: String(row.data['input']),
        }
      );
    },
    async taken(tasks) {
      const claimed = await store.claimedActivityTasks(
        tasks.map((t) => ({ id: t.token, createdAt: t.queuedAt })),
      );
      return claimed.map((c) => ({ token: c.id, worker: c.claimedBy }));
    },
    remove: (task) => store.deleteActivityTask(task.token, task.queuedAt),
    async activity(activityArn) {
      const doc = await store.getDocument('activity', activityArn);
      return doc && (doc.data as unknown as ActivityRecord);
    },
  };
}
