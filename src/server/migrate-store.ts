import type { Batch, DocumentKind, Store, TimerRow } from '../store/index.ts';
import { openStore } from '../store/drivers.ts';

/**
 * Every kind of document, checked by the compiler: a kind added later is copied too. Leaders and
 * servers are addresses of running processes, not data: they are not copied.
 */
const KINDS = {
  stateMachine: true,
  stateMachineRevision: true,
  stateMachineVersion: true,
  stateMachineAlias: true,
  tags: true,
  activity: true,
  taskToken: true,
  mapRun: true,
  leader: false,
  server: false,
  schedule: true,
  outboxEvent: true,
  deadLetter: true,
  // Bulk operations with their progress: a running one resumes on the new store.
  bulkOperation: true,
  bulkProgress: true,
  bulkResult: true,
} satisfies Record<DocumentKind, boolean>;

/** Documents per commit. */
const CHUNK = 500;

export interface MigrateReport {
  readonly documents: number;
  readonly executions: number;
  /** Of those, still running: a server on the new store resumes them by replay. */
  readonly open: number;
  readonly events: number;
  readonly timers: number;
}

/** `sqlite` (./.stepwise), `sqlite:DIR`, `postgres://…` or `postgresql://…`, as `openStore` takes them. */
export function storeSpec(text: string): { store: string; dataDir: string } {
  if (text === 'sqlite') return { store: 'sqlite', dataDir: '.stepwise' };
  if (text.startsWith('sqlite:')) return { store: 'sqlite', dataDir: text.slice('sqlite:'.length) || '.' };
  if (/^postgres(ql)?:\/\//.test(text)) return { store: text, dataDir: '.' };
  throw new Error(`unknown store '${text}': use sqlite:DIR or postgres://user@host/db`);
}

/** Holds the lead of `store`: no server may run on it while it is copied from or into. */
async function exclusive(store: Store, which: string) {
  const leadership = await store.lead();
  if (!leadership.leading) {
    await leadership.release();
    throw new Error(`a server is running on the ${which} store: stop it first`);
  }
  return leadership;
}

/**
 * Copies a store into an empty one (SQLite to PostgreSQL, when one server is no longer enough):
 * the catalog (state machines with their revisions, versions, aliases and tags; activities;
 * schedules) and every execution with its history and timer. Open executions are resumed by the
 * first server that runs on the new store, as after a restart. Neither store may be in use.
 */
export async function migrateStore(from: string, to: string): Promise<MigrateReport> {
  const source = await openStore(storeSpec(from));
  let target: Store | undefined;
  const held: Array<{ release(): Promise<void> }> = [];
  try {
    held.push(await exclusive(source, 'source'));
    target = await openStore(storeSpec(to));
    held.push(await exclusive(target, 'target'));
    const existing =
      (await target.listExecutions()).length + (await target.listDocuments('stateMachine')).length;
    if (existing > 0) throw new Error('the target store is not empty: it holds executions or state machines');
    if ((await source.listExecutions()).length + (await source.listDocuments('stateMachine')).length === 0)
      throw new Error(`the source store ${from} is empty: nothing to move`);
    let documents = 0;
    for (const [kind, copied] of Object.entries(KINDS) as Array<[DocumentKind, boolean]>) {
      if (!copied) continue;
      const rows = await source.listDocuments(kind);
      for (let i = 0; i < rows.length; i += CHUNK)
        await target.commit({ documents: rows.slice(i, i + CHUNK) });
      documents += rows.length;
    }
    const timers = new Map<string, TimerRow>();
    for (const t of await source.dueTimers(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER))
      timers.set(t.executionArn, t);
    let executions = 0;
    let open = 0;
    let events = 0;
    // One commit per execution: its row, its whole history and its timer arrive together.
    for (const row of await source.listExecutions()) {
      const history = await source.getHistory(row.arn);
      const timer = timers.get(row.arn);
      const batch: Batch = { executions: [row], events: history, ...(timer ? { timers: [timer] } : {}) };
      await target.commit(batch);
      executions++;
      if (row.status === 'RUNNING') open++;
      events += history.length;
    }
    return { documents, executions, open, events, timers: timers.size };
  } finally {
    for (const l of held) await l.release().catch(() => {});
    await target?.close();
    await source.close();
  }
}
