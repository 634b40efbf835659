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
  LeadOptions,
  Leadership,
  MessageRow,
  QueuedActivityTask,
  Store,
  TimerRow,
  WakeUps,
} from '../store.ts';
import type { Row, SqlDriver, SqlValue, Statement } from './driver.ts';
import { eventsOf, HISTORY_AFTER, historyInserts, LAST_EVENT_ID } from './history-runs.ts';
import { leaseChecks, leaseEnds, SqlLeases } from './lease-sql.ts';
import { batchWakes, wakeStatements } from './wake-sql.ts';
import {
  chunks,
  executionInserts,
  inserts,
  lastPerKey,
  repeated,
  rowsStatement,
  valuesInsert,
} from './inserts.ts';

const parse = (text: unknown): Record<string, unknown> => JSON.parse(String(text)) as Record<string, unknown>;

const toDocument = (r: Row): DocumentRow => ({
  kind: r['kind'] as DocumentKind,
  key: String(r['key']),
  parent: String(r['parent']),
  data: parse(r['data']),
});

const toExecution = (r: Row): ExecutionRow => ({
  arn: String(r['arn']),
  stateMachineArn: String(r['state_machine_arn']),
  status: String(r['status']),
  startDate: Number(r['start_date']),
  historyFormat: Number(r['history_format']),
  data: parse(r['data']),
});

/** The Store over any SQL database the drivers speak (SQLite, PostgreSQL). */
export class SqlStore implements Store {
  readonly kind: string;
  readonly #db: SqlDriver;
  readonly #leases: SqlLeases;

  readonly apply: ((batch: Batch) => Promise<void>) | undefined;
  readonly pipelines: (() => boolean) | undefined;
  readonly wakeUps: WakeUps | undefined;

  constructor(db: SqlDriver) {
    this.#db = db;
    this.#leases = new SqlLeases(db);
    this.kind = db.dialect;
    const applyNow = db.applyNow?.bind(db);
    this.apply = applyNow && ((batch) => applyNow(statementsOf(batch, db.dialect)));
    this.pipelines = db.pipelines?.bind(db);
    this.wakeUps = db.wakeUps;
  }

  lead(options?: LeadOptions): Promise<Leadership> {
    return this.#db.lead(options);
  }

  commit(batch: Batch): Promise<void> {
    const s = statementsOf(batch, this.#db.dialect);
    return s.length === 0 ? Promise.resolve() : this.#db.transaction(s);
  }

  async getDocument(kind: DocumentKind, key: string): Promise<DocumentRow | undefined> {
    const rows = await this.#db.query('SELECT * FROM documents WHERE kind = ? AND key = ?', [kind, key]);
    return rows[0] && toDocument(rows[0]);
  }

  async listDocuments(kind: DocumentKind, parent?: string): Promise<DocumentRow[]> {
    // Byte order of keys (COLLATE "C" semantics) on both databases: AWS lists in code-point order.
    const rows =
      parent === undefined
        ? await this.#db.query(`SELECT * FROM documents WHERE kind = ? ORDER BY key ${this.#binary}`, [kind])
        : await this.#db.query(
            `SELECT * FROM documents WHERE kind = ? AND parent = ? ORDER BY key ${this.#binary}`,
            [kind, parent],
          );
    return rows.map(toDocument);
  }

  async getExecution(arn: string): Promise<ExecutionRow | undefined> {
    const rows = await this.#db.query('SELECT * FROM executions WHERE arn = ?', [arn]);
    return rows[0] && toExecution(rows[0]);
  }

  async listExecutions(filter: ExecutionFilter = {}): Promise<ExecutionRow[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (filter.stateMachineArn !== undefined) {
      where.push('state_machine_arn = ?');
      params.push(filter.stateMachineArn);
    }
    if (filter.status === 'RUNNING') {
      // Written out: SQLite uses the partial index of open executions only for this very term.
      where.push(`status = 'RUNNING'`);
    } else if (filter.status !== undefined) {
      where.push('status = ?');
      params.push(filter.status);
    }
    if (filter.awakeBy !== undefined) {
      where.push('NOT EXISTS (SELECT 1 FROM timers WHERE execution_arn = arn AND fire_at > ?)');
      params.push(filter.awakeBy);
    }
    if (filter.after !== undefined) {
      where.push(`(start_date < ? OR (start_date = ? AND arn ${this.#binary} < ?))`);
      params.push(filter.after.startDate, filter.after.startDate, filter.after.arn);
    }
    if (filter.limit !== undefined) params.push(filter.limit);
    const rows = await this.#db.query(
      `SELECT * FROM executions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY start_date DESC, arn ${this.#binary} DESC${filter.limit === undefined ? '' : ' LIMIT ?'}`,
      params,
    );
    return rows.map(toExecution);
  }

  async getHistory(executionArn: string, afterId = 0): Promise<EventRow[]> {
    return eventsOf(executionArn, await this.#db.query(HISTORY_AFTER, [executionArn, afterId]), afterId);
  }

  async lastEventId(executionArn: string): Promise<number> {
    const rows = await this.#db.query(LAST_EVENT_ID, [executionArn]);
    return Number(rows[0]?.['last'] ?? 0);
  }

  async dueTimers(now: number, limit: number): Promise<TimerRow[]> {
    const rows = await this.#db.query(
      'SELECT execution_arn, fire_at FROM timers WHERE fire_at <= ? ORDER BY fire_at LIMIT ?',
      [now, limit],
    );
    return rows.map(timerOf);
  }

  async timersAfter(afterArn: string | undefined, limit: number): Promise<TimerRow[]> {
    // By the primary key's order, which the key's index gives without a sort.
    const rows = await this.#db.query(
      afterArn === undefined
        ? 'SELECT execution_arn, fire_at FROM timers ORDER BY execution_arn LIMIT ?'
        : 'SELECT execution_arn, fire_at FROM timers WHERE execution_arn > ? ORDER BY execution_arn LIMIT ?',
      afterArn === undefined ? [limit] : [afterArn, limit],
    );
    return rows.map(timerOf);
  }

  async claimActivityTask(
    activityArn: string,
    worker: string,
    now: number,
    claim?: ActivityClaimBy,
  ): Promise<ActivityTaskRow | undefined> {
    // One statement, so the pick and the claim are atomic; PostgreSQL also skips rows another
    // node is claiming at the same moment instead of waiting for them (DESIGN.md decision 6).
    const lock = this.#db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
    const rows = await this.#db.query(
      `UPDATE activity_tasks SET claimed_by = ?, claimed_at = ?, claim_server = ?, delivered_at = NULL
       WHERE id = (SELECT id FROM activity_tasks WHERE activity_arn = ? AND claimed_by IS NULL
                   ORDER BY created_at LIMIT 1 ${lock})
       RETURNING id, activity_arn, created_at, data`,
      [worker, claim?.at ?? now, claim?.server ?? '', activityArn],
    );
    const r = rows[0];
    return (
      r && {
        id: String(r['id']),
        activityArn: String(r['activity_arn']),
        createdAt: Number(r['created_at']),
        data: parse(r['data']),
      }
    );
  }

  async confirmActivityClaim(
    task: QueuedActivityTask,
    claim: ActivityClaimBy,
    deliveredAt?: number,
  ): Promise<boolean> {
    const rows = await this.#db.query(
      `UPDATE activity_tasks SET delivered_at = COALESCE(?, delivered_at)
       WHERE id = ? AND created_at = ? AND claim_server = ? AND claimed_at = ? RETURNING id`,
      [deliveredAt ?? null, task.id, task.createdAt, claim.server, claim.at],
    );
    return rows.length > 0;
  }

  async releaseActivityClaim(task: QueuedActivityTask, claim: ActivityClaimBy): Promise<void> {
    await this.#db.query(
      `UPDATE activity_tasks SET claimed_by = NULL, claimed_at = NULL, claim_server = NULL
       WHERE id = ? AND created_at = ? AND claim_server = ? AND claimed_at = ? AND delivered_at IS NULL`,
      [task.id, task.createdAt, claim.server, claim.at],
    );
  }

  async requeueActivityTasks(
    tasks: readonly QueuedActivityTask[],
    now: number,
    claimedBefore: number,
  ): Promise<string[]> {
    const out: string[] = [];
    for (const chunk of chunks(tasks)) {
      const rows = await this.#db.query(
        `UPDATE activity_tasks SET claimed_by = NULL, claimed_at = NULL, claim_server = NULL
         WHERE (id, created_at) IN (${chunk.map(() => '(?, ?)').join(', ')})
           AND claimed_by IS NOT NULL AND delivered_at IS NULL AND claimed_at <= ?
           AND NOT EXISTS (SELECT 1 FROM live_servers s
                           WHERE s.owner = activity_tasks.claim_server AND s.expires_at > ?)
         RETURNING id`,
        [...chunk.flatMap((t) => [t.id, t.createdAt]), claimedBefore, now],
      );
      for (const r of rows) out.push(String(r['id']));
    }
    return out;
  }

  async deleteActivityTask(id: string, createdAt?: number): Promise<void> {
    if (createdAt === undefined) await this.#db.query('DELETE FROM activity_tasks WHERE id = ?', [id]);
    else await this.#db.query('DELETE FROM activity_tasks WHERE id = ? AND created_at = ?', [id, createdAt]);
  }

  async claimedActivityTasks(
    tasks: readonly QueuedActivityTask[],
  ): Promise<Array<{ id: string; claimedBy: string; delivered: boolean }>> {
    const out: Array<{ id: string; claimedBy: string; delivered: boolean }> = [];
    const queuedAt = new Map(tasks.map((t) => [t.id, t.createdAt]));
    const ids = [...queuedAt.keys()];
    for (const chunk of chunks(ids)) {
      const rows = await this.#db.query(
        `SELECT id, created_at, claimed_by, delivered_at FROM activity_tasks
         WHERE claimed_by IS NOT NULL AND id IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const r of rows) {
        const id = String(r['id']);
        if (queuedAt.get(id) === Number(r['created_at']))
          out.push({ id, claimedBy: String(r['claimed_by']), delivered: r['delivered_at'] != null });
      }
    }
    return out;
  }

  claimLeases(owner: string, now: number, expiresAt: number, limit: number): Promise<Lease[]> {
    return this.#leases.claim(owner, now, expiresAt, limit);
  }

  renewLeases(owner: string, expiresAt: number): Promise<Lease[]> {
    return this.#leases.renew(owner, expiresAt);
  }

  leaseOf(executionArn: string): Promise<{ owner: string; expiresAt: number } | undefined> {
    return this.#leases.of(executionArn);
  }

  releaseLeases(owner: string, now: number): Promise<void> {
    return this.#leases.release(owner, now);
  }

  messagesFor(owner: string, limit: number): Promise<MessageRow[]> {
    return this.#leases.messagesFor(owner, limit);
  }

  leaseShare(owner: string, now: number): Promise<LeaseShare> {
    return this.#leases.share(owner, now);
  }

  handBackLeases(owner: string, leases: readonly Lease[], now: number): Promise<Lease[]> {
    return this.#leases.handBack(owner, leases, now);
  }

  close(): Promise<void> {
    return this.#db.close();
  }

  get #binary(): string {
    return this.#db.dialect === 'postgres' ? 'COLLATE "C"' : '';
  }
}

const UPSERT_DOCUMENTS = valuesInsert(
  'INSERT INTO documents (kind, key, parent, data)',
  4,
  'ON CONFLICT (kind, key) DO UPDATE SET parent = excluded.parent, data = excluded.data',
);
const UPSERT_TIMERS = valuesInsert(
  'INSERT INTO timers (execution_arn, fire_at)',
  2,
  'ON CONFLICT (execution_arn) DO UPDATE SET fire_at = excluded.fire_at',
);
const UPSERT_ACTIVITY_TASKS = valuesInsert(
  'INSERT INTO activity_tasks (id, activity_arn, created_at, data)',
  4,
  `ON CONFLICT (id) DO UPDATE SET activity_arn = excluded.activity_arn, created_at = excluded.created_at,
         data = excluded.data, claimed_by = NULL, claimed_at = NULL, claim_server = NULL,
         delivered_at = NULL`,
);
const DELIVERED_MESSAGES = rowsStatement(
  (rows) => `DELETE FROM execution_messages WHERE id IN (${repeated('?', rows)})`,
);
const INSERT_MESSAGES = valuesInsert(
  'INSERT INTO execution_messages (id, execution_arn, created_at, data)',
  4,
);

/**
 * A batch as the statements of its transaction: lease checks first, lease ends then wake-ups
 * last.
 */
function statementsOf(batch: Batch, dialect: 'sqlite' | 'postgres'): Statement[] {
  const s: Statement[] = leaseChecks(batch);

  for (const d of batch.deletedDocuments ?? []) {
    s.push({ sql: 'DELETE FROM documents WHERE kind = ? AND key = ?', params: [d.kind, d.key] });
  }
  s.push(
    ...inserts(
      UPSERT_DOCUMENTS,
      // PostgreSQL refuses one statement that upserts a row twice (a Map Run written twice in a tick).
      lastPerKey(batch.documents ?? [], (d) => `${d.kind}\u0000${d.key}`),
      (d) => [d.kind, d.key, d.parent, JSON.stringify(d.data)],
    ),
    ...executionInserts(batch),
    ...historyInserts(batch.events ?? []),
  );
  for (const arn of batch.clearedTimers ?? []) {
    s.push({ sql: 'DELETE FROM timers WHERE execution_arn = ?', params: [arn] });
  }
  s.push(
    ...inserts(
      UPSERT_TIMERS,
      lastPerKey(batch.timers ?? [], (t) => t.executionArn),
      (t) => [t.executionArn, t.fireAt],
    ),
    ...inserts(
      UPSERT_ACTIVITY_TASKS,
      lastPerKey(batch.activityTasks ?? [], (t) => t.id),
      (t) => [t.id, t.activityArn, t.createdAt, JSON.stringify(t.data)],
    ),
    ...inserts(INSERT_MESSAGES, batch.messages ?? [], (m) => [
      m.id,
      m.executionArn,
      m.createdAt,
      JSON.stringify(m.data),
    ]),
  );
  for (const ids of chunks(batch.deliveredMessages ?? [])) {
    s.push({ sql: DELIVERED_MESSAGES(ids.length), params: ids });
  }
  s.push(...leaseEnds(batch), ...wakeStatements(dialect, batchWakes(batch)));
  return s;
}

function timerOf(r: Row): TimerRow {
  return { executionArn: String(r['execution_arn']), fireAt: Number(r['fire_at']) };
}
