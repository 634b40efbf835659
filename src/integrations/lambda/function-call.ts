import type { Json } from '../../asl/index.ts';
import type { TaskResult } from '../task-runner.ts';

/** One invocation of a Lambda function, whichever backend runs it. */
export interface FunctionCall {
  readonly name: string;
  readonly qualifier: string | undefined;
  /** `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]` as invoked. */
  readonly invokedArn: string;
  readonly event: Json;
  readonly requestId: string;
  readonly signal: AbortSignal;
}

/** A way to run functions: in process, a worker-thread pool, a command, a remote Lambda API. */
export interface FunctionBackend {
  /** Undefined when this backend does not know the function (the next one is asked). */
  invoke(call: FunctionCall): Promise<TaskResult> | undefined;
  /** Whether this backend runs the function (a remote API is assumed to). */
  knows(name: string): boolean;
}

/** Lambda reports a function's error as `{errorType, errorMessage, trace}`; its type names the error. */
export function functionError(
  errorType: string,
  errorMessage: string,
  trace: readonly string[] = [],
): TaskResult {
  return {
    ok: false,
    error: errorType,
    cause: JSON.stringify({ errorType, errorMessage, trace }),
  };
}

/** Lambda's answer when a function ran out of time. */
export function timedOut(call: FunctionCall, seconds: number): TaskResult {
  return functionError(
    'Sandbox.Timedout',
    `RequestId: ${call.requestId} Error: Task timed out after ${seconds.toFixed(2)} seconds`,
  );
}
