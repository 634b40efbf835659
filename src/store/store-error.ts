/**
 * A failure of the store, classified by the driver that saw it (SQLite result codes, PostgreSQL
 * SQLSTATE classes), so that callers decide by `transient` and never by message text:
 * - transient: the store is away or busy (connection lost, lock timeout, disk full); the same
 *   write may succeed later and is retried;
 * - not transient: the store refuses this write (a constraint, a value it cannot keep); retrying
 *   it can never succeed.
 */
export class StoreError extends Error {
  readonly transient: boolean;
  /** The driver's own code (`SQLITE_CONSTRAINT_PRIMARYKEY`, `23505`, `ECONNREFUSED`, …). */
  readonly code: string;

  constructor(message: string, options: { transient: boolean; code: string; cause?: unknown }) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'StoreError';
    this.transient = options.transient;
    this.code = options.code;
  }
}
