import type { Json } from '../../asl/index.ts';
import { isJsonObject } from '../../asl/index.ts';
import type { TaskRequest, TaskResult } from '../task-runner.ts';
import type { AwsClients, SdkModule } from './aws-clients.ts';
import { AwsSetupError } from './aws-clients.ts';
import type { SdkService } from './sdk-services.ts';
import { sdkService } from './sdk-services.ts';
import { taskRole } from './task-roles.ts';
import { outputJson } from './sdk-json.ts';
import type { ServiceError } from './service-error.ts';
import { callFailure, exceptionName, serviceError } from './service-error.ts';

type Command = new (input: object) => unknown;

/** The SDK command of a Step Functions action name: `getItem` → `GetItemCommand`. */
export function commandOf(module: SdkModule, action: string): Command | undefined {
  const Command = module[`${action.charAt(0).toUpperCase()}${action.slice(1)}Command`];
  return typeof Command === 'function' ? (Command as Command) : undefined;
}

/**
 * AWS's name for a service error of an aws-sdk task: `<Prefix>.<Code>Exception`
 * (`S3.NoSuchKeyException` for S3's `NoSuchKey`), or `<Prefix>.<Prefix>Exception` for an error
 * the service's model does not declare; the cause as Step Functions words it
 * (AWS-recorded histories in LocalStack's tests/aws/services/stepfunctions/v2/error_handling).
 */
function sdkFailure(prefix: string, e: ServiceError): TaskResult {
  const name = e.modeled ? exceptionName(e) : `${prefix}Exception`;
  const extended = e.extendedRequestId ? `, Extended Request ID: ${e.extendedRequestId}` : '';
  return {
    ok: false,
    error: `${prefix}.${name}`,
    cause: `${e.message} (Service: ${prefix}, Status Code: ${e.status ?? 0}, Request ID: ${e.requestId ?? ''}${extended})`,
  };
}

/** The request as the SDK takes it: S3 stores a JSON Body as its text, as Step Functions does. */
function inputOf(service: string, action: string, parameters: Json): object {
  if (!isJsonObject(parameters)) return {};
  if (service === 's3' && action === 'putObject' && 'Body' in parameters) {
    const body = parameters['Body'];
    if (typeof body !== 'string') return { ...parameters, Body: JSON.stringify(body) };
  }
  return parameters;
}

/** Calls `arn:aws:states:::aws-sdk:<service>:<action>` through the service's AWS SDK v3 client. */
export async function awsSdkTask(
  clients: AwsClients,
  id: string,
  action: string,
  request: TaskRequest,
): Promise<TaskResult> {
  const service: SdkService | undefined = sdkService(id);
  if (!service) {
    return {
      ok: false,
      error: 'States.TaskFailed',
      cause: `Stepwise does not call the AWS service '${id}' yet (aws-sdk:${id}:${action}).`,
    };
  }
  let module: SdkModule | undefined;
  try {
    const loaded = await clients.get(id, service, taskRole(request));
    module = loaded.module;
    const Command = commandOf(module, action);
    if (!Command) {
      throw new AwsSetupError(`${service.packageName} has no action '${action}' (aws-sdk:${id}:${action}).`);
    }
    const output = await loaded.client.send(new Command(inputOf(id, action, request.parameters)), {
      abortSignal: request.signal,
    });
    return { ok: true, output: await outputJson(output) };
  } catch (e) {
    const answered = module && serviceError(e, module, service.client);
    return answered ? sdkFailure(service.prefix, answered) : callFailure(e);
  }
}
