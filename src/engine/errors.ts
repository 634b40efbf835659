/**
 * A domain error of the service, named with AWS's exception names so that api/errors.ts maps
 * it 1:1 (StateMachineDoesNotExist, ExecutionAlreadyExists, ...). `extra` holds the members some
 * exceptions carry besides the message (ResourceNotFound `resourceName`, ...).
 */
export class ServiceError extends Error {
  readonly code: string;
  readonly extra: Readonly<Record<string, string>>;
  constructor(code: string, message: string, extra: Record<string, string> = {}) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.extra = extra;
  }
}

export function stateMachineDoesNotExist(arn: string): ServiceError {
  return new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
}

export function executionDoesNotExist(arn: string): ServiceError {
  return new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
}
