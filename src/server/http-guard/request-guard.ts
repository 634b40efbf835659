import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HostRules } from './allowed-hosts.ts';
import { hostAllowed, hostnameOf } from './allowed-hosts.ts';
import { originAllowed } from './allowed-origins.ts';

export interface GuardRules extends HostRules {
  /** `cors.allowedOrigins`: more origins whose pages may call the API, or `*`. */
  readonly allowedOrigins?: readonly string[] | undefined;
  /**
   * A call forwarded by a peer on the same store, already checked there: its `Host` is the one
   * the client used to reach that peer, which need not be one of this server's names.
   */
  readonly fromPeer?: ((req: IncomingMessage) => boolean) | undefined;
  /**
   * Requests whose handler writes STANDING_HEADERS into its answer itself (the API's): the guard
   * sets them on no other, so that the answer goes out in one `writeHead`. A header set before it
   * sends Node down its slow path, each header stored again (~9,400 instructions an Express
   * StartSyncExecution, 5.6%, bench:http-instructions).
   */
  readonly writesStanding?: ((req: IncomingMessage) => boolean) | undefined;
}

/**
 * What every answer carries: no content sniffing, and a cache keeps answers to different origins
 * apart (the CORS headers depend on the Origin).
 */
export const STANDING_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  Vary: 'Origin',
});

/** The headers AWS SDKs read from an answer, which a page's script may see only if exposed. */
const EXPOSED = 'x-amzn-RequestId, x-amzn-ErrorType';

/**
 * Decides, before anything else sees a request, whether a web browser may drive this server
 * with it: the `Host` check (DNS rebinding), the `Origin` check (a page of another site: answered
 * without CORS headers and, when it would act, refused) and the CORS answers for allowed pages.
 * Returns true when it answered the request itself (a refusal or a preflight).
 */
export function createRequestGuard(
  rules: GuardRules,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const origins = rules.allowedOrigins ?? [];
  return (req, res) => {
    const standing = rules.writesStanding?.(req) !== true;
    if (standing) res.setHeader('X-Content-Type-Options', 'nosniff');
    const peer = rules.fromPeer?.(req) ?? false;
    const host = req.headers.host;
    if (!peer && !hostAllowed(rules, host)) {
      refuse(
        res,
        `The Host '${hostnameOf(host ?? '')}' is not one of this server's names (a check against DNS rebinding). ` +
          `To reach Stepwise under this name, add it to "allowedHosts" in stepwise.config.json ` +
          `or to STEPWISE_ALLOWED_HOSTS (comma-separated).`,
      );
      req.resume();
      return true;
    }
    const origin = req.headers.origin;
    const allowed = origin !== undefined && originAllowed(origins, origin, host);
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    // Browsers send Origin with every POST; Sec-Fetch-Site covers the rare request without it.
    const foreign = origin !== undefined ? !allowed : req.headers['sec-fetch-site'] === 'cross-site';
    if (foreign && !peer && (preflight || req.method !== 'GET')) {
      refuse(
        res,
        `Web pages of ${origin === undefined ? 'another site' : `the origin '${origin}'`} may not call this server. ` +
          `To allow them, add the origin to "cors.allowedOrigins" in stepwise.config.json ` +
          `or to STEPWISE_CORS_ALLOWED_ORIGINS (comma-separated).`,
      );
      req.resume();
      return true;
    }
    const any = origins.includes('*');
    // The CORS headers of an answer depend on the Origin: caches must keep them apart.
    if (!any && standing) res.setHeader('Vary', 'Origin');
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED);
    }
    if (!preflight) return false;
    if (allowed) {
      res.setHeader('Access-Control-Allow-Methods', 'POST, GET, OPTIONS');
      // The SDKs send their own headers (amz-sdk-*, x-amz-*, authorization): allow what is asked.
      const asked = req.headers['access-control-request-headers'];
      if (asked) res.setHeader('Access-Control-Allow-Headers', asked);
      res.setHeader('Access-Control-Max-Age', '7200');
    }
    res.writeHead(204).end();
    return true;
  };
}

/** 403 in AWS's shape, so that SDKs and the CLI show the message. */
function refuse(res: ServerResponse, message: string): void {
  const text = JSON.stringify({ __type: 'AccessDeniedException', message });
  res
    .writeHead(403, {
      ...STANDING_HEADERS,
      'Content-Type': 'application/x-amz-json-1.0',
      'Content-Length': Buffer.byteLength(text),
      'x-amzn-ErrorType': 'AccessDeniedException',
    })
    .end(text);
}
