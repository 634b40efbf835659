/**
 * The AWS SDK retry strategy of Stepwise's service clients. A call is one attempt, as on AWS: a
 * service's error (throttling, 5xx) goes to the state, whose Retry decides. The exception is a
 * connection that broke under the request (ECONNRESET, EPIPE): most often an idle keep-alive
 * connection the server closed just as the request went out on it. That is the transport's
 * business, never the workflow's (AWS's own service calls never show it), so the request is sent
 * once more at once, on a new connection.
 */

/** The SDK's retry token (RetryStrategyV2's, from @smithy/types), as this strategy uses it. */
interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

const FIRST: RetryToken = { getRetryCount: () => 0, getRetryDelay: () => 0 };
const RESENT: RetryToken = { getRetryCount: () => 1, getRetryDelay: () => 0 };

/** Node's codes for a connection the peer closed or reset ("socket hang up" is ECONNRESET). */
const BROKEN_CONNECTION = new Set(['ECONNRESET', 'EPIPE']);

function brokenConnection(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  return (typeof code === 'string' && BROKEN_CONNECTION.has(code)) || brokenConnection(cause, depth + 1);
}

export const connectionRetry = {
  acquireInitialRetryToken: (): Promise<RetryToken> => Promise.resolve(FIRST),
  refreshRetryTokenForRetry(token: RetryToken, info: { error: Error }): Promise<RetryToken> {
    if (token === FIRST && brokenConnection(info.error)) return Promise.resolve(RESENT);
    return Promise.reject(info.error);
  },
  recordSuccess(): void {},
};
