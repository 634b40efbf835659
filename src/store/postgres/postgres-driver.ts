import pg from 'pg';
import type { Row, SqlDriver, SqlValue, Statement } from '../sql/index.ts';

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

  constructor(connectionString: string) {
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

  close(): Promise<void> {
    return this.#pool.end();
  }
}
