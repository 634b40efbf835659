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
  /** The calling task's trace context (`traceparent`, `X-Amzn-Trace-Id`) when it is traced. */
  readonly traceHeaders?: Readonly<Record<string, string>> | undefined;
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

/** What a call whose state was abandoned answers (no one reads it: the state records its own end). */
export const ABANDONED: TaskResult = Object.freeze({ ok: false, error: 'States.Aborted', cause: undefined });

/**
 * `running`'s result, or ABANDONED as soon as the call's state is aborted (a failed Parallel
 * sibling, a stopped execution). The function itself runs on, as Lambda lets an invocation run
 * whatever became of the state that made it; what it returns later is ignored.
 */
export function unlessAbandoned(running: Promise<TaskResult>, signal: AbortSignal): Promise<TaskResult> {
  if (signal.aborted) return Promise.resolve(ABANDONED);
  return new Promise((resolve) => {
    const onAbort = (): void => resolve(ABANDONED);
    signal.addEventListener('abort', onAbort, { once: true });
    void running.then((result) => {
      signal.removeEventListener('abort', onAbort);
      resolve(result);
    });
  });
}
