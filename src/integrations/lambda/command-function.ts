import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Json } from '../../asl/index.ts';
import type { TaskResult } from '../task-runner.ts';
import type { FunctionCall } from './function-call.ts';
import { ConfiguredFunctions } from './configured-functions.ts';
import { functionError, timedOut } from './function-call.ts';

/** A function run as a command (`["python3", "fn.py"]`): event JSON on stdin, result JSON on stdout. */
export interface CommandFunction {
  readonly command: readonly string[];
  readonly timeout?: number;
  /** Working directory (default: where the configuration is). */
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

const LAMBDA_DEFAULT_TIMEOUT = 3;

/** The last stderr line that is a Lambda error object, if the command printed one. */
function reportedError(
  stderr: string,
): { errorType: string; errorMessage: string; trace: string[] } | undefined {
  const lines = stderr.trim().split('\n').reverse();
  for (const line of lines) {
    try {
      const v = JSON.parse(line) as Record<string, unknown>;
      if (typeof v['errorType'] === 'string') {
        return {
          errorType: v['errorType'],
          errorMessage: typeof v['errorMessage'] === 'string' ? v['errorMessage'] : '',
          trace: Array.isArray(v['stackTrace']) ? v['stackTrace'].map(String) : [],
        };
      }
    } catch {
      // not JSON: an ordinary log line
    }
  }
  return undefined;
}

/**
 * The trace context of a traced task for its process: X-Ray's header as Lambda's runtimes give it
 * (`_X_AMZN_TRACE_ID`), and the W3C one as OpenTelemetry's environment carrier names it
 * (`TRACEPARENT`, `TRACESTATE`).
 */
function traceEnvironment(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  const xray = headers?.['X-Amzn-Trace-Id'];
  if (xray !== undefined) env['_X_AMZN_TRACE_ID'] = xray;
  const parent = headers?.['traceparent'];
  if (parent !== undefined) env['TRACEPARENT'] = parent;
  const state = headers?.['tracestate'];
  if (state !== undefined) env['TRACESTATE'] = state;
  return env;
}

/**
 * Functions in any language: one process per invocation. Exit 0 with JSON on stdout is the result
 * (empty stdout: null). A non-zero exit fails the call: with the error a last stderr line
 * `{"errorType", "errorMessage"}` names, else `Lambda.Unknown` (Lambda's name for a runtime that
 * died without reporting). Other stderr lines are the function's log.
 */
export class CommandFunctions extends ConfiguredFunctions<CommandFunction> {
  protected run(call: FunctionCall, fn: CommandFunction): Promise<TaskResult> {
    const [program, ...args] = fn.command;
    if (!program) return Promise.resolve(functionError('Runtime.InvalidEntrypoint', 'The command is empty.'));
    const seconds = fn.timeout ?? LAMBDA_DEFAULT_TIMEOUT;
    return new Promise((done) => {
      const child = spawn(program, args, {
        cwd: resolve(this.base, fn.cwd ?? '.'),
        env: {
          ...process.env,
          ...fn.env,
          AWS_LAMBDA_FUNCTION_NAME: call.name,
          AWS_LAMBDA_FUNCTION_VERSION: call.qualifier ?? '$LATEST',
          AWS_REQUEST_ID: call.requestId,
          AWS_LAMBDA_FUNCTION_TIMEOUT: String(seconds),
          ...traceEnvironment(call.traceHeaders),
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let settled = false;
      const finish = (result: TaskResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        call.signal.removeEventListener('abort', onAbort);
        done(result);
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        finish(timedOut(call, seconds));
      }, seconds * 1000);
      const onAbort = (): void => {
        child.kill('SIGKILL');
        finish({ ok: false, error: 'States.Aborted', cause: undefined });
      };
      call.signal.addEventListener('abort', onAbort, { once: true });
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      child.on('error', (e) => finish(functionError('Runtime.InvalidEntrypoint', e.message)));
      child.on('close', (code) => {
        for (const line of stderr.split('\n'))
          if (line.trim() && !line.includes('"errorType"')) this.log(call.name, line);
        if (code !== 0) {
          const reported = reportedError(stderr);
          finish(
            reported
              ? functionError(reported.errorType, reported.errorMessage, reported.trace)
              : functionError(
                  'Lambda.Unknown',
                  `RequestId: ${call.requestId} Error: Runtime exited with error: exit status ${code}`,
                ),
          );
          return;
        }
        const text = stdout.trim();
        try {
          finish({ ok: true, output: text === '' ? null : (JSON.parse(text) as Json) });
        } catch {
          finish(
            functionError(
              'Runtime.InvalidResponse',
              `The function's output is not JSON: ${text.slice(0, 200)}`,
            ),
          );
        }
      });
      child.stdin.on('error', () => {}); // a command that never reads its input
      child.stdin.end(JSON.stringify(call.event));
    });
  }
}
