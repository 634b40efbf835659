import pg from 'pg';
import type { Row, SqlDriver, SqlValue, Statement } from '../sql/index.ts';
import type { LeadOptions, Leadership, WakeUps } from '../store.ts';
import { PolledLeadership } from '../leadership.ts';
import { leaseLost, StoreError } from '../store-error.ts';
import { postgresError } from './postgres-error.ts';
import { inlineTransaction } from './inline-sql.ts';
import { wakeListener } from './wake-listener.ts';

/** The advisory lock the leader holds (advisory locks are per database). */
const LEAD_LOCK = 0x53_74_65_70; // "Step"
/** How often the leader checks that the connection holding its lock is alive. */
const PING_MS = 2000;

/**
 * Bounds on every connection, so that a server that stops answering (or a lock held elsewhere)
 * fails a call with a transient error instead of hanging it: the group commit then retries and
 * the API answers ServiceUnavailable meanwhile.
 */
const TIMEOUTS = {
  connectionTimeoutMillis: 10_000,
  statement_timeout: 30_000,
  lock_timeout: 10_000,
  // A process paused inside a transaction (SIGSTOP, a long GC pause) must not keep its locks:
  // the lease rows its fenced commit locked would stay out of every other server's claims.
  idle_in_transaction_session_timeout: 5_000,
} as const;

/** `?` placeholders to PostgreSQL's `$1, $2, …` (the store's SQL has no `?` in literals). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** PostgreSQL through a `pg` pool; BIGINT columns come back as numbers (epoch ms fit). */
export class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres';
  readonly #pool: pg.Pool;
  readonly #sql = new Map<string, string>();
  readonly #url: string;
  readonly #types: pg.TypeOverrides;
  readonly wakeUps: WakeUps;
  /**
   * While this process leads, every write goes through the connection that holds the lead's
   * lock, one transaction after another: a commit can then never land after the lock is gone
   * (the lock outlives the session's last commit), so a new leader never reads a history that a
   * late write of the old one changes.
   */
  #writer: pg.Client | undefined;
  /** Set once a lead this process held is gone: it must write nothing more. */
  #fenced = false;
  #writes: Promise<unknown> = Promise.resolve();
  /** The writer is inside a transaction (its lead's ping then waits for the next round). */
  #inTransaction = false;

  constructor(connectionString: string) {
    this.#url = connectionString;
    this.wakeUps = wakeListener(connectionString);
    const types = new pg.TypeOverrides();
    types.setTypeParser(20, (v: string) => Number(v));
    this.#types = types;
    this.#pool = new pg.Pool({ connectionString, types, max: 4, ...TIMEOUTS });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.#pool.on('error', () => {});
  }

  #text(sql: string): string {
    let t = this.#sql.get(sql);
    if (t === undefined) {
      t = numbered(sql);
      this.#sql.set(sql, t);
    }
    return t;
  }

  /** The heartbeat's connection: opened when first needed, and again after it failed. */
  #aside: { readonly client: pg.Client; readonly ready: Promise<void> } | undefined;
  #closed = false;

  readonly heartbeat = async (sql: string, params: readonly SqlValue[] = []): Promise<Row[]> => {
    if (this.#closed) throw new StoreError('the store is closed', { transient: true, code: 'CLOSED' });
    let aside: { readonly client: pg.Client; readonly ready: Promise<void> } | undefined = this.#aside;
    if (aside === undefined) {
      const client = new pg.Client({
        connectionString: this.#url,
        keepAlive: true,
        types: this.#types,
        ...TIMEOUTS,
      });
      // A lost connection says so by an 'error' event (unheard, it would crash the process).
      client.on('error', () => this.#dropAside(client));
      aside = this.#aside = { client, ready: client.connect().then(() => undefined) };
    }
    try {
      await aside.ready;
      return (await aside.client.query(this.#text(sql), [...params])).rows as Row[];
    } catch (e) {
      this.#dropAside(aside.client);
      throw postgresError(e);
    }
  };

  #dropAside(client: pg.Client): void {
    if (this.#aside?.client !== client) return;
    this.#aside = undefined;
    void client.end().catch(() => {});
  }

  async query(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    try {
      const r = await this.#pool.query(this.#text(sql), [...params]);
      return r.rows as Row[];
    } catch (e) {
      throw postgresError(e);
    }
  }

  /** Commits through the writer connection (it pipelines: see `transaction`). */
  pipelines(): boolean {
    return this.#writer !== undefined && !this.#fenced;
  }

  transaction(statements: readonly Statement[]): Promise<void> {
    const writer = this.#fenced ? undefined : this.#writer;
    const inlined = writer && inlineTransaction(statements);
    if (writer && inlined && !inlined.fenced) {
      // One message, one implicit transaction: written right behind those before it (the writer
      // is in pipeline mode), never inside a transaction of several messages (`#writes`).
      // PostgreSQL runs them in order, each after the one before has committed or failed.
      return this.#writes
        .then(() => writer.query(inlined.rest))
        .then(
          () => {},
          (e: unknown) => {
            throw postgresError(e);
          },
        );
    }
    return this.#transaction(statements).catch((e: unknown) => {
      throw postgresError(e);
    });
  }

  async #transaction(statements: readonly Statement[]): Promise<void> {
    if (this.#fenced) {
      // Not this write's fault: the runtime stands down and stops writing.
      throw new StoreError('this process no longer leads the store: it writes nothing', {
        transient: true,
        code: 'FENCED',
      });
    }
    const writer = this.#writer;
    if (writer) {
      const run = this.#writes.then(() => this.#apply(writer, statements));
      this.#writes = run.catch(() => {});
      return run;
    }
    const client = await this.#pool.connect();
    // A checked-out client reports a lost connection (a session PostgreSQL ended because this
    // process was paused inside the transaction) as an 'error' event, which would otherwise
    // crash the process; the transaction fails with it anyway, and the client is not reused.
    let broken = false;
    const onError = (): void => {
      broken = true;
    };
    client.on('error', onError);
    try {
      await this.#apply(client, statements);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  async #apply(client: pg.ClientBase, statements: readonly Statement[]): Promise<void> {
    const writer = client === this.#writer;
    if (writer) this.#inTransaction = true;
    // A transaction block was opened (BEGIN): a failure must end it.
    let open = false;
    try {
      const inlined = inlineTransaction(statements);
      if (inlined && !inlined.fenced) {
        // One implicit transaction (inline-sql.ts): nothing stays open if it fails.
        await client.query(inlined.rest);
        return;
      }
      open = true;
      if (inlined?.fenced) {
        const results = (await client.query(inlined.fenced.sql)) as unknown as pg.QueryResult[];
        // results[0] is BEGIN's.
        inlined.fenced.fences.forEach((fence, i) => {
          const changed = results[i + 1]?.rowCount ?? 0;
          if (changed !== fence) throw leaseLost(changed, fence);
        });
        // The rest and COMMIT (an error skips what follows it: ROLLBACK below ends the block).
        await client.query(inlined.rest);
        return;
      }
      await client.query('BEGIN');
      for (const s of statements) {
        const r = await client.query(this.#text(s.sql), [...s.params]);
        if (s.fence !== undefined && r.rowCount !== s.fence) throw leaseLost(r.rowCount ?? 0, s.fence);
      }
      await client.query('COMMIT');
    } catch (e) {
      if (open) await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      if (writer) this.#inTransaction = false;
    }
  }

  /**
   * The lead is a session advisory lock on a connection of its own: it goes with that
   * connection, so a leader that dies (or loses PostgreSQL) frees it for a standby.
   */
  async lead({ writesThroughLock = true }: LeadOptions = {}): Promise<Leadership> {
    let client: pg.Client | undefined;
    let ping: NodeJS.Timeout | undefined;
    // Set once the first attempt is over; the connection may fail during it.
    const held: { leadership?: PolledLeadership } = {};
    const lost = (e: Error): void => {
      if (this.#writer && this.#writer === client) {
        this.#writer = undefined;
        this.#fenced = true;
      }
      client = undefined;
      clearInterval(ping);
      held.leadership?.markLost(e);
    };
    const leadership = await PolledLeadership.start(
      async () => {
        if (!client) {
          // Pipeline mode: a commit is sent while the one before it is still being committed.
          const c = new pg.Client({
            connectionString: this.#url,
            keepAlive: true,
            pipeline: true,
            ...TIMEOUTS,
          });
          c.on('error', lost);
          c.on('end', () => lost(new Error('the connection holding the lead ended')));
          await c.connect();
          client = c;
        }
        const rows = (await client.query('SELECT pg_try_advisory_lock($1) AS ok', [LEAD_LOCK])).rows as Row[];
        if (rows[0]?.['ok'] !== true) return false;
        if (writesThroughLock) this.#writer = client;
        const held = client;
        ping = setInterval(() => {
          // A commit under way on this connection proves it alive (its failure is the write's
          // to report); a ping queued inside its transaction would fail once the transaction
          // has, and pass for a lost connection.
          if (this.#inTransaction) return;
          held.query('SELECT 1').catch((e: unknown) => lost(e instanceof Error ? e : new Error(String(e))));
        }, PING_MS);
        ping.unref();
        return true;
      },
      async () => {
        clearInterval(ping);
        const c = client;
        client = undefined;
        if (this.#writer) this.#fenced = true;
        this.#writer = undefined;
        await c?.end().catch(() => {});
      },
    );
    held.leadership = leadership;
    if (leadership.leading && !client)
      leadership.markLost(new Error('the connection holding the lead ended'));
    return leadership;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const aside = this.#aside;
    this.#aside = undefined;
    await aside?.client.end().catch(() => {});
    await this.#pool.end();
  }
}
