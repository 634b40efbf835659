import { closeSync, fdatasync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { StatementSync } from 'node:sqlite';
import { DatabaseSync } from 'node:sqlite';
import type { Row, SqlDriver, SqlValue, Statement } from '../sql/index.ts';
import type { Leadership } from '../store.ts';
import { PolledLeadership } from '../leadership.ts';
import { leaseLost, StoreError } from '../store-error.ts';
import { sqliteError } from './sqlite-error.ts';
import { WalCheckpoints } from './wal-checkpoints.ts';

/**
 * How much SQL text the prepared statements kept may have. A multi-row INSERT is a statement of
 * its own for each row count (1 to 200, sql/inserts.ts), and SQLite holds ~30 bytes for each
 * character of a statement's SQL (a 200-row INSERT of executions ~100 KB): kept for good, the row
 * counts of batches of up to 200 executions would hold ~10 MB per kind of INSERT. A full load on
 * 32 connections uses ~100 statements of ~26,000 characters (measured), all kept.
 */
const STATEMENT_CACHE_CHARS = 128 * 1024;

/**
 * SQLite through Node's built-in `node:sqlite` (synchronous, like better-sqlite3, but with no
 * native addon to compile on install). WAL lets readers run beside the writer.
 *
 * A commit is durable across power loss, not only across a process crash: its transaction
 * resolves once the WAL file is synced. SQLite would sync it inside COMMIT (synchronous=FULL),
 * which blocks the event loop for the whole fsync; here COMMIT only writes the WAL and the WAL is
 * then synced on libuv's thread pool, so requests are served while the disk flushes. fdatasync
 * works on the file, whatever descriptor wrote it, and the WAL is never replaced while this
 * connection is open. Checkpoints sync on the thread pool too (wal-checkpoints.ts).
 */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite';
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, StatementSync>();
  /** The length of the SQL texts of `#statements`. */
  #cachedChars = 0;
  readonly #file: string;
  /** The WAL file, opened at the first commit (SQLite creates it on first use). */
  #wal: number | undefined;
  /** Set once a sync failed. */
  #broken: StoreError | undefined;
  /** Commits so far: a sync that began after the latest one covers them all. */
  #commits = 0;
  readonly #checkpoints: WalCheckpoints | undefined;

  constructor(file: string) {
    this.#file = file;
    this.#db = new DatabaseSync(file);
    this.#db.exec('PRAGMA journal_mode = WAL');
    this.#db.exec('PRAGMA busy_timeout = 5000');
    this.#checkpoints =
      file === ':memory:' ? undefined : new WalCheckpoints(this.#db, file, (e) => this.#failed(e));
  }

  /**
   * A failed sync (of the WAL or, after a checkpoint, of the database file) leaves earlier
   * commits' durability unknown (Linux reports a lost write once): every later write fails with it.
   */
  #failed(e: NodeJS.ErrnoException): StoreError {
    return (this.#broken ??= new StoreError(`the database could not be synced: ${e.message}`, {
      transient: false,
      code: e.code ?? 'EIO',
      cause: e,
    }));
  }

  /** Resolves once everything committed so far is on disk. */
  #synced(): Promise<void> {
    if (this.#file === ':memory:') return Promise.resolve();
    let fd: number;
    try {
      fd = this.#wal ??= openSync(`${this.#file}-wal`, 'r+');
    } catch (e) {
      return Promise.reject(this.#failed(e as NodeJS.ErrnoException));
    }
    const upTo = this.#commits;
    return new Promise((resolve, reject) => {
      fdatasync(fd, (e) => {
        if (e) this.#failed(e);
        if (this.#broken) return reject(this.#broken);
        resolve();
        if (upTo === this.#commits) this.#checkpoints?.afterSync();
      });
    });
  }

  /**
   * The prepared statement of `sql`, kept while it is among the most recently used ones within
   * STATEMENT_CACHE_CHARS of SQL text (an evicted one is finalized when collected).
   */
  #prepare(sql: string): StatementSync {
    const statements = this.#statements;
    let s = statements.get(sql);
    if (s) {
      // Least recently used first: the Map's order.
      statements.delete(sql);
      statements.set(sql, s);
      return s;
    }
    s = this.#db.prepare(sql);
    statements.set(sql, s);
    this.#cachedChars += sql.length;
    for (const old of statements.keys()) {
      if (this.#cachedChars <= STATEMENT_CACHE_CHARS || old === sql) break;
      statements.delete(old);
      this.#cachedChars -= old.length;
    }
    return s;
  }

  /** How many prepared statements are kept (a test's view of the cache's bound). */
  get statementsKept(): number {
    return this.#statements.size;
  }

  query(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    try {
      return Promise.resolve(this.#prepare(sql).all(...params) as Row[]);
    } catch (e) {
      return Promise.reject(sqliteError(e));
    }
  }

  transaction(statements: readonly Statement[]): Promise<void> {
    try {
      return this.applyNow(statements);
    } catch (e) {
      return Promise.reject(sqliteError(e));
    }
  }

  /** Store.apply: the transaction is applied (or has thrown) when this returns. */
  applyNow(statements: readonly Statement[]): Promise<void> {
    if (this.#broken) throw this.#broken;
    // Synchronous from BEGIN to COMMIT: nothing else can run on this connection in between.
    try {
      this.#db.exec('BEGIN IMMEDIATE');
      try {
        for (const s of statements) {
          const { changes } = this.#prepare(s.sql).run(...s.params);
          if (s.fence !== undefined && Number(changes) !== s.fence) throw leaseLost(Number(changes), s.fence);
        }
        this.#db.exec('COMMIT');
        this.#commits++;
      } catch (e) {
        // The statement's error is the one to report, not a failed rollback's.
        try {
          this.#db.exec('ROLLBACK');
        } catch {
          /* the transaction is gone already */
        }
        throw e;
      }
    } catch (e) {
      throw sqliteError(e);
    }
    return this.#synced();
  }

  /**
   * The lead is an exclusive lock on `<file>.leader`, taken by a transaction that never ends:
   * the operating system drops it with the process that holds it.
   */
  lead(): Promise<Leadership> {
    if (this.#file === ':memory:') {
      return PolledLeadership.start(
        () => Promise.resolve(true),
        () => Promise.resolve(),
      );
    }
    let lock: DatabaseSync | undefined;
    return PolledLeadership.start(
      () => {
        lock ??= new DatabaseSync(`${this.#file}.leader`);
        try {
          lock.exec('BEGIN EXCLUSIVE');
          return Promise.resolve(true);
        } catch (e) {
          // BUSY or LOCKED: another process leads (a transient failure, by its result code).
          if (sqliteError(e).transient) return Promise.resolve(false);
          throw e;
        }
      },
      () => {
        if (lock?.isOpen) lock.close();
        return Promise.resolve();
      },
    );
  }

  async close(): Promise<void> {
    await this.#checkpoints?.close();
    if (this.#wal !== undefined) closeSync(this.#wal);
    this.#wal = undefined;
    this.#statements.clear();
    if (this.#db.isOpen) this.#db.close();
  }
}

/** The database file of a data directory, created on first use. */
export function sqliteFile(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  return join(dataDir, 'stepwise.db');
}
