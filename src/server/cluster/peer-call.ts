import type { IncomingMessage } from 'node:http';
import type { JsonObject } from '../../asl/index.ts';
import { ServiceError } from '../../engine/index.ts';
import type { Store } from '../../store/index.ts';
import { carriesKey, FORWARDED } from './forward-to-leader.ts';
import { serverAddress } from './server-registry.ts';

/**
 * Marks a call one server makes of another on its own behalf (scale-out), not a client's call
 * passed on: its value is the receiver's peer key, which only servers that read the store know,
 * so it needs no client's signature. Forwarding copies a client's headers, but a client cannot
 * know the key.
 */
const PEER_CALL = 'x-stepwise-peer-call';

/** How long the server that drives an execution may take to answer. */
const ANSWER_MS = 10_000;

/** Whether `req` is a call of another server of this store on its own behalf. */
export function isPeerCall(req: IncomingMessage, peerKey: string): boolean {
  return carriesKey(req, PEER_CALL, peerKey);
}

/** Calls `action` on the server whose lease owner id is `owner`; its API error is thrown as it came. */
export async function callPeer(
  store: Store,
  owner: string,
  action: string,
  body: JsonObject,
): Promise<JsonObject> {
  const peer = await serverAddress(store, owner);
  if (!peer) throw new ServiceError('ServiceUnavailable', `The server ${owner} has no address in the store`);
  let res: Response;
  try {
    res = await fetch(peer.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `AWSStepFunctions.${action}`,
        [FORWARDED]: peer.peerKey,
        [PEER_CALL]: peer.peerKey,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(ANSWER_MS),
    });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ServiceError('ServiceUnavailable', `The server at ${peer.url} did not answer (${why})`);
  }
  const json = (await res.json().catch(() => ({}))) as JsonObject;
  if (res.ok) return json;
  const type = typeof json['__type'] === 'string' ? json['__type'] : `HTTP ${res.status}`;
  const message = typeof json['message'] === 'string' ? json['message'] : '';
  throw new ServiceError(type.slice(type.indexOf('#') + 1), message);
}
