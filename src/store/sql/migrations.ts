import type { SqlDriver } from './driver.ts';
import { StoreError } from '../store-error.ts';

/**
 * The schema, as numbered steps. A database records the steps it has applied and gets only the
 * new ones, each in its own transaction; a released step is never edited, only followed.
 * The SQL is the common subset of SQLite and PostgreSQL (JSON is kept as text).
 */
export const MIGRATIONS: readonly (readonly string[])[] = [
  [
    `CREATE TABLE documents (
       kind TEXT NOT NULL, key TEXT NOT NULL, parent TEXT NOT NULL, data TEXT NOT NULL,
       PRIMARY KEY (kind, key))`,
    `CREATE INDEX documents_by_parent ON documents (kind, parent, key)`,
    `CREATE TABLE executions (
       arn TEXT PRIMARY KEY, state_machine_arn TEXT NOT NULL, status TEXT NOT NULL,
       start_date BIGINT NOT NULL, data TEXT NOT NULL)`,
    `CREATE INDEX executions_by_machine ON executions (state_machine_arn, start_date)`,
    `CREATE INDEX executions_by_status ON executions (status)`,
    `CREATE TABLE events (
       execution_arn TEXT NOT NULL, id INTEGER NOT NULL, data TEXT NOT NULL,
       PRIMARY KEY (execution_arn, id))`,
    `CREATE TABLE timers (execution_arn TEXT PRIMARY KEY, fire_at BIGINT NOT NULL)`,
    `CREATE INDEX timers_by_time ON timers (fire_at)`,
    `CREATE TABLE activity_tasks (
       id TEXT PRIMARY KEY, activity_arn TEXT NOT NULL, created_at BIGINT NOT NULL,
       claimed_by TEXT, claimed_at BIGINT, data TEXT NOT NULL)`,
    `CREATE INDEX activity_tasks_queue ON activity_tasks (activity_arn, claimed_by, created_at)`,
  ],
  // Each execution's history format (ExecutionRow.historyFormat). Executions stored before it
  // existed were written by engines of format 1, which the default stamps on their rows.
  [`ALTER TABLE executions ADD COLUMN history_format INTEGER NOT NULL DEFAULT 1`],
  // Execution leases (DESIGN.md decision 6): which server drives each open execution, until when,
  // and the fencing token its writes are checked against.
  [
    `CREATE TABLE execution_leases (
       execution_arn TEXT PRIMARY KEY, owner TEXT NOT NULL, token BIGINT NOT NULL,
       expires_at BIGINT NOT NULL)`,
    `CREATE INDEX execution_leases_by_expiry ON execution_leases (expires_at)`,
    `CREATE INDEX execution_leases_by_owner ON execution_leases (owner)`,
  ],
  // Calls about an execution that reached a server which does not drive it (SendTask*,
  // StopExecution), kept until its owner applies them (store.ts MessageRow).
  [
    `CREATE TABLE execution_messages (
       id TEXT PRIMARY KEY, execution_arn TEXT NOT NULL, created_at BIGINT NOT NULL,
       data TEXT NOT NULL)`,
    `CREATE INDEX execution_messages_by_execution ON execution_messages (execution_arn, created_at)`,
  ],
  // Histories as runs (history-runs.ts): the events one commit appends to one execution in one
  // row, keyed by its first id. Each stored event becomes a run of its own.
  [
    `CREATE TABLE history (
       execution_arn TEXT NOT NULL, first_id INTEGER NOT NULL, last_id INTEGER NOT NULL,
       data TEXT NOT NULL, PRIMARY KEY (execution_arn, first_id))`,
    `INSERT INTO history (execution_arn, first_id, last_id, data)
       SELECT execution_arn, id, id, '[' || data || ']' FROM events`,
    `DROP TABLE events`,
  ],
  // Scale-out liveness (DESIGN.md decision 6): each server's heartbeat, renewed with its leases;
  // an activity task's claim names the server that made it and when its answer reached the
  // worker, so that the undelivered claims of a server that died go back to the queue.
  [
    `CREATE TABLE live_servers (owner TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)`,
    `ALTER TABLE activity_tasks ADD COLUMN claim_server TEXT`,
    `ALTER TABLE activity_tasks ADD COLUMN delivered_at BIGINT`,
  ],
  // Only open executions are ever looked up by status (recovery, lease claims): an index of every
  // execution's status was one more entry written (and ~70 bytes of PostgreSQL WAL) for each
  // start of a short workflow, which closes in its first commit and never enters this one.
  [
    `DROP INDEX executions_by_status`,
    `CREATE INDEX executions_running ON executions (start_date) WHERE status = 'RUNNING'`,
  ],
];

/** What a step fails with when another server applied it first (see migrate). */
const CONFLICTS = new Set(['23505', '42P07', '42710']);

/**
 * Brings the schema up to date (`steps`: all of them, unless a test recreates an older release's
 * database); returns the version it is at. The servers of a cluster often start together on a
 * new database: a step another one applied first fails here on its key (PostgreSQL 23505
 * unique_violation, 42P07 duplicate_table, 42710 duplicate_object); the schema is then read
 * again and the rest applied, so every server starts.
 */
export async function migrate(
  db: SqlDriver,
  steps: readonly (readonly string[])[] = MIGRATIONS,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateOnce(db, steps);
    } catch (e) {
      const code = e instanceof StoreError ? e.code : undefined;
      if (attempt >= 10 || !CONFLICTS.has(code ?? '')) throw e;
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
    }
  }
}

async function migrateOnce(db: SqlDriver, steps: readonly (readonly string[])[]): Promise<number> {
  await db.query('CREATE TABLE IF NOT EXISTS stepwise_schema (version INTEGER PRIMARY KEY)');
  const rows = await db.query('SELECT MAX(version) AS v FROM stepwise_schema');
  const current = Number(rows[0]?.['v'] ?? 0);
  for (let v = current + 1; v <= steps.length; v++) {
    const step = steps[v - 1] ?? [];
    // The version row's primary key lets only one of several servers migrating at once apply it.
    await db.transaction([
      { sql: 'INSERT INTO stepwise_schema (version) VALUES (?)', params: [v] },
      ...step.map((sql) => ({ sql, params: [] })),
    ]);
  }
  return Math.max(current, steps.length);
}
