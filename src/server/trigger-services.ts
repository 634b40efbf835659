// Where triggers/ and the integrations meet, composed here (DESIGN.md rule 5: they never import
// each other): the dead-letter queue's SQS calls, made through the AWS integrations and so with
// their client settings; and `events:putEvents` to Stepwise's own buses, answered by the rules.
import { appendFileSync } from 'node:fs';
import type { Json } from '../asl/index.ts';
import type { TaskRequest, TaskResult } from '../integrations/index.ts';
import type { Integrations } from '../integrations/drivers.ts';
import type { QueueSend, Triggers } from '../triggers/index.ts';

const DEAD_LETTER_TIMEOUT_S = 30;

/** One aws-sdk call through the integrations, as a Task with no execution would make it. */
async function awsCall(integrations: Integrations, action: string, parameters: Json): Promise<Json> {
  const signal = AbortSignal.timeout(DEAD_LETTER_TIMEOUT_S * 1000);
  const result: TaskResult = await integrations.run({
    resource: `arn:aws:states:::aws-sdk:sqs:${action}`,
    parameters,
    timeoutSeconds: DEAD_LETTER_TIMEOUT_S,
    heartbeatSeconds: undefined,
    visit: { context: {} },
    signal,
  });
  if (!result.ok) throw new Error(`${result.error}: ${result.cause ?? ''}`);
  return result.output;
}

/** Sends to an SQS queue named by ARN (`arn:aws:sqs:<region>:<account>:<name>`). */
export function sqsQueueSend(integrations: Integrations): QueueSend {
  return async (queueArn, body, attributes) => {
    const [, , , , account = '', name = ''] = queueArn.split(':');
    const found = await awsCall(integrations, 'getQueueUrl', {
      QueueName: name,
      QueueOwnerAWSAccountId: account,
    });
    const url = (found as { QueueUrl?: unknown }).QueueUrl;
    if (typeof url !== 'string') throw new Error(`no URL for the queue ${queueArn}`);
    await awsCall(integrations, 'sendMessage', {
      QueueUrl: url,
      MessageBody: body,
      MessageAttributes: Object.fromEntries(
        Object.entries(attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
      ),
    });
  };
}

/** The integrations' putEvents hook: entries for a local bus go to the triggers' rules. */
export function localEvents(triggers: Triggers): (request: TaskRequest) => Promise<TaskResult> | undefined {
  return (request) =>
    triggers
      .putEvents(request.parameters, request.visit.context)
      ?.then((r) => (r.ok ? { ok: true, output: r.output as Json } : r));
}

/**
 * Where status-change events are also written, one JSON line each (`triggers.statusEventLog`):
 * standard output, or a file appended to (a path relative to the working directory).
 */
export function lineSink(target: string | undefined): ((line: string) => void) | undefined {
  if (target === undefined) return undefined;
  if (target === 'stdout') return (line) => void process.stdout.write(`${line}\n`);
  return (line) => appendFileSync(target, `${line}\n`);
}
