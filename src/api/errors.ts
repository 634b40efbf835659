import { ServiceError } from '../engine/index.ts';

/**
 * The one place where failures become AWS-shaped answers: `{"__type": "<ns>#<Code>", "message"}`.
 * Namespaces as the real service sends them: Step Functions' own exceptions live in
 * `com.amazonaws.swf.service.v2.model`, model-constraint violations in
 * `com.amazon.coral.validate`, protocol-level failures in `com.amazon.coral.service`, an
 * unavailable service in `com.amazon.coral.availability`.
 * SDKs keep only the part after `#`, so the class name they raise is the code.
 */
const SERVICE = 'com.amazonaws.swf.service.v2.model';
const CORAL_VALIDATE = 'com.amazon.coral.validate';
const CORAL_SERVICE = 'com.amazon.coral.service';
const CORAL_AVAILABILITY = 'com.amazon.coral.availability';

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly namespace: string;
  /** Members some exceptions carry besides `message` (ValidationException `reason`, ...). */
  readonly extra: Readonly<Record<string, string>>;

  constructor(
    code: string,
    message: string,
    options: { status?: number; namespace?: string; extra?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = options.status ?? 400;
    this.namespace = options.namespace ?? SERVICE;
    this.extra = options.extra ?? {};
  }

  get type(): string {
    return `${this.namespace}#${this.code}`;
  }
}

/** A Step Functions exception (InvalidArn, InvalidName, StateMachineDoesNotExist, ...). */
export function serviceError(code: string, message: string): ApiError {
  return new ApiError(code, message);
}

/** Coral's model validation: "1 validation error detected: a" / "2 validation errors detected: a; b". */
export function validationError(violations: readonly string[]): ApiError {
  const noun = violations.length === 1 ? 'error' : 'errors';
  return new ApiError(
    'ValidationException',
    `${violations.length} validation ${noun} detected: ${violations.join('; ')}`,
    { namespace: CORAL_VALIDATE },
  );
}

/** The body is not JSON, or a member has the wrong JSON type. */
export function serializationError(message: string): ApiError {
  return new ApiError('SerializationException', message, { namespace: CORAL_SERVICE });
}

export function unknownOperation(target: string | undefined): ApiError {
  const message = target ? `Unknown operation: ${target}` : 'Missing X-Amz-Target header';
  return new ApiError('UnknownOperationException', message, { namespace: CORAL_SERVICE });
}

/** AWS's hard quota on one API request is 1 MB. */
export function requestTooLarge(limit: number): ApiError {
  return new ApiError('RequestEntityTooLargeException', `Request size exceeded ${limit} bytes`, {
    status: 413,
    namespace: CORAL_SERVICE,
  });
}

/** The store is away (or too slow to wait for): Coral's 503, which every AWS SDK retries. */
export function serviceUnavailable(
  message = 'The service is temporarily unable to store the request; retry it.',
): ApiError {
  return new ApiError('ServiceUnavailableException', message, { status: 503, namespace: CORAL_AVAILABILITY });
}

/** AWS's pagination tokens are opaque; a forged or foreign one is InvalidToken (API reference). */
export function invalidToken(): ApiError {
  return serviceError('InvalidToken', "Invalid Token: 'Invalid token'");
}

/** Anything else: the engine's domain errors map 1:1 by name; bugs become 500 InternalFailure. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ServiceError) {
    // AWS answers ConflictException with 409 (API reference, Errors); the store being away is
    // Coral's 503, which the SDKs retry.
    if (error.code === 'ServiceUnavailableException') return serviceUnavailable(error.message);
    return new ApiError(error.code, error.message, {
      status: error.code === 'ConflictException' ? 409 : 400,
      extra: error.extra,
    });
  }
  return new ApiError('InternalFailure', 'The request processing has failed because of an unknown error.', {
    status: 500,
    namespace: CORAL_SERVICE,
  });
}

export function errorBody(error: ApiError): { __type: string; message: string } {
  return { __type: error.type, message: error.message, ...error.extra };
}
