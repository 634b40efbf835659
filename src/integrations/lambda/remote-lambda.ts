import type { Json } from '../../asl/index.ts';
import type { TaskResult } from '../task-runner.ts';
import type { FunctionBackend, FunctionCall } from './function-call.ts';
import { functionError } from './function-call.ts';

/**
 * A real Lambda Invoke API (`sam local start-lambda`, LocalStack): `POST
 * /2015-03-31/functions/NAME/invocations`. A function error (`X-Amz-Function-Error`) keeps its
 * errorType; a 404 is Lambda.ResourceNotFoundException; other failures of the service itself
 * are Lambda.ServiceException.
 */
export class RemoteLambda implements FunctionBackend {
  readonly #endpoint: string;

  constructor(endpoint: string) {
    this.#endpoint = endpoint.replace(/\/+$/, '');
  }

  knows(): boolean {
    return true;
  }

  invoke(call: FunctionCall): Promise<TaskResult> {
    return this.#invoke(call);
  }

  async #invoke(call: FunctionCall): Promise<TaskResult> {
    const url = new URL(
      `${this.#endpoint}/2015-03-31/functions/${encodeURIComponent(call.name)}/invocations`,
    );
    if (call.qualifier) url.searchParams.set('Qualifier', call.qualifier);
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-amz-invocation-type': 'RequestResponse',
          // Lambda's Invoke API takes the caller's trace in X-Amzn-Trace-Id (and W3C traceparent).
          ...call.traceHeaders,
        },
        body: JSON.stringify(call.event),
        signal: call.signal,
      });
      text = await res.text();
    } catch (e) {
      if (call.signal.aborted) return { ok: false, error: 'States.Aborted', cause: undefined };
      const why = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
      return {
        ok: false,
        error: 'Lambda.ServiceException',
        cause: `Unable to reach the Lambda endpoint ${this.#endpoint}: ${why}`,
      };
    }
    const functionErrorHeader = res.headers.get('x-amz-function-error');
    if (res.ok && functionErrorHeader) {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // a body that is not an error object
      }
      const type = typeof body['errorType'] === 'string' ? body['errorType'] : 'Lambda.Unknown';
      return { ok: false, error: type, cause: text };
    }
    if (res.status === 404) {
      return {
        ok: false,
        error: 'Lambda.ResourceNotFoundException',
        cause: `Function not found: ${call.invokedArn} (Service: Lambda, Status Code: 404, Request ID: ${call.requestId})`,
      };
    }
    if (!res.ok) {
      return {
        ok: false,
        error: res.status === 429 ? 'Lambda.TooManyRequestsException' : 'Lambda.ServiceException',
        cause: `${text} (Service: Lambda, Status Code: ${res.status}, Request ID: ${call.requestId})`,
      };
    }
    try {
      return { ok: true, output: text === '' ? null : (JSON.parse(text) as Json) };
    } catch {
      return functionError(
        'Lambda.Unknown',
        `The response of the function is not JSON: ${text.slice(0, 200)}`,
      );
    }
  }
}
