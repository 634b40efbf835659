import type { ClientRequest, IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Store } from '../../store/index.ts';
import { within } from './within.ts';
import { STANDING_HEADERS } from '../http-guard/index.ts';

/** How long a call waits for a leader to answer during a failover before it gives up with 503. */
const FAILOVER_MS = 20_000;
/**
 * How long a leader that took a forwarded call may take to start answering it before the call
 * fails with 503 ServiceUnavailable (which AWS SDKs retry): a leader that holds the lock but is
 * frozen (stopped, swapping, its store hung) must not hang its standbys' callers forever.
 * Calls that wait by design get their own bound: a GetActivityTask long poll (60 s, as on AWS)
 * and a StartSyncExecution (an Express execution runs up to 5 minutes).
 */
const ANSWER_MS = 10_000;
const ANSWER_MS_OF: Readonly<Record<string, number>> = {
  'AWSStepFunctions.GetActivityTask': 70_000,
  'AWSStepFunctions.StartSyncExecution': 310_000,
};
const RETRY_MS = 250;

/** Connection errors that prove the request never reached a server: safe to send again. */
const NOT_SENT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EADDRNOTAVAIL']);

/** Headers about this hop only; the body is re-sent with its own length. */
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length']);

/**
 * Marks a forwarded call, so that it is never forwarded twice. Its value is the leader's peer key,
 * which only servers that read the store know: with it the leader trusts the checks the
 * forwarding server made (Host, Origin), since the client's Host may be a name of that server.
 */
export const FORWARDED = 'x-stepwise-forwarded';
/** Marks the answer of a server that does not lead (the sender tries the leader again). */
const STANDBY = 'x-stepwise-standby';

/** The address (and peer key) the leading server published in the store (the `leader` document). */
export async function leaderAddress(store: Store): Promise<{ url: string; peerKey: string } | undefined> {
  const data = (await store.getDocument('leader', 'leader'))?.data;
  const url = data?.['url'];
  const peerKey = data?.['peerKey'];
  return typeof url === 'string' ? { url, peerKey: typeof peerKey === 'string' ? peerKey : '1' } : undefined;
}

/** Publishes `url` as the leader's API address, for standbys to forward to with `peerKey`. */
export function publishLeader(store: Store, url: string, now: number, peerKey: string): Promise<void> {
  return store.commit({
    documents: [{ kind: 'leader', key: 'leader', parent: '', data: { url, since: now, peerKey } }],
  });
}

/** Whether `req` was forwarded by a server of this store (it carries this leader's peer key). */
export function forwardedByPeer(req: IncomingMessage, peerKey: string): boolean {
  return carriesKey(req, FORWARDED, peerKey);
}

/** Whether the header `name` of `req` is `key` (compared in constant time: it is a secret). */
export function carriesKey(req: IncomingMessage, name: string, key: string): boolean {
  const given = req.headers[name];
  return (
    typeof given === 'string' &&
    given.length === key.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(key))
  );
}

/**
 * The answer of a standby to a call another server forwarded to it (it led once, or the
 * leader's address is stale): not handled here, to be sent to the leader once known.
 */
export function refuseForwarded(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.headers[FORWARDED] === undefined) return false;
  req.resume();
  res.setHeader(STANDBY, '1');
  unavailable(res, 'This server does not lead; the call goes to the leader.');
  return true;
}

/** Whether another server forwarded `req` here (it is then answered here, never sent on). */
export function isForwarded(req: IncomingMessage): boolean {
  return req.headers[FORWARDED] !== undefined;
}

/** Answers 503 ServiceUnavailable, which the AWS SDKs retry. */
export function unavailable(res: ServerResponse, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res
    .writeHead(503, {
      ...STANDING_HEADERS,
      'Content-Type': 'application/x-amz-json-1.0',
      'x-amzn-ErrorType': 'ServiceUnavailable',
    })
    .end(JSON.stringify({ __type: 'ServiceUnavailable', message }));
}

/**
 * The API of a standby: each call goes to the leader as it came (headers included, so a SigV4
 * signature still holds) and its answer comes back as it is. While a failover is under way the
 * call waits for the new leader; a call that may have reached a leader that then died is not
 * sent twice: it fails with 503, which AWS SDKs retry.
 */
export function forwardToLeader(store: Store, limit: Limit) {
  return forwardTo(() => leaderAddress(store), limit, 'leading server');
}

type Limit = { readonly maxBytes: number; oversized(req: IncomingMessage, res: ServerResponse): void };

/**
 * Forwards each call to the server `address` names (the leader, or the server that drives an
 * execution); `who` names it in the 503 answers. `rerouted`, asked before each retry, answers the
 * call another way and says so when the target is not the one to ask any more (an execution's
 * lease moved on from a dead server): the caller then does not wait out the failover.
 */
export function forwardTo(
  address: () => Promise<{ url: string; peerKey: string } | undefined>,
  limit: Limit,
  who: string,
  rerouted?: (res: ServerResponse) => Promise<boolean>,
) {
  let cached: { url: string; peerKey: string } | undefined;
  return (req: IncomingMessage, res: ServerResponse): void => {
    // Bodies are buffered (to be sent again during a failover), so never beyond the API's quota:
    // a declared oversized one gets the API's own answer here; an undeclared one is cut off.
    if (Number(req.headers['content-length']) > limit.maxBytes) return limit.oversized(req, res);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit.maxBytes) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers: IncomingHttpHeaders = {};
      for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k)) headers[k] = v;
      headers['content-length'] = String(body.length);
      const amzTarget = req.headers['x-amz-target'];
      const answerMs = (typeof amzTarget === 'string' ? ANSWER_MS_OF[amzTarget] : undefined) ?? ANSWER_MS;
      const deadline = Date.now() + FAILOVER_MS;
      const again = (): void => {
        if (Date.now() > deadline) return unavailable(res, `No ${who} answers; try again.`);
        setTimeout(() => void retry(), RETRY_MS);
      };
      const retry = async (): Promise<void> => {
        if (rerouted && (await rerouted(res).catch(() => false))) return;
        await attempt(true);
      };
      const attempt = async (fresh: boolean): Promise<void> => {
        if (res.destroyed) return;
        if (fresh || cached === undefined) {
          // The store may hang too (a database gone silent): the failover deadline still holds.
          cached = await within(RETRY_MS * 4, 'the store', address()).catch(() => undefined);
        }
        const target = cached;
        if (target === undefined) return again();
        const upstream = request(
          new URL(req.url ?? '/', target.url),
          { method: req.method, headers: { ...headers, [FORWARDED]: target.peerKey } },
          (answer) => {
            clearTimeout(timer);
            // A standby answered (a failover is under way): it did nothing; find the leader again.
            if (answer.headers[STANDBY] !== undefined) {
              answer.resume();
              return again();
            }
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        // A frozen leader accepts the connection (the kernel does) and never answers.
        let late = false;
        const timer = setTimeout(() => {
          late = true;
          upstream.destroy(new Error('no answer in time'));
        }, answerMs);
        upstream.on('error', (e: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          if (res.destroyed) return; // the caller is gone
          if (!late && NOT_SENT.has(e.code ?? '')) return again();
          // It may have reached the leader, which may still act on it: not sent twice.
          const why = late ? `within ${answerMs / 1000} s` : `(${e.message})`;
          unavailable(res, `The ${who} at ${target.url} did not answer ${why}; try again.`);
        });
        current = upstream;
        upstream.end(body);
      };
      let current: ClientRequest | undefined;
      // The caller gave up: so does the forwarded call.
      res.once('close', () => {
        if (!res.writableFinished) current?.destroy();
      });
      void attempt(false);
    });
  };
}
