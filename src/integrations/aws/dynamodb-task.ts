import type { JsonObject } from '../../asl/index.ts';
import { isJsonObject } from '../../asl/index.ts';
import type { TaskRequest, TaskResult } from '../task-runner.ts';
import type { AwsClients, SdkModule } from './aws-clients.ts';
import { commandOf } from './aws-sdk-task.ts';
import { sdkService } from './sdk-services.ts';
import { outputJson } from './sdk-json.ts';
import type { ServiceError } from './service-error.ts';
import { callFailure, serviceError } from './service-error.ts';

/** The optimized integration's APIs (AWS guide, "DynamoDB": connect-ddb). */
export const DYNAMODB_APIS: ReadonlySet<string> = new Set(['getItem', 'putItem', 'updateItem', 'deleteItem']);

interface HttpResponse {
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

/** Header names as DynamoDB sends them (Node reports them in lower case). */
const HEADER_NAMES: Readonly<Record<string, string>> = {
  'x-amzn-requestid': 'x-amzn-RequestId',
  'x-amz-crc32': 'x-amz-crc32',
};

const headerName = (lower: string): string =>
  HEADER_NAMES[lower] ??
  lower.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());

/**
 * What the optimized integration adds to the service's response: the HTTP exchange as the AWS
 * SDK for Java reports it (`SdkHttpMetadata`, `SdkResponseMetadata`), as AWS-recorded histories
 * show (LocalStack's test_dynamodb_task_service snapshots).
 */
function sdkMetadata(http: HttpResponse | undefined, requestId: string | undefined): JsonObject {
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
 * The optimized integration names errors `DynamoDB.<Code>`, and one the model does not declare
 * (a ValidationException) `DynamoDB.AmazonDynamoDBException`; its cause is worded by the AWS SDK
 * for Java v1 (AWS-recorded: test_task_service_dynamodb snapshots).
 */
function optimizedFailure(e: ServiceError): TaskResult {
  return {
    ok: false,
    error: `DynamoDB.${e.modeled ? e.code : 'AmazonDynamoDBException'}`,
    cause:
      `${e.message} (Service: AmazonDynamoDBv2; Status Code: ${e.status ?? 0}; Error Code: ${e.code}; ` +
      `Request ID: ${e.requestId ?? ''}; Proxy: null)`,
  };
}

/** Calls `arn:aws:states:::dynamodb:<api>` (getItem, putItem, updateItem, deleteItem). */
export async function dynamodbTask(
  clients: AwsClients,
  api: string,
  request: TaskRequest,
): Promise<TaskResult> {
  const service = sdkService('dynamodb')!;
  let module: SdkModule | undefined;
  try {
    const loaded = await clients.get('dynamodb', service);
    module = loaded.module;
    const Command = commandOf(module, api)!;
    const command = new Command(isJsonObject(request.parameters) ? request.parameters : {}) as {
      middlewareStack: MiddlewareStack;
    };
    let http: HttpResponse | undefined;
    command.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        http = result.response as HttpResponse;
        return result;
      },
      { step: 'deserialize', name: 'stepwiseHttpMetadata' },
    );
    const output = await loaded.client.send(command, { abortSignal: request.signal });
    const requestId = (output['$metadata'] as { requestId?: string } | undefined)?.requestId;
    return { ok: true, output: { ...(await outputJson(output)), ...sdkMetadata(http, requestId) } };
  } catch (e) {
    const answered = module && serviceError(e, module, service.client);
    return answered ? optimizedFailure(answered) : callFailure(e);
  }
}
