import type { Json } from '../../asl/index.ts';
import { isJsonObject } from '../../asl/index.ts';
import type { TaskRequest, TaskResult } from '../task-runner.ts';
import type { AwsClients, SdkModule } from './aws-clients.ts';
import { AwsSetupError } from './aws-clients.ts';
import { optimizedFailure } from './optimized-task.ts';
import { sdkService } from './sdk-services.ts';
import { callFailure, serviceError } from './service-error.ts';
import { taskRole } from './task-roles.ts';

/**
 * How errors of this integration are named: `Bedrock.<Exception>`, the cause in the Java SDK's
 * words as the other optimized integrations give it (no AWS-recorded history seen for Bedrock).
 */
const BEDROCK = {
  prefix: 'Bedrock',
  javaService: 'AmazonBedrockRuntime',
  baseException: 'AmazonBedrockRuntimeException',
};

const runtime = (message: string): TaskResult => ({ ok: false, error: 'States.Runtime', cause: message });

/** A body as the result gives it: JSON when it is JSON, else its text. */
function bodyOf(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/**
 * `arn:aws:states:::bedrock:invokeModel` (AWS guide, connect-bedrock): ModelId, Body (JSON, sent as
 * its text), ContentType and Accept (application/json by default), Trace and the guardrail, through
 * the Bedrock Runtime client; the result is `{Body, ContentType}` with the model's JSON answer as
 * `Body`. Input/Output S3 locations are not read or written yet.
 */
export async function bedrockInvokeModel(clients: AwsClients, request: TaskRequest): Promise<TaskResult> {
  const p = isJsonObject(request.parameters) ? request.parameters : {};
  const modelId = p['ModelId'];
  if (typeof modelId !== 'string' || modelId === '') return runtime("The field 'ModelId' is required.");
  if (p['Input'] !== undefined || p['Output'] !== undefined) {
    return runtime('Stepwise does not read or write Bedrock bodies in S3 (Input, Output) yet: give Body.');
  }
  const body = p['Body'];
  const input: Record<string, unknown> = {
    modelId,
    body: typeof body === 'string' ? body : JSON.stringify(body ?? {}),
    contentType: typeof p['ContentType'] === 'string' ? p['ContentType'] : 'application/json',
    accept: typeof p['Accept'] === 'string' ? p['Accept'] : 'application/json',
  };
  if (typeof p['Trace'] === 'string') input['trace'] = p['Trace'];
  if (typeof p['GuardrailIdentifier'] === 'string') input['guardrailIdentifier'] = p['GuardrailIdentifier'];
  if (typeof p['GuardrailVersion'] === 'string') input['guardrailVersion'] = p['GuardrailVersion'];
  const sdk = sdkService('bedrockruntime')!;
  let module: SdkModule | undefined;
  try {
    const loaded = await clients.get('bedrockruntime', sdk, taskRole(request));
    module = loaded.module;
    const InvokeModel = module['InvokeModelCommand'];
    if (typeof InvokeModel !== 'function')
      throw new AwsSetupError(`${sdk.packageName} has no InvokeModelCommand.`);
    const command = new (InvokeModel as new (input: object) => unknown)(input);
    const output = await loaded.client.send(command, { abortSignal: request.signal });
    const bytes = output['body'] as Uint8Array | undefined;
    const text = bytes ? Buffer.from(bytes).toString('utf8') : '';
    const contentType =
      typeof output['contentType'] === 'string' ? output['contentType'] : 'application/json';
    return { ok: true, output: { Body: bodyOf(text), ContentType: contentType } };
  } catch (e) {
    const answered = module && serviceError(e, module, sdk.client);
    return answered ? optimizedFailure(BEDROCK, answered) : callFailure(e);
  }
}
