import type { ActivityRecord, ActivityService } from '../../integrations/index.ts';
import type { Doc, DocumentKind, DocumentRow, Store } from '../../store/index.ts';
import type { StateMachineRecord } from './state-machine.ts';
import type { Tag, TagRegistry } from './tags.ts';
import type { CatalogData, VersionCatalog } from './versions.ts';

/** The engine's catalog: machines (as `R`, ready to run), their versions and aliases, tags, activities. */
export interface Catalog<R> {
  readonly machines: Map<string, R>;
  readonly versions: VersionCatalog<R>;
  readonly tags: TagRegistry;
  readonly activities: ActivityService | undefined;
  /** A stored machine record made ready to run. */
  readonly load: (record: StateMachineRecord) => R;
}

/** Where catalog writes go (the group commit). */
export interface DocumentWriter {
  document(row: DocumentRow): void;
  deleteDocument(kind: DocumentKind, key: string): void;
}

/**
 * Fills the catalog from the store at start. Activities come first, since executions that wait on
 * them resume after; their creations and deletions are then written through `writer`, so they are
 * acknowledged only once committed, as every write is.
 */
export async function loadCatalog<R>(
  store: Store,
  catalog: Catalog<R>,
  writer: DocumentWriter,
): Promise<void> {
  const activities = catalog.activities;
  if (activities) {
    const rows = await store.listDocuments('activity');
    activities.restore(rows.map((r) => r.data as unknown as ActivityRecord));
    activities.persistTo({
      saved: (record) =>
        writer.document({ kind: 'activity', key: record.activityArn, parent: '', data: { ...record } }),
      deleted: (activityArn) => writer.deleteDocument('activity', activityArn),
    });
  }
  for (const doc of await store.listDocuments('stateMachine')) {
    const record = doc.data as unknown as StateMachineRecord;
    catalog.machines.set(record.stateMachineArn, catalog.load(record));
  }
  for (const doc of await store.listDocuments('stateMachineVersion'))
    importVersions(catalog, doc.key, doc.data);
  for (const doc of await store.listDocuments('tags')) {
    catalog.tags.tag(doc.key, (doc.data as unknown as { tags: Tag[] }).tags);
  }
}

/**
 * Puts one resource (a machine with its versions, aliases and tags, or an activity) back as the
 * store has it: the store refused what was written of it, so memory must not show it.
 */
export async function reloadResource<R>(store: Store, catalog: Catalog<R>, arn: string): Promise<void> {
  const tags = await store.getDocument('tags', arn);
  catalog.tags.forget(arn);
  if (tags) catalog.tags.tag(arn, (tags.data as unknown as { tags: Tag[] }).tags);
  if (arn.split(':')[5] === 'activity') {
    const doc = await store.getDocument('activity', arn);
    // Its writes are still dropped (GroupCommit): deleting it again writes nothing.
    if (!doc) catalog.activities?.delete(arn);
    else catalog.activities?.restore([doc.data as unknown as ActivityRecord]);
    return;
  }
  const machine = await store.getDocument('stateMachine', arn);
  if (machine) catalog.machines.set(arn, catalog.load(machine.data as unknown as StateMachineRecord));
  else catalog.machines.delete(arn);
  catalog.versions.forget(arn);
  const versions = await store.getDocument('stateMachineVersion', arn);
  if (versions) importVersions(catalog, versions.key, versions.data);
}

function importVersions<R>(catalog: Catalog<R>, base: string, data: Doc): void {
  catalog.versions.import(base, data as unknown as CatalogData<StateMachineRecord>, catalog.load);
}
