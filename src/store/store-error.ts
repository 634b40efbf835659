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

/** The code of a write refused because its execution's lease is held by another server now. */
export const LEASE_LOST = 'LEASE_LOST';

/**
 * A fenced write found its lease taken (DESIGN.md decision 6): the execution belongs to another
 * server now. Not transient: this server must never write it again, only drop it.
 */
export function leaseLost(changed: number, expected: number): StoreError {
  return new StoreError(`${expected - changed} of ${expected} execution leases are no longer held here`, {
    transient: false,
    code: LEASE_LOST,
  });
}
