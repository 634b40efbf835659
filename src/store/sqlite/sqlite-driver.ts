import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StatementSync } from 'node:sqlite';
import { DatabaseSync } from 'node:sqlite';
import type { Row, SqlDriver, SqlValue, Statement } from '../sql/index.ts';

/**
 * SQLite through Node's built-in `node:sqlite` (synchronous, like better-sqlite3, but with no
 * native addon to compile on install). WAL lets readers run beside the writer; synchronous=FULL
 * makes a commit durable across power loss, not only across a process crash: group commit is
 * what pays for the fsync.
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite';
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();

  constructor(file: string) {
    this.#db = new DatabaseSync(file);
    this.#db.exec('PRAGMA journal_mode = WAL');
    this.#db.exec('PRAGMA synchronous = FULL');
    this.#db.exec('PRAGMA busy_timeout = 5000');
  }

  #prepare(sql: string): StatementSync {
    let s = this.#statements.get(sql);
    if (!s) {
      s = this.#db.prepare(sql);
      this.#statements.set(sql, s);
    }
    return s;
  }

  query(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    try {
      return Promise.resolve(this.#prepare(sql).all(...params) as Row[]);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  transaction(statements: readonly Statement[]): Promise<void> {
    // Synchronous from BEGIN to COMMIT: nothing else can run on this connection in between.
    try {
      this.#db.exec('BEGIN IMMEDIATE');
      try {
        for (const s of statements) this.#prepare(s.sql).run(...s.params);
        this.#db.exec('COMMIT');
      } catch (e) {
        this.#db.exec('ROLLBACK');
        throw e;
      }
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  close(): Promise<void> {
    this.#statements.clear();
    if (this.#db.isOpen) this.#db.close();
    return Promise.resolve();
  }
}

/** The database file of a data directory, created on first use. */
export function sqliteFile(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  return join(dataDir, 'stepwise.db');
}
