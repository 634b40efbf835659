import { StoreError } from '../store-error.ts';

/**
 * SQLite primary result codes (https://www.sqlite.org/rescode.html) that mean "not now" rather
 * than "never": BUSY, LOCKED (another connection holds the lock past busy_timeout), NOMEM, IOERR,
 * FULL (disk full), CANTOPEN, PROTOCOL.
 */
const TRANSIENT = new Set([5, 6, 7, 10, 13, 14, 15]);

/** Names of the primary codes a write may meet, for logs (`SQLITE_CONSTRAINT`). */
const NAMES: Readonly<Record<number, string>> = {
  1: 'ERROR',
  5: 'BUSY',
  6: 'LOCKED',
  7: 'NOMEM',
  10: 'IOERR',
  13: 'FULL',
  14: 'CANTOPEN',
  15: 'PROTOCOL',
  18: 'TOOBIG',
  19: 'CONSTRAINT',
  20: 'MISMATCH',
  25: 'RANGE',
};

/** A failure of `node:sqlite` as a StoreError, classified by its result code. */
export function sqliteError(e: unknown): StoreError {
  if (e instanceof StoreError) return e;
  const error = e instanceof Error ? e : new Error(String(e));
  const { code, errcode } = error as Error & { code?: string; errcode?: number };
  if (code === 'ERR_SQLITE_ERROR' && typeof errcode === 'number') {
    // Extended codes (1555 = SQLITE_CONSTRAINT_PRIMARYKEY) carry the primary code in the low byte.
    const primary = errcode & 0xff;
    return new StoreError(error.message, {
      transient: TRANSIENT.has(primary),
      code: `SQLITE_${NAMES[primary] ?? primary} (${errcode})`,
      cause: error,
    });
  }
  // A database closed under the call is a shutdown, not a refusal; anything else (a value that
  // cannot be bound) is this write's own fault.
  const transient = code === 'ERR_INVALID_STATE';
  return new StoreError(error.message, { transient, code: code ?? 'SQLITE_UNKNOWN', cause: error });
}
