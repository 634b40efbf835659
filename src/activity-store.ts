import type { ActivityRecord, Integrations } from './integrations/index.ts';
import type { Store } from './store/index.ts';

const report = (e: unknown): void => {
  console.error('stepwise: could not save an activity', e);
};

/**
 * Keeps the activity registry in the store (documents of kind `activity`): reads it back at
 * start and writes creations and deletions through. Composed here, since integrations and store
 * never import each other (DESIGN.md rule 3).
 */
export async function persistActivities(store: Store, integrations: Integrations): Promise<void> {
  const rows = await store.listDocuments('activity');
  integrations.activities.restore(rows.map((r) => r.data as unknown as ActivityRecord));
  integrations.activities.persistTo({
    saved: (record) => {
      store
        .commit({
          documents: [{ kind: 'activity', key: record.activityArn, parent: '', data: { ...record } }],
        })
        .catch(report);
    },
    deleted: (activityArn) => {
      store.commit({ deletedDocuments: [{ kind: 'activity', key: activityArn }] }).catch(report);
    },
  });
}
