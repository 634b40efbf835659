// The HTTP face of triggers/: EventBridge Scheduler's REST-JSON schedule routes (/schedules…)
// and HTTP triggers (POST /triggers/<name>, API-key auth rather than SigV4, as API Gateway's).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifySignature } from '../api/index.ts';
import type { RestAnswer, Triggers } from '../triggers/index.ts';
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

const TRIGGER_PATH = /^\/triggers\/([^/?]+)$/;

/** `POST /triggers/<name>`: the body, size-limited per trigger, starts its state machine. */
function answerHttpTrigger(
  triggers: Triggers,
  name: string,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  void (async () => {
    const body = await readBody(req, triggers.httpTriggerLimit(name));
    const key = req.headers['x-api-key'];
    const answer = await triggers.answerTrigger({
      name,
      method: req.method ?? 'GET',
      apiKey: typeof key === 'string' ? key : undefined,
      body,
      executionName: url.searchParams.get('name') ?? undefined,
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
      answerHttpTrigger(options.triggers(), decodeURIComponent(trigger[1] ?? ''), url, req, res);
      return true;
    }
    if (!isSchedulesPath(url.pathname)) return false;
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
