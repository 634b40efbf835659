import type { Batch, Doc, Lease, LeaseShare, MessageRow } from '../store.ts';
import type { Row, SqlDriver, SqlValue, Statement } from './driver.ts';
import { WAKE_CHANNEL, wakeStatements } from './wake-sql.ts';
import { chunks, repeated, rowsStatement } from './inserts.ts';

const DAY_MS = 86_400_000;

const toLease = (r: Row): Lease => ({ executionArn: String(r['execution_arn']), token: Number(r['token']) });

// The texts of a batch's lease statements, made once per row count (inserts.ts: rowsStatement).
const NEW_LEASES = rowsStatement(
  (rows) => `INSERT INTO execution_leases (execution_arn, owner, token, expires_at)
            VALUES ${repeated('(?, ?, 1, ?)', rows)} ON CONFLICT (execution_arn) DO NOTHING`,
);
const FENCES = rowsStatement(
  (rows) => `UPDATE execution_leases SET token = token
            WHERE (execution_arn, token) IN (${repeated('(?, ?)', rows)})`,
);
const CLOSED_ROWS = rowsStatement(
  (rows) => `UPDATE executions SET status = status
            WHERE arn IN (${repeated('?', rows)}) AND status <> 'RUNNING'
              AND NOT EXISTS (SELECT 1 FROM execution_leases l WHERE l.execution_arn = executions.arn)`,
);
const ENDED_LEASES = rowsStatement(
  (rows) => `DELETE FROM execution_leases WHERE execution_arn IN (${repeated('?', rows)})`,
);
const ENDED_MESSAGES = rowsStatement(
  (rows) => `DELETE FROM execution_messages WHERE execution_arn IN (${repeated('?', rows)})`,
);

/**
 * The lease statements of a batch that go first: new leases, then the fences. Each says how many
 * rows it must change (`fence`): a lease that exists already, or whose token moved on, fails the
 * whole transaction before anything else is written. The fence is an UPDATE, so it also locks the
 * lease row until the commit: a claim by another server waits for it, or skips the row.
 */
export function leaseChecks(batch: Batch): Statement[] {
  const out: Statement[] = [];
  const created = batch.newLeases;
  for (const arns of chunks(created?.executionArns ?? [])) {
    out.push({
      sql: NEW_LEASES(arns.length),
      params: arns.flatMap((arn) => [arn, created?.owner ?? '', created?.expiresAt ?? 0]),
      fence: arns.length,
    });
  }
  for (const leases of chunks(batch.fences ?? [])) {
    out.push({
      sql: FENCES(leases.length),
      params: leases.flatMap((l) => [l.executionArn, l.token]),
      fence: leases.length,
    });
  }
  for (const arns of chunks(batch.closedRows ?? [])) {
    out.push({
      sql: CLOSED_ROWS(arns.length),
      params: arns,
      fence: arns.length,
    });
  }
  return out;
}

/**
 * Ends the leases of executions that closed (after the checks, in the same transaction), and
 * their messages: nothing is left for those to reach.
 */
export function leaseEnds(batch: Batch): Statement[] {
  return chunks(batch.endedLeases ?? []).flatMap((arns) => [
    { sql: ENDED_LEASES(arns.length), params: arns },
    { sql: ENDED_MESSAGES(arns.length), params: arns },
  ]);
}

/** Store.claimLeases, renewLeases and releaseLeases over SQL. */
export class SqlLeases {
  readonly #db: SqlDriver;

  constructor(db: SqlDriver) {
    this.#db = db;
  }

  async claim(owner: string, now: number, expiresAt: number, limit: number): Promise<Lease[]> {
    // PostgreSQL skips the rows another server is claiming (or a fenced commit holds) instead of
    // waiting for them; SQLite has one writer at a time anyway.
    const skip = this.#db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
    const expired = await this.#db.query(
      `UPDATE execution_leases SET owner = ?, token = token + 1, expires_at = ?
       WHERE execution_arn IN (SELECT execution_arn FROM execution_leases WHERE expires_at <= ?
                               ORDER BY expires_at LIMIT ? ${skip})
       RETURNING execution_arn, token`,
      [owner, expiresAt, now, limit],
    );
    if (expired.length >= limit) return expired.map(toLease);
    // Open executions nobody ever leased: a conflict means another server leased it meanwhile.
    const unleased = await this.#db.query(
      `INSERT INTO execution_leases (execution_arn, owner, token, expires_at)
       SELECT arn, ?, 1, ? FROM executions e
       WHERE status = 'RUNNING'
         AND NOT EXISTS (SELECT 1 FROM execution_leases l WHERE l.execution_arn = e.arn)
       LIMIT ?
       ON CONFLICT (execution_arn) DO NOTHING
       RETURNING execution_arn, token`,
      [owner, expiresAt, limit - expired.length],
    );
    return [...expired, ...unleased].map(toLease);
  }

  async renew(owner: string, expiresAt: number): Promise<Lease[]> {
    // On a connection of its own where there is one: the pool may be busy with the work.
    const query =
      this.#db.heartbeat ?? ((sql: string, params?: readonly SqlValue[]) => this.#db.query(sql, params));
    // The server's own heartbeat first: it says the server lives even while it holds no lease.
    await query(
      `INSERT INTO live_servers (owner, expires_at) VALUES (?, ?)
       ON CONFLICT (owner) DO UPDATE SET expires_at = excluded.expires_at`,
      [owner, expiresAt],
    );
    const rows = await query(
      'UPDATE execution_leases SET expires_at = ? WHERE owner = ? RETURNING execution_arn, token',
      [expiresAt, owner],
    );
    return rows.map(toLease);
  }

  async share(owner: string, now: number): Promise<LeaseShare> {
    const rows = await this.#db.query(
      `SELECT (SELECT count(*) FROM live_servers WHERE expires_at > ?) AS servers,
              (SELECT count(*) FROM execution_leases) AS leases,
              (SELECT count(*) FROM execution_leases WHERE owner = ? AND expires_at > ?) AS mine`,
      [now, owner, now],
    );
    const r = rows[0];
    return {
      servers: Number(r?.['servers'] ?? 0),
      leases: Number(r?.['leases'] ?? 0),
      mine: Number(r?.['mine'] ?? 0),
    };
  }

  async handBack(owner: string, leases: readonly Lease[], now: number): Promise<Lease[]> {
    const out: Lease[] = [];
    for (const chunk of chunks(leases)) {
      const update = `UPDATE execution_leases SET expires_at = ?, owner = ''
         WHERE owner = ? AND (execution_arn, token) IN (${chunk.map(() => '(?, ?)').join(', ')})
         RETURNING execution_arn, token`;
      // PostgreSQL wakes the other servers' claims in the same statement (once per transaction,
      // however many rows): they claim these now rather than at their next poll.
      const rows = await this.#db.query(
        this.#db.dialect === 'postgres'
          ? `WITH handed AS (${update}) SELECT execution_arn, token, pg_notify('${WAKE_CHANNEL}', 'claims') FROM handed`
          : update,
        [now, owner, ...chunk.flatMap((l) => [l.executionArn, l.token])],
      );
      out.push(...rows.map(toLease));
    }
    return out;
  }

  async of(executionArn: string): Promise<{ owner: string; expiresAt: number } | undefined> {
    const rows = await this.#db.query(
      'SELECT owner, expires_at FROM execution_leases WHERE execution_arn = ?',
      [executionArn],
    );
    const r = rows[0];
    return r && { owner: String(r['owner']), expiresAt: Number(r['expires_at']) };
  }

  async release(owner: string, now: number): Promise<void> {
    await this.#db.transaction([
      { sql: 'UPDATE execution_leases SET expires_at = ? WHERE owner = ?', params: [now, owner] },
      // Gone for good: so are the heartbeats of servers gone long ago (each process has its own id).
      { sql: 'DELETE FROM live_servers WHERE owner = ? OR expires_at < ?', params: [owner, now - DAY_MS] },
      ...wakeStatements(this.#db.dialect, ['claims']),
    ]);
  }

  async messagesFor(owner: string, limit: number): Promise<MessageRow[]> {
    const rows = await this.#db.query(
      `SELECT m.id, m.execution_arn, m.created_at, m.data FROM execution_messages m
       JOIN execution_leases l ON l.execution_arn = m.execution_arn
       WHERE l.owner = ? ORDER BY m.created_at, m.id LIMIT ?`,
      [owner, limit],
    );
    return rows.map((r) => ({
      id: String(r['id']),
      executionArn: String(r['execution_arn']),
      createdAt: Number(r['created_at']),
      data: JSON.parse(String(r['data'])) as Doc,
    }));
  }
}
