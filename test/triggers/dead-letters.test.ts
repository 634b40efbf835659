// A scheduled start that fails for good goes to the schedule's dead-letter queue (local-aws-sqs on
// a loopback port, reached through the AWS integrations' client settings) with EventBridge
// Scheduler's message attributes, and is kept in the store either way.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Runtime } from '../../src/server/index.ts';
import { createRuntime } from '../../src/server/index.ts';
import { CountingEntropy, VirtualClock } from '../../src/test-support/engine-harness.ts';
import type { StandIn } from '../support/aws-stand-ins.ts';
import { LOCAL_CREDENTIALS, startLocalSqs } from '../support/aws-stand-ins.ts';

async function until<T>(what: string, get: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('dead letters of schedules', () => {
  let sqs: StandIn;
  let client: SQSClient;
  let queueUrl: string;
  let queueArn: string;
  let runtime: Runtime;
  const clock = new VirtualClock(Date.UTC(2024, 0, 1));
  before(async () => {
    sqs = await startLocalSqs();
    client = new SQSClient({ endpoint: sqs.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
    queueUrl = (await client.send(new CreateQueueCommand({ QueueName: 'schedule-dlq' }))).QueueUrl ?? '';
    const attributes = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    );
    queueArn = attributes.Attributes?.['QueueArn'] ?? '';
    runtime = await createRuntime(
      {
        region: 'us-east-1',
        account: '123456789012',
        functionModules: [],
        examples: false,
        store: 'memory',
        integrations: { aws: { endpoints: { sqs: sqs.endpoint }, credentials: LOCAL_CREDENTIALS } },
        triggers: {
          schedules: [
            // No such state machine: not retryable, so it goes to the queue at once.
            {
              name: 'to-queue',
              stateMachine: 'Missing',
              expression: 'rate(1 hour)',
              deadLetterQueueArn: queueArn,
            },
            { name: 'no-queue', stateMachine: 'Missing', expression: 'rate(1 hour)', input: { a: 1 } },
            {
              name: 'gone-queue',
              stateMachine: 'Missing',
              expression: 'rate(1 hour)',
              deadLetterQueueArn: 'arn:aws:sqs:us-east-1:123456789012:no-such-queue',
            },
          ],
        },
      },
      { clock, entropy: new CountingEntropy() },
    );
  });
  after(async () => {
    await runtime?.shutdown();
    client?.destroy();
    await sqs?.close();
  });

  it('sends the target input with the failure as message attributes, and keeps a record', async () => {
    // A rate fires at the schedule's creation first (the runtime's start here).
    const letters = await until('three dead letters', async () => {
      const all = await runtime.triggers.deadLetters();
      return all.length >= 3 ? all : undefined;
    });
    const by = new Map(letters.map((l) => [l.ScheduleArn.split('/').pop(), l]));
    assert.equal(by.get('to-queue')?.Delivery, 'SENT');
    assert.equal(by.get('no-queue')?.Delivery, 'NO_QUEUE');
    assert.equal(by.get('gone-queue')?.Delivery, 'NOT_SENT');
    assert.match(by.get('gone-queue')?.SendError ?? '', /NonExistentQueue|does not exist/i);
    for (const letter of letters) {
      assert.equal(letter.ErrorCode, 'StateMachineDoesNotExist');
      assert.equal(letter.RetryAttempts, 0);
      assert.equal(letter.ExhaustedRetryCondition, undefined);
      assert.equal(letter.ScheduledTime, Date.UTC(2024, 0, 1));
      assert.equal(letter.TargetArn, 'arn:aws:states:us-east-1:123456789012:stateMachine:Missing');
    }
    const received = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }),
    );
    assert.equal(received.Messages?.length, 1);
    const [message] = received.Messages ?? [];
    assert.equal(message?.Body, '{}');
    const attributes = Object.fromEntries(
      Object.entries(message?.MessageAttributes ?? {}).map(([k, v]) => [k, v.StringValue]),
    );
    assert.deepEqual(
      { ...attributes, EXECUTION_ID: typeof attributes['EXECUTION_ID'] },
      {
        ERROR_CODE: 'StateMachineDoesNotExist',
        ERROR_MESSAGE: by.get('to-queue')?.ErrorMessage,
        EXECUTION_ID: 'string',
        IS_PAYLOAD_TRUNCATED: 'false',
        RETRY_ATTEMPTS: '0',
        SCHEDULED_TIME: '2024-01-01T00:00:00Z',
        SCHEDULE_ARN: 'arn:aws:scheduler:us-east-1:123456789012:schedule/default/to-queue',
        TARGET_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:Missing',
      },
    );
  });
});
