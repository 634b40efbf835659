import type { Json, JsonObject } from '../../asl/index.ts';
import { isJsonObject } from '../../asl/index.ts';
import type { TaskRequest, TaskResult } from '../task-runner.ts';
import type { AwsClients, SdkModule } from './aws-clients.ts';
import { AwsSetupError } from './aws-clients.ts';
import { commandOf } from './aws-sdk-task.ts';
import type { OptimizedService } from './optimized-services.ts';
import { sdkService } from './sdk-services.ts';
import { taskRole } from './task-roles.ts';
import { outputJson } from './sdk-json.ts';
import type { ServiceError } from './service-error.ts';
import { callFailure, exceptionName, serviceError } from './service-error.ts';

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
}

interface MiddlewareStack {
  add(
    middleware: (
      next: (args: unknown) => Promise<{ response: unknown }>,
    ) => (args: unknown) => Promise<unknown>,
    options: { step: 'deserialize'; name: string },
  ): void;
}

/** Header names as AWS sends them (Node reports them in lower case). */
const HEADER_NAMES: Readonly<Record<string, string>> = {
  'x-amzn-requestid': 'x-amzn-RequestId',
  'x-amz-crc32': 'x-amz-crc32',
  connection: 'connection',
};

const headerName = (lower: string): string =>
  HEADER_NAMES[lower] ??
  lower.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());

/**
 * What DynamoDB, SNS and SQS results carry besides the service's response: the HTTP exchange as
 * the AWS SDK for Java v1 reports it (`SdkHttpMetadata`, `SdkResponseMetadata`), as AWS-recorded
 * histories show (LocalStack's test_{dynamodb,sns,sqs}_task_service snapshots).
 */
export function sdkMetadata(http: HttpResponse | undefined, requestId: string | undefined): JsonObject {
  const headers = Object.entries(http?.headers ?? {}).map(([k, v]) => [headerName(k), v] as const);
  return {
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(headers.map(([k, v]) => [k, [v]])),
      HttpHeaders: Object.fromEntries(headers),
      HttpStatusCode: http?.statusCode ?? 200,
    },
    SdkResponseMetadata: { RequestId: requestId ?? '' },
  };
}

/**
 * Optimized integrations name errors `<Prefix>.<Code>` (`Exception` appended when the code lacks
 * it: SNS's `NotFound` is `SNS.NotFoundException`), and one the model does not declare (a
 * ValidationException) `DynamoDB.AmazonDynamoDBException`; the cause is worded by the AWS SDK for
 * Java v1 (AWS-recorded: test_task_service_dynamodb, test_sns_task_service snapshots).
 */
export function optimizedFailure(
  service: Pick<OptimizedService, 'prefix' | 'javaService' | 'baseException'>,
  e: ServiceError,
): TaskResult {
  const name = e.modeled ? exceptionName(e) : service.baseException;
  return {
    ok: false,
    error: `${service.prefix}.${name}`,
    cause:
      `${e.message} (Service: ${service.javaService}; Status Code: ${e.status ?? 0}; Error Code: ${e.code}; ` +
      `Request ID: ${e.requestId ?? ''}; Proxy: null)`,
  };
}

/** Members that the service takes as text, given as JSON: sent as the JSON's text, as AWS does. */
function asText(parameters: Json, members: readonly string[]): JsonObject {
  if (!isJsonObject(parameters)) return {};
  const out: Record<string, Json> = { ...parameters };
  for (const member of members) {
    const value = out[member];
    if (value !== undefined && typeof value !== 'string') out[member] = JSON.stringify(value);
  }
  return out;
}

function inputOf(service: OptimizedService, parameters: Json): JsonObject {
  const out = asText(parameters, service.textMembers ?? []);
  const entries = out['Entries'];
  const members = service.entryTextMembers;
  if (members && Array.isArray(entries)) return { ...out, Entries: entries.map((e) => asText(e, members)) };
  return out;
}

/** Keeps the HTTP response of `command`'s exchange: its status and headers go into results. */
export function captureHttp(command: unknown): () => HttpResponse | undefined {
  let http: HttpResponse | undefined;
  (command as { middlewareStack: MiddlewareStack }).middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      http = result.response as HttpResponse;
      return result;
    },
    { step: 'deserialize', name: 'stepwiseHttpMetadata' },
  );
  return () => http;
}

/** Calls an optimized integration `arn:aws:states:::<service>:<api>` through the service's SDK client. */
export async function optimizedTask(
  clients: AwsClients,
  service: OptimizedService,
  api: string,
  request: TaskRequest,
): Promise<TaskResult> {
  const sdk = sdkService(service.sdkId)!;
  let module: SdkModule | undefined;
  try {
    const loaded = await clients.get(service.sdkId, sdk, taskRole(request));
    module = loaded.module;
    const Command = commandOf(module, api);
    if (!Command) throw new AwsSetupError(`${sdk.packageName} has no action '${api}'.`);
    const command = new Command(inputOf(service, request.parameters));
    const http = captureHttp(command);
    const output = await loaded.client.send(command, { abortSignal: request.signal });
    const json = await outputJson(output);
    if (!service.httpMetadata) return service.check?.(json) ?? { ok: true, output: json };
    const requestId = (output['$metadata'] as { requestId?: string } | undefined)?.requestId;
    return { ok: true, output: { ...json, ...sdkMetadata(http(), requestId) } };
  } catch (e) {
    const answered = module && serviceError(e, module, sdk.client);
    return answered ? optimizedFailure(service, answered) : callFailure(e);
  }
}
