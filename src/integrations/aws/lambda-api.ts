import type { Json, JsonObject } from '../../asl/index.ts';
import { isJsonObject } from '../../asl/index.ts';
import type { TaskRequest, TaskResult } from '../task-runner.ts';
import type { AwsClients, SdkModule } from './aws-clients.ts';
import { captureHttp, optimizedFailure, sdkMetadata } from './optimized-task.ts';
import { sdkService } from './sdk-services.ts';
import { callFailure, serviceError } from './service-error.ts';
import { taskRole } from './task-roles.ts';

/** How Step Functions names Lambda in errors and causes (AWS-recorded: test_task_service_lambda). */
const LAMBDA = { prefix: 'Lambda', javaService: 'AWSLambda', baseException: 'AWSLambdaException' };

/** `arn:aws:states:::lambda:invoke` answers with Lambda's response; a Lambda function ARN with the payload alone. */
export type LambdaShape = 'optimized' | 'legacy';

interface InvokeOutput {
  readonly StatusCode?: number;
  readonly ExecutedVersion?: string;
  readonly FunctionError?: string;
  readonly Payload?: Uint8Array;
  readonly $metadata?: { requestId?: string };
}

/** The request as Lambda's Invoke takes it: the Payload as JSON text, whatever its JSON type. */
function invokeInput(request: TaskRequest, shape: LambdaShape): JsonObject {
  if (shape === 'legacy')
    return { FunctionName: request.resource, Payload: JSON.stringify(request.parameters) };
  const p = isJsonObject(request.parameters) ? request.parameters : {};
  const input: Record<string, Json> = { ...p };
  if ('Payload' in p) input['Payload'] = JSON.stringify(p['Payload']);
  return input;
}

/** A payload as the task sees it: JSON when it is JSON, else its text (an Event invocation's is ''). */
function payloadOf(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/**
 * A function's error (`X-Amz-Function-Error`): the task fails with the function's errorType and
 * its error payload as the cause (AWS-recorded: test_task_service_lambda's test_raise_exception);
 * a payload naming no type is `Lambda.Unknown`.
 */
function functionFailure(text: string): TaskResult {
  const body = payloadOf(text);
  const type = isJsonObject(body) ? body['errorType'] : undefined;
  return { ok: false, error: typeof type === 'string' ? type : 'Lambda.Unknown', cause: text };
}

/** Invokes a function through the AWS Lambda API (AWS, or an endpoint such as LocalStack's). */
export async function lambdaApiInvoke(
  clients: AwsClients,
  request: TaskRequest,
  shape: LambdaShape,
): Promise<TaskResult> {
  const sdk = sdkService('lambda')!;
  let module: SdkModule | undefined;
  try {
    const loaded = await clients.get('lambda', sdk, taskRole(request));
    module = loaded.module;
    const Invoke = module['InvokeCommand'] as new (input: object) => unknown;
    const command = new Invoke(invokeInput(request, shape));
    const http = captureHttp(command);
    const output = (await loaded.client.send(command, { abortSignal: request.signal })) as InvokeOutput;
    const text = output.Payload ? Buffer.from(output.Payload).toString('utf8') : '';
    if (output.FunctionError) return functionFailure(text);
    if (shape === 'legacy') return { ok: true, output: text === '' ? null : payloadOf(text) };
    const result: Record<string, Json> = {};
    if (output.ExecutedVersion !== undefined) result['ExecutedVersion'] = output.ExecutedVersion;
    result['Payload'] = payloadOf(text);
    Object.assign(result, sdkMetadata(http(), output.$metadata?.requestId));
    result['StatusCode'] = output.StatusCode ?? http()?.statusCode ?? 200;
    return { ok: true, output: result };
  } catch (e) {
    const answered = module && serviceError(e, module, sdk.client);
    return answered ? optimizedFailure(LAMBDA, answered) : callFailure(e);
  }
}
