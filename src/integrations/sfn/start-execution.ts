import { randomUUID } from 'node:crypto';
import type { Json, JsonObject } from '../../asl/index.ts';
import { isJsonObject } from '../../asl/index.ts';
import type { TaskRequest, TaskResult } from '../task-runner.ts';
import type { ChildExecution, Executions } from './executions.ts';

export type StartPattern = 'request-response' | 'sync' | 'sync:2';

function metadata(): JsonObject {
  const requestId = randomUUID();
  return {
    SdkHttpMetadata: {
      AllHttpHeaders: {
        'x-amzn-RequestId': [requestId],
        'Content-Type': ['application/x-amz-json-1.0'],
      },
      HttpHeaders: { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': requestId },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
  };
}

const parsed = (text: string | undefined): Json => (text === undefined ? null : (JSON.parse(text) as Json));

/**
 * DescribeExecution as the `.sync` integration returns it: capitalised keys, epoch-millisecond
 * dates; Input/Output are JSON text for `.sync` and parsed values for `.sync:2`.
 */
function description(child: ChildExecution, pattern: StartPattern): JsonObject {
  const two = pattern === 'sync:2';
  const out: JsonObject = {
    ExecutionArn: child.executionArn,
    Input: two ? parsed(child.input) : child.input,
    InputDetails: { Included: true },
    Name: child.name,
    StartDate: child.startDate,
    StateMachineArn: child.stateMachineArn,
    Status: child.status,
  };
  if (child.stopDate !== undefined) out['StopDate'] = child.stopDate;
  if (child.output !== undefined) {
    out['Output'] = two ? parsed(child.output) : child.output;
    out['OutputDetails'] = { Included: true };
  }
  if (child.error !== undefined) out['Error'] = child.error;
  if (child.cause !== undefined) out['Cause'] = child.cause;
  return out;
}

function inputText(input: Json | undefined): string {
  if (input === undefined) return '{}';
  return typeof input === 'string' ? input : JSON.stringify(input);
}

/**
 * `arn:aws:states:::states:startExecution[.sync|.sync:2]`: starts a child execution. Without a
 * suffix it returns at once (`ExecutionArn`, `StartDate`); `.sync` waits for the child, records
 * TaskSubmitted, and fails with States.TaskFailed (the child's description as cause) unless the
 * child succeeds. Stopping the parent (or a timeout of the state) stops a child it waits for.
 */
export async function startExecution(
  executions: Executions | undefined,
  pattern: StartPattern,
  request: TaskRequest,
  traceHeaders?: Readonly<Record<string, string>>,
): Promise<TaskResult> {
  if (!executions) {
    return { ok: false, error: 'States.Runtime', cause: 'Nested executions are not available here.' };
  }
  const p = isJsonObject(request.parameters) ? request.parameters : {};
  const arn = p['StateMachineArn'];
  if (typeof arn !== 'string') {
    return { ok: false, error: 'States.Runtime', cause: "The field 'StateMachineArn' is required." };
  }
  const name = typeof p['Name'] === 'string' ? p['Name'] : undefined;
  const started = await executions.start({
    stateMachineArn: arn,
    name,
    input: inputText(p['Input']),
    traceHeaders,
  });
  if ('refused' in started) {
    return { ok: false, error: `StepFunctions.${started.refused}Exception`, cause: started.message };
  }
  const response: JsonObject = {
    ExecutionArn: started.executionArn,
    StartDate: started.startDate,
    ...metadata(),
  };
  if (pattern === 'request-response') return { ok: true, output: response };
  request.progress?.submitted(response);
  const onAbort = (): void => executions.stop(started.executionArn);
  request.signal.addEventListener('abort', onAbort, { once: true });
  let child: ChildExecution;
  try {
    child = await executions.finished(started.executionArn);
  } finally {
    request.signal.removeEventListener('abort', onAbort);
  }
  const described = description(child, pattern);
  if (child.status === 'SUCCEEDED') return { ok: true, output: described };
  return { ok: false, error: 'States.TaskFailed', cause: JSON.stringify(described) };
}
