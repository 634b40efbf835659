import type { Json } from '../../asl/index.ts';
import { isJsonObject } from '../../asl/index.ts';
import type { TaskRequest, TaskResult } from '../task-runner.ts';
import type { AwsClients, SdkModule } from './aws-clients.ts';
import { AwsSetupError } from './aws-clients.ts';
import { optimizedFailure } from './optimized-task.ts';
import { sdkService } from './sdk-services.ts';
import { callFailure, serviceError } from './service-error.ts';
import { taskRole } from './task-roles.ts';
import { S3CallFailure, S3Objects } from './s3-map/s3-objects.ts';

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

/** `{"S3Uri": "s3://bucket/key"}` as bucket and key; undefined when absent, null when malformed. */
function s3Location(value: Json | undefined): { bucket: string; key: string } | null | undefined {
  if (value === undefined) return undefined;
  const uri = isJsonObject(value) ? value['S3Uri'] : undefined;
  const m = typeof uri === 'string' ? /^s3:\/\/([^/]+)\/(.+)$/.exec(uri) : null;
  return m ? { bucket: m[1]!, key: m[2]! } : null;
}

/**
 * `arn:aws:states:::bedrock:invokeModel` (AWS guide, connect-bedrock): ModelId, Body (JSON, sent as
 * its text) or `Input.S3Uri` (the body read from that object), ContentType and Accept
 * (application/json by default), Trace and the guardrail, through the Bedrock Runtime client; the
 * result is `{Body, ContentType}` with the model's JSON answer as `Body`. With `Output.S3Uri` the
 * answer is written to that object and `Body` refers to it instead (`{"S3Uri": …}`: the shape of
 * the reference is inferred). The objects are read and written with the configured S3 client.
 */
export async function bedrockInvokeModel(clients: AwsClients, request: TaskRequest): Promise<TaskResult> {
  const p = isJsonObject(request.parameters) ? request.parameters : {};
  const modelId = p['ModelId'];
  if (typeof modelId !== 'string' || modelId === '') return runtime("The field 'ModelId' is required.");
  const from = s3Location(p['Input']);
  const to = s3Location(p['Output']);
  if (from === null || to === null) return runtime("The field 'S3Uri' must be an S3 URI: s3://bucket/key.");
  if (from && p['Body'] !== undefined)
    return runtime("Only one of the fields 'Body' and 'Input' may be given.");
  const objects = new S3Objects(clients, request.signal);
  const body = p['Body'];
  let bytes: Uint8Array | undefined;
  try {
    if (from) bytes = await objects.bytes(from.bucket, from.key, undefined);
  } catch (e) {
    return { ok: false, error: 'States.TaskFailed', cause: (e as Error).message };
  }
  const input: Record<string, unknown> = {
    modelId,
    body: bytes ?? (typeof body === 'string' ? body : JSON.stringify(body ?? {})),
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
    const answer = output['body'] as Uint8Array | undefined;
    const text = answer ? Buffer.from(answer).toString('utf8') : '';
    const contentType =
      typeof output['contentType'] === 'string' ? output['contentType'] : 'application/json';
    if (!to) return { ok: true, output: { Body: bodyOf(text), ContentType: contentType } };
    await objects.send('putObject', { Bucket: to.bucket, Key: to.key, Body: text, ContentType: contentType });
    return { ok: true, output: { Body: { S3Uri: `s3://${to.bucket}/${to.key}` }, ContentType: contentType } };
  } catch (e) {
    if (e instanceof S3CallFailure) return { ok: false, error: 'States.TaskFailed', cause: e.message };
    const answered = module && serviceError(e, module, sdk.client);
    return answered ? optimizedFailure(BEDROCK, answered) : callFailure(e);
  }
}
