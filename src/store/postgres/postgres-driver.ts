import pg from 'pg';
import type { Row, SqlDriver, SqlValue, Statement } from '../sql/index.ts';
import type { Leadership } from '../store.ts';
import { PolledLeadership } from '../leadership.ts';

/** The advisory lock the leader holds (advisory locks are per database). */
const LEAD_LOCK = 0x53_74_65_70; // "Step"
/** How often the leader checks that the connection holding its lock is alive. */
const PING_MS = 2000;

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

  constructor(connectionString: string) {
    this.#url = connectionString;
    const types = new pg.TypeOverrides();
    types.setTypeParser(20, (v: string) => Number(v));
    this.#pool = new pg.Pool({ connectionString, types, max: 4 });
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

  async query(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    const r = await this.#pool.query(this.#text(sql), [...params]);
    return r.rows as Row[];
  }

  async transaction(statements: readonly Statement[]): Promise<void> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      for (const s of statements) await client.query(this.#text(s.sql), [...s.params]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  /**
   * The lead is a session advisory lock on a connection of its own: it goes with that
   * connection, so a leader that dies (or loses PostgreSQL) frees it for a standby.
   */
  async lead(): Promise<Leadership> {
    let client: pg.Client | undefined;
    let ping: NodeJS.Timeout | undefined;
    // Set once the first attempt is over; the connection may fail during it.
    const held: { leadership?: PolledLeadership } = {};
    const lost = (e: Error): void => {
      client = undefined;
      clearInterval(ping);
      held.leadership?.markLost(e);
    };
    const leadership = await PolledLeadership.start(
      async () => {
        if (!client) {
          const c = new pg.Client({ connectionString: this.#url, keepAlive: true });
          c.on('error', lost);
          c.on('end', () => lost(new Error('the connection holding the lead ended')));
          await c.connect();
          client = c;
        }
        const rows = (await client.query('SELECT pg_try_advisory_lock($1) AS ok', [LEAD_LOCK])).rows as Row[];
        if (rows[0]?.['ok'] !== true) return false;
        const held = client;
        ping = setInterval(() => {
          held.query('SELECT 1').catch((e: unknown) => lost(e instanceof Error ? e : new Error(String(e))));
        }, PING_MS);
        ping.unref();
        return true;
      },
      async () => {
        clearInterval(ping);
        const c = client;
        client = undefined;
        await c?.end().catch(() => {});
      },
    );
    held.leadership = leadership;
    if (leadership.leading && !client)
      leadership.markLost(new Error('the connection holding the lead ended'));
    return leadership;
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}
