/**
 * A domain error of the service, named with AWS's exception names so that api/errors.ts maps
 * it 1:1 (StateMachineDoesNotExist, ExecutionAlreadyExists, ...).
 */
export class ServiceError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
  }
}
