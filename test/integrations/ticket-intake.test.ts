// The ticket-intake example (examples/ticket-intake) end to end on a real server, against real
// local implementations of its services — dynalite for DynamoDB, local-aws-sqs for SQS — as the
// README tells users to run it; and, with no AWS configured at all (`npm start` on a fresh
// machine), loaded all the same and failing at once with the setting to add.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { RunningServer } from '../../src/server/index.ts';
import { startServer } from '../../src/server/index.ts';
import type { Settings } from '../../src/config/index.ts';
import type { Api } from '../api/harness.ts';
import type { StandIn } from '../support/aws-stand-ins.ts';
import { LOCAL_CREDENTIALS, startDynalite, startLocalSqs } from '../support/aws-stand-ins.ts';
import { historyOf, settled } from './support.ts';
import { inBareAwsEnvironment } from './aws-support.ts';
import { sdkClient } from '../support/sdk-client.ts';

const EXAMPLE = resolve(import.meta.dirname, '..', '..', 'examples', 'ticket-intake');
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:ticket-intake';
const input = (file: string): string => readFileSync(resolve(EXAMPLE, 'inputs', file), 'utf8');

async function serve(integrations: Settings['integrations']) {
  const server: RunningServer = await startServer({
    host: '127.0.0.1',
    port: 0,
    region: 'us-east-1',
    account: '123456789012',
    dataDir: '.',
    store: 'memory',
    functionModules: [],
    examples: true,
    ...(integrations ? { integrations } : {}),
  });
  const client = sdkClient(server.url);
  const api = { client };
  const run = async (file: string) => {
    const { executionArn } = await client.send(
      new StartExecutionCommand({ stateMachineArn: MACHINE, input: input(file) }),
    );
    const description = await settled(api as Api, executionArn!);
    return { description, events: await historyOf(api as Api, executionArn!) };
  };
  return {
    run,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}

describe('the ticket-intake example against dynalite and local-aws-sqs', () => {
  let dynamo: StandIn;
  let sqs: StandIn;
  let server: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    // Tables take a moment to become ACTIVE, as on AWS: the example waits for it.
    [dynamo, sqs] = await Promise.all([startDynalite({ createTableMs: 300 }), startLocalSqs()]);
    server = await serve({ aws: { endpoints: { dynamodb: dynamo.endpoint, sqs: sqs.endpoint } } });
  });
  after(async () => {
    await server.close();
    await Promise.all([dynamo.close(), sqs.close()]);
  });

  it('creates the table and queue, saves the ticket, queues it for triage and marks it queued', async () => {
    const { description, events } = await server.run('login-problem.json');
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    const output = JSON.parse(description.output!) as Record<string, string>;
    assert.deepEqual(
      { ...output, triageMessageId: typeof output['triageMessageId'] },
      {
        ticketId: 'T-1001',
        status: 'QUEUED',
        priority: 'high',
        triageMessageId: 'string',
      },
    );
    // The table was CREATING at first: the workflow described it again after a Wait.
    const described = events.filter(
      (e) => e.type === 'TaskScheduled' && e.taskScheduledEventDetails?.resource === 'describeTable',
    );
    assert.ok(described.length >= 2, `describeTable ${described.length} times`);

    // The services hold what the workflow put there.
    const local = { region: 'us-east-1', credentials: LOCAL_CREDENTIALS };
    const ddb = new DynamoDBClient({ ...local, endpoint: dynamo.endpoint });
    const queue = new SQSClient({ ...local, endpoint: sqs.endpoint });
    try {
      const { Item } = await ddb.send(
        new GetItemCommand({ TableName: 'stepwise-tickets', Key: { ticketId: { S: 'T-1001' } } }),
      );
      assert.equal(Item?.['status']?.S, 'QUEUED');
      assert.equal(Item?.['customer']?.S, 'ada@example.com');
      assert.equal(Item?.['triageMessageId']?.S, output['triageMessageId']);
      const queueUrl = `${sqs.endpoint}/123456789012/stepwise-ticket-triage`;
      const { Messages } = await queue.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MessageAttributeNames: ['All'],
          MaxNumberOfMessages: 10,
        }),
      );
      assert.equal(Messages?.length, 1);
      assert.equal(Messages?.[0]?.MessageId, output['triageMessageId']);
      assert.deepEqual(JSON.parse(Messages?.[0]?.Body ?? ''), {
        ticketId: 'T-1001',
        priority: 'high',
        subject: 'Cannot sign in after the password reset',
      });
      assert.equal(Messages?.[0]?.MessageAttributes?.['priority']?.StringValue, 'high');
    } finally {
      ddb.destroy();
      queue.destroy();
    }
  });

  it('the same ticket again: the existing table is caught, the condition fails, it is a duplicate', async () => {
    await server.run('invoice-question.json');
    const { description, events } = await server.run('invoice-question.json');
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    assert.deepEqual(JSON.parse(description.output!), { ticketId: 'T-1002', status: 'DUPLICATE' });
    const failed = events.flatMap((e) => (e.type === 'TaskFailed' ? [e.taskFailedEventDetails?.error] : []));
    assert.deepEqual(failed, ['DynamoDb.ResourceInUseException', 'DynamoDB.ConditionalCheckFailedException']);
  });
});

describe('the ticket-intake example with no AWS configured (npm start on a fresh machine)', () => {
  it('is loaded at start, and a run fails at once naming the settings to add', async () => {
    await inBareAwsEnvironment({}, async () => {
      const server = await serve(undefined);
      try {
        const { description } = await server.run('login-problem.json');
        assert.equal(description.status, 'FAILED');
        assert.equal(description.error, 'States.TaskFailed');
        assert.match(description.cause ?? '', /integrations\.aws\.endpoints\.(dynamodb|sqs)/);
        assert.match(description.cause ?? '', /AWS_ENDPOINT_URL_(DYNAMODB|SQS)/);
      } finally {
        await server.close();
      }
    });
  });
});
