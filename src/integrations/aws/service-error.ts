import type { TaskResult } from '../task-runner.ts';
import type { SdkModule } from './aws-clients.ts';
import { AwsSetupError } from './aws-clients.ts';
import { RoleAssumptionError } from './task-roles.ts';
import { clientName } from './sdk-services.ts';

/** An error answered by the service, as the SDK reports it. */
export interface ServiceError {
  /** The SDK's name of the error (`ResourceNotFoundException`, `NoSuchKey`, SNS's `NotFoundException`). */
  readonly name: string;
  /** The code on the wire, where the query and XML protocols differ from the name (SNS's `NotFound`). */
  readonly code: string;
  readonly message: string;
  /** Whether the service's model declares this error (an SDK class of its own). */
  readonly modeled: boolean;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly extendedRequestId: string | undefined;
}

interface SdkError extends Error {
  readonly Code?: string;
  readonly $metadata?: { httpStatusCode?: number; requestId?: string; extendedRequestId?: string };
}

/**
 * The service's answer in `e`, or undefined when the call failed before one came (no network,
 * no credentials). An error the model does not declare is thrown as the client's base exception,
 * `<Client>ServiceException`: AWS names those after the service alone (`DynamoDb.DynamoDbException`).
 */
export function serviceError(e: unknown, module: SdkModule, client: string): ServiceError | undefined {
  const Base = module[(clientName(module, client) ?? client).replace(/Client$/, 'ServiceException')];
  if (typeof Base !== 'function' || !(e instanceof (Base as new () => Error))) return undefined;
  const err = e as SdkError;
  return {
    name: err.name,
    code: err.Code ?? err.name,
    message: err.message,
    modeled: err.constructor !== Base,
    status: err.$metadata?.httpStatusCode,
    requestId: err.$metadata?.requestId,
    extendedRequestId: err.$metadata?.extendedRequestId,
  };
}

/** A declared error's name as Step Functions gives it: `Exception` appended where it lacks it. */
export const exceptionName = (e: ServiceError): string =>
  e.name.endsWith('Exception') ? e.name : `${e.name}Exception`;

/** A failure before the service answered: what to configure, or what went wrong on the way. */
export function callFailure(e: unknown): TaskResult {
  if (e instanceof AwsSetupError || e instanceof RoleAssumptionError)
    return { ok: false, error: 'States.TaskFailed', cause: e.message };
  const err = e as Error;
  const code = (err as { code?: string }).code;
  return {
    ok: false,
    error: 'States.TaskFailed',
    cause: `${err.message || err.name}${code && !err.message.includes(code) ? ` (${code})` : ''}`,
  };
}
