/**
 * A mistake the user can fix (a flag, a file, an unreachable server): printed as one line, with
 * no stack trace. `exitCode` 2 is a usage error, 1 a failure.
 */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** The network error behind `fetch failed` (ECONNREFUSED, ENOTFOUND, …), if that is what `e` is. */
function networkCause(e: unknown): string | undefined {
  if (!(e instanceof TypeError) || e.message !== 'fetch failed') return undefined;
  const cause = e.cause as { code?: unknown; message?: unknown } | undefined;
  return typeof cause?.code === 'string'
    ? cause.code
    : typeof cause?.message === 'string'
      ? cause.message
      : 'no answer';
}

/** Runs a call to a server; an unreachable one becomes a message that says what to do. */
export async function reachServer<T>(endpoint: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    const cause = networkCause(e);
    if (cause === undefined) throw e;
    throw new CliError(
      `no Stepwise server answers at ${endpoint} (${cause}): start one with 'npm start' or 'stepwise serve', or give its address with --endpoint URL`,
      1,
    );
  }
}

/** A whole number flag within bounds. */
export function wholeNumber(
  flag: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new CliError(`${flag} expects a whole number from ${min} to ${max}, got '${value}'`);
  }
  return n;
}
