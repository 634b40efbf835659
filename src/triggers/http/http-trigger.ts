import { createHash, timingSafeEqual } from 'node:crypto';
import type { Engine, ExecutionRecord } from '../../engine/index.ts';
import { ServiceError } from '../../engine/index.ts';
import { matchPath } from './path-template.ts';
import type { RequestMapping } from './request-mapping.ts';
import { mapRequest } from './request-mapping.ts';

/** A state machine exposed at `POST /triggers/<name>`. */
export interface HttpTrigger {
  readonly name: string;
  /** A state machine's name or ARN (a version or alias ARN too). */
  readonly stateMachine: string;
  /** Keys one of which the `x-api-key` header must carry (API Gateway's header); open without. */
  readonly apiKeys?: readonly string[] | undefined;
  /** The largest body accepted; Step Functions' payload limit (256 KiB) by default. */
  readonly maxBodyBytes?: number | undefined;
  /**
   * A resource path after `/triggers/<name>` with parameters (`/{orderId}/items/{item}`, a greedy
   * last `{proxy+}`); without one, only `/triggers/<name>` itself.
   */
  readonly path?: string | undefined;
  /** Builds the input from the request (request-mapping.ts); without one, the input is the body. */
  readonly requestMapping?: RequestMapping | undefined;
  /** Key pairs one of which must sign each request (Signature V4, service `execute-api`). */
  readonly signatureKeys?:
    ReadonlyArray<{ readonly accessKeyId: string; readonly secretAccessKey: string }> | undefined;
}

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

export interface TriggerRequest {
  readonly name: string;
  readonly method: string;
  readonly apiKey: string | undefined;
  /** Undefined when the body was longer than the trigger's limit. */
  readonly body: Buffer | undefined;
  /** The path after `/triggers/<name>` (`''` for none). */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The access key id whose signature was verified (server/ verifies it), for the mapping. */
  readonly signedBy?: string | undefined;
  readonly sourceIp?: string | undefined;
  readonly requestId: string;
  readonly requestTime: number;
}

/** An answer: a JSON body, its status and headers. */
export interface TriggerAnswer {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

function error(status: number, type: string, message: string): TriggerAnswer {
  return {
    status,
    body: JSON.stringify({ __type: type, message }),
    headers: { 'x-amzn-ErrorType': type },
  };
}

/** The status an engine refusal answers with (the Step Functions API's own, where it has one). */
const STATUS: Readonly<Record<string, number>> = {
  StateMachineDoesNotExist: 404,
  ExecutionAlreadyExists: 409,
  ServiceUnavailableException: 503,
  ExecutionLimitExceeded: 429,
};

/** Express outcomes as HTTP statuses: a failed workflow is the server's error, a timeout a gateway's. */
const OUTCOME: Readonly<Record<string, number>> = {
  SUCCEEDED: 200,
  FAILED: 500,
  TIMED_OUT: 504,
  ABORTED: 500,
};

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

function keyAccepted(trigger: HttpTrigger, given: string | undefined): boolean {
  if (!trigger.apiKeys || trigger.apiKeys.length === 0) return true;
  if (given === undefined) return false;
  // Digests compare in constant time whatever the lengths.
  return trigger.apiKeys.some((k) => timingSafeEqual(digest(k), digest(given)));
}

function sync(record: ExecutionRecord): TriggerAnswer {
  const headers = { 'x-stepwise-execution-arn': record.executionArn, 'x-stepwise-status': record.status };
  if (record.status === 'SUCCEEDED') return { status: 200, body: record.output ?? 'null', headers };
  return {
    status: OUTCOME[record.status] ?? 500,
    body: JSON.stringify({ status: record.status, error: record.error ?? null, cause: record.cause ?? null }),
    headers,
  };
}

/**
 * Runs one HTTP trigger request, API Gateway-style: the body is the execution input (or what the
 * trigger's request mapping makes of the request, path parameters included); an Express
 * state machine answers with its outcome (200 and the output, or 500/504 with error and cause),
 * a Standard one with its execution ARN and start date once the start is durable.
 */
export async function answerTrigger(
  engine: Pick<
    Engine,
    | 'stateMachineArn'
    | 'startExecution'
    | 'startSyncExecution'
    | 'writesOf'
    | 'reading'
    | 'describeStateMachine'
  >,
  triggers: ReadonlyMap<string, HttpTrigger>,
  req: TriggerRequest,
): Promise<TriggerAnswer> {
  const trigger = triggers.get(req.name);
  if (!trigger) return error(404, 'NotFoundException', `No HTTP trigger is named '${req.name}'.`);
  if (!keyAccepted(trigger, req.apiKey)) return error(403, 'ForbiddenException', 'Forbidden');
  if (req.method !== 'POST')
    return error(405, 'MethodNotAllowedException', `An HTTP trigger takes POST requests, not ${req.method}.`);
  if (!req.body)
    return error(
      413,
      'RequestTooLargeException',
      `The request body is larger than this trigger's limit of ${trigger.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES} bytes.`,
    );
  const pathParameters = matchPath(trigger.path ?? '', req.path);
  if (!pathParameters)
    return error(
      404,
      'NotFoundException',
      `No resource of the HTTP trigger '${trigger.name}' matches the path '${req.path || '/'}'` +
        (trigger.path ? ` (its path is '${trigger.path}').` : ' (it takes no path after its name).'),
    );
  const raw = req.body.toString('utf8').trim() || '{}';
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (e) {
    return error(
      400,
      'BadRequestException',
      `The request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  // Without a mapping the body goes in as sent, as StartExecution's input would.
  const text = trigger.requestMapping
    ? JSON.stringify(
        mapRequest(trigger.requestMapping, {
          pathParameters,
          query: req.query,
          headers: req.headers,
          body,
          context: {
            requestId: req.requestId,
            httpMethod: req.method,
            resourcePath: `/triggers/${trigger.name}${trigger.path ?? ''}`,
            requestTimeEpoch: req.requestTime,
            identity: { sourceIp: req.sourceIp, accessKey: req.signedBy },
          },
        }),
      )
    : raw;
  const executionName = req.query.get('name') ?? undefined;
  const arn = trigger.stateMachine.startsWith('arn:')
    ? trigger.stateMachine
    : engine.stateMachineArn(trigger.stateMachine);
  const input = {
    stateMachineArn: arn,
    input: text,
    ...(executionName ? { name: executionName, checkName: true } : {}),
  };
  try {
    if (engine.describeStateMachine(arn.split(':').slice(0, 7).join(':')).type === 'EXPRESS')
      return sync(await engine.startSyncExecution(input));
    const started = await engine.reading(() => engine.writesOf(() => engine.startExecution(input)));
    await started.durable();
    const record = started.result;
    return {
      status: 200,
      body: JSON.stringify({ executionArn: record.executionArn, startDate: record.startDate / 1000 }),
      headers: { 'x-stepwise-execution-arn': record.executionArn },
    };
  } catch (e) {
    if (!(e instanceof ServiceError)) throw e;
    return error(STATUS[e.code] ?? 400, e.code, e.message);
  }
}
