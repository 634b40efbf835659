import { randomFillSync } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject } from '../asl/index.ts';
import { type Engine, uuidsFrom } from '../engine/index.ts';
import { actions } from './actions/index.ts';
import { errorBody, requestTooLarge, serviceUnavailable, toApiError, unknownOperation } from './errors.ts';
import { parseBody } from './parse-body.ts';
import { readBody } from './read-body.ts';
import type { Credentials } from './sigv4.ts';
import { verifySignature } from './sigv4.ts';

/** AWS's hard quota on the size of one API request (service quotas: 1 MB). */
export const MAX_REQUEST_BYTES = 1_048_576;

const TARGET_PREFIX = 'AWSStepFunctions.';

/** Each request's x-amzn-RequestId. */
const requestIds = uuidsFrom(randomFillSync);

/** How long a request waits for its writes to be durable before it is answered 503 (a wedged store). */
const DURABLE_WAIT_MS = 10_000;

/** `work`, or ServiceUnavailableException if it has not settled within `ms`. */
function bounded(work: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(serviceUnavailable()), ms);
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** The signal of an action that does not watch for hang-ups. */
const NEVER = new AbortController().signal;

/** An AWS JSON 1.0 call is recognised by its `X-Amz-Target` header alone, whatever its path. */
export function isApiRequest(req: IncomingMessage): boolean {
  return req.headers['x-amz-target'] !== undefined;
}

/**
 * The `node:http` listener for the Step Functions API: `POST /` with
 * `X-Amz-Target: AWSStepFunctions.<Action>` and a JSON body (any Content-Type is accepted, as
 * clients differ). Every failure is answered in AWS's shape; it never throws.
 */
export interface ApiOptions {
  /**
   * When set, every request must carry a valid AWS Signature Version 4 made with one of these
   * key pairs; when absent (the default, for local use) any credentials are accepted.
   */
  readonly credentials?: Credentials | undefined;
  /**
   * Stepwise's extension actions served beside AWS's (docs/saved-tests-and-bulk.md) by services the
   * engine does not hold (bulk operations): name -> request body in, response body out.
   */
  readonly extensions?: ReadonlyMap<string, (body: JsonObject) => Promise<JsonObject>> | undefined;
  /** Headers every answer carries besides the protocol's (the server's: its guard's standing ones). */
  readonly answerHeaders?: Readonly<Record<string, string>> | undefined;
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

export function createApiHandler(
  engine: Engine,
  options: ApiOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(engine, options, req, res).catch((error: unknown) => {
      // Only reachable if writing the answer itself failed; the socket is gone.
      console.error('stepwise api: could not answer a request', error);
    });
  };
}

async function handle(
  engine: Engine,
  options: ApiOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const requestId = requestIds();
  const extra = options.answerHeaders ?? NO_HEADERS;
  try {
    const target = req.headers['x-amz-target'];
    const name =
      typeof target === 'string' && target.startsWith(TARGET_PREFIX)
        ? target.slice(TARGET_PREFIX.length)
        : '';
    const extension = options.extensions?.get(name);
    const action =
      req.method !== 'POST'
        ? undefined
        : (actions.get(name) ??
          (extension &&
            Object.assign((_: Engine, body: JsonObject) => extension(body), {
              members: {},
              watchesHangUp: false,
            })));
    if (!action) throw unknownOperation(typeof target === 'string' ? target : undefined);
    const bytes = await readBody(req, MAX_REQUEST_BYTES);
    if (bytes === undefined) throw requestTooLarge(MAX_REQUEST_BYTES);
    if (options.credentials) verifySignature(req, bytes, options.credentials, Date.now());
    const hangUp = action.watchesHangUp ? new AbortController() : undefined;
    const onClose = (): void => hangUp?.abort();
    if (hangUp) res.once('close', onClose);
    let answered = false;
    const sent = hangUp && answerSent(res, () => answered);
    try {
      const request = parseBody(bytes);
      const signal = hangUp?.signal ?? NEVER;
      const { result, durable } = engine.writesOf(() => action(engine, request, signal, sent));
      const body = await result;
      // Answer only once what the action did is durable: a started execution survives a crash.
      // A store that is away or wedged gets ServiceUnavailable (which SDKs retry), not a hang.
      const writing = durable();
      if (writing) await bounded(writing, DURABLE_WAIT_MS);
      answered = send(res, 200, body, requestId, extra);
    } finally {
      if (hangUp) res.off('close', onClose);
    }
  } catch (caught) {
    if (req.destroyed && !req.complete) return; // the client hung up: nobody to answer
    const error = toApiError(caught);
    // A 503 (the store away) is the group commit's to report, once, not each request's.
    if (error.status >= 500 && error.status !== 503) console.error('stepwise api: internal failure', caught);
    send(res, error.status, errorBody(error), requestId, extra, error.code);
  }
}

/**
 * Whether the answer of the action got out: true once the 200 response was written to the end
 * (`finish`: handed to the operating system), false when the connection closed before that or
 * the call failed. A GetActivityTask's task is marked delivered, or put back, accordingly.
 */
function answerSent(res: ServerResponse, answered: () => boolean): Promise<boolean> {
  return new Promise((resolve) => {
    res.once('finish', () => resolve(answered()));
    res.once('close', () => resolve(false));
  });
}

/**
 * Writes the answer, its headers in one `writeHead` (none set before: see the server's request
 * guard); false if the connection was gone.
 */
function send(
  res: ServerResponse,
  status: number,
  body: object,
  requestId: string,
  extra: Readonly<Record<string, string>>,
  errorType?: string,
): boolean {
  if (res.headersSent || res.destroyed) return false;
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    ...extra,
    'Content-Type': 'application/x-amz-json-1.0',
    'Content-Length': Buffer.byteLength(text, 'utf8'),
    'x-amzn-RequestId': requestId,
  };
  if (errorType !== undefined) headers['x-amzn-ErrorType'] = errorType;
  res.writeHead(status, headers);
  res.end(text);
  return true;
}
