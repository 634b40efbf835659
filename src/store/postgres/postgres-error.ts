import { StoreError } from '../store-error.ts';

/**
 * SQLSTATE classes (PostgreSQL manual, appendix A) where the same statement may succeed later:
 * 08 connection exception, 40 transaction rollback (serialization failure, deadlock), 53
 * insufficient resources (disk full, too many connections), 57 operator intervention (statement
 * timeout, server shutting down), 58 system error (I/O). Plus 55P03 lock_not_available, and
 * 25P03 idle_in_transaction_session_timeout: the session was ended under a process paused
 * inside its transaction, which nothing of this write caused.
 * Everything else (23 integrity constraint, 22 data exception, …) is a refusal of this write.
 */
const TRANSIENT_CLASSES = new Set(['08', '40', '53', '57', '58']);

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** A failure of `pg` as a StoreError, classified by its SQLSTATE. */
export function postgresError(e: unknown): StoreError {
  if (e instanceof StoreError) return e;
  const error = e instanceof Error ? e : new Error(String(e));
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string' && SQLSTATE.test(code)) {
    const transient = TRANSIENT_CLASSES.has(code.slice(0, 2)) || code === '55P03' || code === '25P03';
    return new StoreError(error.message, { transient, code, cause: error });
  }
  // No SQLSTATE: the server never judged the statement (ECONNREFUSED, a connection that ended,
  // a connect timeout): the store is away, not refusing.
  return new StoreError(error.message, {
    transient: true,
    code: typeof code === 'string' ? code : 'CONNECTION',
    cause: error,
  });
}
