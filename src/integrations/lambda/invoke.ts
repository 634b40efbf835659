import { randomUUID } from 'node:crypto';
import type { Json } from '../../asl/index.ts';
import { isJsonObject } from '../../asl/index.ts';
import type { TaskRequest, TaskResult } from '../task-runner.ts';
import type { LocalFunctions } from './local-functions.ts';
import { parseFunctionRef } from './function-ref.ts';
import type { FunctionBackend } from './function-call.ts';
import { unlessAbandoned } from './function-call.ts';
import { lambdaError } from './lambda-error.ts';

export interface LambdaSettings {
  readonly region: string;
  readonly account: string;
}

/** Lambda reports a thrown error by its `name`, with a JSON cause (Node runtime format). */
function errorResult(e: unknown): TaskResult {
  const { errorType, errorMessage, trace: lines } = lambdaError(e);
  // Like Lambda's trace, only the function's own frames: cut where Stepwise's invoker begins.
  const ours = lines.findIndex((l) => l.includes('/integrations/lambda/'));
  const trace = ours > 0 ? lines.slice(0, ours) : lines;
  return {
    ok: false,
    error: errorType,
    cause: JSON.stringify({ errorType, errorMessage, trace }),
  };
}

function notFound(arn: string): TaskResult {
  return {
    ok: false,
    error: 'Lambda.ResourceNotFoundException',
    cause: `Function not found: ${arn} (Service: Lambda, Status Code: 404, Request ID: ${randomUUID()})`,
  };
}

/** Normalises what a handler returned: undefined becomes null, values round-trip through JSON. */
function toJson(value: unknown): Json {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as Json;
}

/** Handlers registered in process (`--functions` modules): the fastest backend, no isolation. */
export function inProcess(functions: LocalFunctions): FunctionBackend {
  return {
    knows: (name) => functions.get(name) !== undefined,
    invoke: (call) => {
      const handler = functions.get(call.name);
      if (!handler) return undefined;
      // An in-process handler cannot be cancelled: an abandoned call leaves it running.
      const running = (async (): Promise<TaskResult> => {
        try {
          // A copy, as Lambda deserializes its event: a handler that changes it changes neither
          // the execution's values nor what its history records of them.
          const out: unknown = await handler(toJson(call.event), {
            functionName: call.name,
            functionVersion: call.qualifier ?? '$LATEST',
            invokedFunctionArn: call.invokedArn,
            awsRequestId: call.requestId,
            ...(call.traceHeaders ? { traceHeaders: call.traceHeaders } : {}),
          });
          return { ok: true, output: toJson(out) };
        } catch (e) {
          return errorResult(e);
        }
      })();
      return unlessAbandoned(running, call.signal);
    },
  };
}

async function call(
  backends: readonly FunctionBackend[],
  name: string,
  qualifier: string | undefined,
  settings: LambdaSettings,
  event: Json,
  signal: AbortSignal,
  traceHeaders?: Readonly<Record<string, string>>,
): Promise<TaskResult> {
  const arn = `arn:aws:lambda:${settings.region}:${settings.account}:function:${name}`;
  const invokedArn = qualifier ? `${arn}:${qualifier}` : arn;
  const request = { name, qualifier, invokedArn, event, requestId: randomUUID(), signal, traceHeaders };
  for (const backend of backends) {
    const running = backend.invoke(request);
    if (running) return running;
  }
  return notFound(invokedArn);
}

/** `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`: the result is the function's return value. */
export async function invokeLegacy(
  backends: readonly FunctionBackend[],
  settings: LambdaSettings,
  request: TaskRequest,
  traceHeaders?: Readonly<Record<string, string>>,
): Promise<TaskResult> {
  const ref = parseFunctionRef(request.resource);
  if (!ref) return notFound(request.resource);
  return call(backends, ref.name, ref.qualifier, settings, request.parameters, request.signal, traceHeaders);
}

/** `arn:aws:states:::lambda:invoke`: Parameters FunctionName/Payload/Qualifier; AWS's response shape. */
export async function invokeOptimized(
  backends: readonly FunctionBackend[],
  settings: LambdaSettings,
  request: TaskRequest,
  traceHeaders?: Readonly<Record<string, string>>,
): Promise<TaskResult> {
  const p = isJsonObject(request.parameters) ? request.parameters : {};
  const fn = typeof p['FunctionName'] === 'string' ? p['FunctionName'] : '';
  const ref = parseFunctionRef(fn);
  if (!ref) return notFound(fn);
  const qualifier = typeof p['Qualifier'] === 'string' ? p['Qualifier'] : ref.qualifier;
  const invocationType = p['InvocationType'];
  if (invocationType === 'Event' || invocationType === 'DryRun') {
    return asynchronous(backends, ref.name, qualifier, settings, p['Payload'] ?? null, invocationType);
  }
  const result = await call(
    backends,
    ref.name,
    qualifier,
    settings,
    p['Payload'] ?? null,
    request.signal,
    traceHeaders,
  );
  if (!result.ok) return result;
  const requestId = randomUUID();
  return {
    ok: true,
    output: {
      ExecutedVersion: qualifier ?? '$LATEST',
      Payload: result.output,
      SdkHttpMetadata: {
        AllHttpHeaders: {
          'X-Amz-Executed-Version': [qualifier ?? '$LATEST'],
          'x-amzn-Remapped-Content-Length': ['0'],
          Connection: ['keep-alive'],
          'x-amzn-RequestId': [requestId],
          'Content-Type': ['application/json'],
        },
        HttpHeaders: {
          Connection: 'keep-alive',
          'Content-Type': 'application/json',
          'X-Amz-Executed-Version': qualifier ?? '$LATEST',
          'x-amzn-Remapped-Content-Length': '0',
          'x-amzn-RequestId': requestId,
        },
        HttpStatusCode: 200,
      },
      SdkResponseMetadata: { RequestId: requestId },
      StatusCode: 200,
    },
  };
}

/**
 * `InvocationType: Event` queues the call and answers 202 at once (the function runs on, its
 * result unseen); `DryRun` only checks that the function exists (204). Both with an empty Payload.
 */
function asynchronous(
  backends: readonly FunctionBackend[],
  name: string,
  qualifier: string | undefined,
  settings: LambdaSettings,
  event: Json,
  type: 'Event' | 'DryRun',
): TaskResult {
  if (!backends.some((b) => b.knows(name))) {
    return notFound(`arn:aws:lambda:${settings.region}:${settings.account}:function:${name}`);
  }
  if (type === 'Event') {
    // Not tied to the task's signal: an Event invocation outlives the state that made it.
    void call(backends, name, qualifier, settings, event, new AbortController().signal);
  }
  const requestId = randomUUID();
  const status = type === 'Event' ? 202 : 204;
  return {
    ok: true,
    output: {
      Payload: '',
      SdkHttpMetadata: {
        AllHttpHeaders: {
          'x-amzn-Remapped-Content-Length': ['0'],
          Connection: ['keep-alive'],
          'x-amzn-RequestId': [requestId],
          'Content-Length': ['0'],
        },
        HttpHeaders: {
          Connection: 'keep-alive',
          'Content-Length': '0',
          'x-amzn-Remapped-Content-Length': '0',
          'x-amzn-RequestId': requestId,
        },
        HttpStatusCode: status,
      },
      SdkResponseMetadata: { RequestId: requestId },
      StatusCode: status,
    },
  };
}
