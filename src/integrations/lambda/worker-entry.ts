// Runs inside a worker thread of a function's pool: imports the handler module once (a warm
// Lambda), then runs one invocation per message. Console output goes to the parent as log lines.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { lambdaError } from './lambda-error.ts';

interface Setup {
  readonly file: string;
  readonly exportName: string;
  readonly functionName: string;
  readonly memorySize: number;
}

interface Invocation {
  readonly id: number;
  readonly event: unknown;
  readonly invokedArn: string;
  readonly version: string;
  readonly requestId: string;
  readonly deadline: number;
  /** The calling task's trace context, when it is traced. */
  readonly traceHeaders?: Readonly<Record<string, string>>;
}

const setup = workerData as Setup;
const port = parentPort!;
for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  console[level] = (...args: unknown[]): void => port.postMessage({ log: format(...args) });
}
const mod = (await import(pathToFileURL(setup.file).href)) as Record<string, unknown>;
const handler = mod[setup.exportName];

port.on('message', (m: Invocation) => {
  void (async () => {
    try {
      if (typeof handler !== 'function') {
        throw Object.assign(new Error(`${setup.file} does not export '${setup.exportName}'`), {
          name: 'Runtime.HandlerNotFound',
        });
      }
      // Lambda's Node runtime gives each invocation its X-Ray header in _X_AMZN_TRACE_ID; a sandbox
      // runs one invocation at a time and has an environment of its own, so it can too.
      const xray = m.traceHeaders?.['X-Amzn-Trace-Id'];
      if (xray === undefined) delete process.env['_X_AMZN_TRACE_ID'];
      else process.env['_X_AMZN_TRACE_ID'] = xray;
      const context = {
        functionName: setup.functionName,
        functionVersion: m.version,
        invokedFunctionArn: m.invokedArn,
        memoryLimitInMB: String(setup.memorySize),
        awsRequestId: m.requestId,
        logGroupName: `/aws/lambda/${setup.functionName}`,
        logStreamName: `stepwise/${setup.functionName}`,
        callbackWaitsForEmptyEventLoop: true,
        getRemainingTimeInMillis: () => Math.max(0, m.deadline - Date.now()),
        ...(m.traceHeaders ? { traceHeaders: m.traceHeaders } : {}),
      };
      const value: unknown = await (handler as (e: unknown, c: unknown) => unknown)(m.event, context);
      port.postMessage({ id: m.id, ok: true, value: value === undefined ? null : value });
    } catch (e) {
      port.postMessage({ id: m.id, ok: false, ...lambdaError(e) });
    }
  })();
});
port.postMessage({ ready: true });
