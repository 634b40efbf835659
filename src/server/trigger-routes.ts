// The HTTP face of triggers/: EventBridge Scheduler's REST-JSON schedule routes (/schedules…),
// the console's overview of all triggers (/triggers) and HTTP triggers (POST /triggers/<name>
// [/path], with API keys and/or Signature V4, as API Gateway's).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifySignature } from '../api/index.ts';
import type { HttpTrigger, RestAnswer, Triggers } from '../triggers/index.ts';
import { isSchedulesPath } from '../triggers/index.ts';

/** EventBridge Scheduler's requests are small: a schedule with its target input (256 KiB). */
const MAX_SCHEDULE_BYTES = 512 * 1024;

export interface TriggerRouteOptions {
  /** The current runtime's triggers (a standby gets a new runtime when it takes the lead). */
  readonly triggers: () => Triggers;
  /** Key pairs whose Signature V4 requests must carry (as for the Step Functions API). */
  readonly credentials?: ReadonlyMap<string, string> | undefined;
}

function send(res: ServerResponse, answer: RestAnswer): void {
  const text = JSON.stringify(answer.body);
  res
    .writeHead(answer.status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      ...(answer.errorType ? { 'x-amzn-ErrorType': answer.errorType } : {}),
    })
    .end(text);
}

/** Reads a body up to `max` bytes; undefined (and the request drained) when it is longer. */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const TRIGGER_PATH = /^\/triggers\/([^/?]+)(\/.*)?$/;

/** The largest body of an HTTP trigger without its own limit (Step Functions' payload limit). */
const DEFAULT_TRIGGER_BYTES = 256 * 1024;

type Keys = NonNullable<HttpTrigger['signatureKeys']>;

/**
 * API Gateway's IAM authorization: a Signature V4 of one of the keys, scoped to `execute-api`;
 * its refusals are 403s with AWS's error types and messages. Undefined when the signature holds.
 */
function refusedSignature(req: IncomingMessage, body: Buffer, keys: Keys): RestAnswer | undefined {
  const scope = /Credential=[^/,]+\/\d{8}\/[^/,]+\/([^/,]+)\//.exec(req.headers.authorization ?? '')?.[1];
  if (scope !== undefined && scope !== 'execute-api')
    return {
      status: 403,
      body: { message: "Credential should be scoped to correct service: 'execute-api'. " },
      errorType: 'InvalidSignatureException',
    };
  try {
    verifySignature(req, body, new Map(keys.map((k) => [k.accessKeyId, k.secretAccessKey])), Date.now());
    return undefined;
  } catch (e) {
    const { code, message } = e as { code: string; message: string };
    return { status: 403, body: { message }, errorType: code };
  }
}

/** `POST /triggers/<name>[/path]`: the body, size-limited per trigger, starts its state machine. */
function answerHttpTrigger(
  triggers: Triggers,
  name: string,
  path: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  void (async () => {
    const trigger = triggers.httpTrigger(name);
    const body = await readBody(req, trigger?.maxBodyBytes ?? DEFAULT_TRIGGER_BYTES);
    const keys = trigger?.signatureKeys;
    if (keys && keys.length > 0) {
      // Verified over the whole body: a body over the limit is refused before (413) below.
      const refused = body && refusedSignature(req, body, keys);
      if (refused) return send(res, refused);
    }
    const key = req.headers['x-api-key'];
    const signedBy = /Credential=([^/,]+)\//.exec(req.headers.authorization ?? '')?.[1];
    const answer = await triggers.answerTrigger({
      name,
      method: req.method ?? 'GET',
      apiKey: typeof key === 'string' ? key : undefined,
      body,
      path,
      query: url.searchParams,
      headers: req.headers,
      signedBy: keys && keys.length > 0 ? signedBy : undefined,
      sourceIp: req.socket.remoteAddress,
      requestId: randomUUID(),
      requestTime: Date.now(),
    });
    res
      .writeHead(answer.status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(answer.body),
        ...answer.headers,
      })
      .end(answer.body);
  })().catch((e: unknown) =>
    send(res, { status: 500, body: { message: String(e) }, errorType: 'InternalServerException' }),
  );
}

/** Answers the schedules API and HTTP triggers; false for any other request. */
export function createTriggerRoutes(
  options: TriggerRouteOptions,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const trigger = TRIGGER_PATH.exec(url.pathname);
    if (trigger) {
      const name = decodeURIComponent(trigger[1] ?? '');
      answerHttpTrigger(options.triggers(), name, trigger[2] ?? '', url, req, res);
      return true;
    }
    const overview = url.pathname === '/triggers';
    if (!overview && !isSchedulesPath(url.pathname)) return false;
    void (async () => {
      const body = await readBody(req, MAX_SCHEDULE_BYTES);
      if (!body) {
        send(res, {
          status: 413,
          body: { Message: 'The request is too large.' },
          errorType: 'ValidationException',
        });
        return;
      }
      if (options.credentials) {
        try {
          verifySignature(req, body, options.credentials, Date.now());
        } catch (e) {
          const { code, status, message } = e as { code: string; status: number; message: string };
          send(res, { status, body: { Message: message }, errorType: code });
          return;
        }
      }
      // The console's Triggers page: GET, or a signed POST (the console signs POSTs only).
      if (overview) return send(res, { status: 200, body: await options.triggers().overview() });
      const answer = await options.triggers().answerSchedules({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        body: body.toString('utf8'),
      });
      send(res, answer);
    })().catch((e: unknown) =>
      send(res, {
        status: 500,
        body: { Message: e instanceof Error ? e.message : String(e) },
        errorType: 'InternalServerException',
      }),
    );
    return true;
  };
}
