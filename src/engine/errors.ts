import { StoreError } from '../store/index.ts';

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

/**
 * Thrown by a synchronous verb that needs the record of an execution that may be only in the
 * store (parked on its timer, closed a while ago, or a name memory does not know): the caller
 * reads it (Engine.loadExecution, or Engine.reading around the call) and asks again.
 */
export class RecordInStore extends Error {
  readonly executionArn: string;
  constructor(executionArn: string) {
    super(`the record of ${executionArn} is in the store; load it first`);
    this.name = 'RecordInStore';
    this.executionArn = executionArn;
  }
}

export function stateMachineDoesNotExist(arn: string): ServiceError {
  return new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
}

export function executionDoesNotExist(arn: string): ServiceError {
  return new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
}

/** A token whose task ended (answered, timed out, its execution closed). */
export function taskTimedOut(): ServiceError {
  return new ServiceError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
}

export function taskDoesNotExist(): ServiceError {
  return new ServiceError('TaskDoesNotExist', "Task Does Not Exist: 'Provided task does not exist'");
}

/**
 * A store failure as the API answers it: while the store is away, ServiceUnavailableException
 * (503, which every AWS SDK retries); a write the store refuses for good, a client error that a
 * retry cannot fix.
 */
export function storeFailure(e: unknown): Error {
  if (!(e instanceof StoreError)) return e instanceof Error ? e : new Error(String(e));
  if (e.transient) {
    return new ServiceError(
      'ServiceUnavailableException',
      'The service is temporarily unable to store the request; retry it.',
    );
  }
  return new ServiceError('ValidationException', `The request could not be stored: ${e.message}`);
}
