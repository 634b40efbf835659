// aws-sdk:dynamodb:* through real executions against dynalite: responses as the service returns
// them, errors `DynamoDb.<Exception>` as AWS-recorded histories show.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { ROLE } from '../api/harness.ts';
import { TABLE, localDynamoForTests } from '../support/aws-local-services.ts';
import { historyOf, settled } from './support.ts';
import { failure, run, sdkTask, taskIds } from './aws-support.ts';

const local = localDynamoForTests();

const key = { pk: { S: 'order-1' }, sk: { S: 'v0' } };

describe('aws-sdk:dynamodb:* against dynalite', () => {
  it('batchWriteItem, query and scan return the response as the service does', async () => {
    const put = (sk: string, amount: string) => ({
      PutRequest: { Item: { pk: { S: 'customer-9' }, sk: { S: sk }, amount: { N: amount } } },
    });
    const { description, events, output } = await run(local.api, [
      {
        resource: sdkTask('dynamodb', 'batchWriteItem'),
        parameters: { RequestItems: { [TABLE]: [put('a', '1'), put('b', '2'), put('c', '3')] } },
      },
      {
        resource: sdkTask('dynamodb', 'query'),
        parameters: {
          TableName: TABLE,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: 'customer-9' } },
        },
      },
      {
        resource: sdkTask('dynamodb', 'scan'),
        parameters: {
          TableName: TABLE,
          FilterExpression: 'amount > :min',
          ExpressionAttributeValues: { ':min': { N: '1' } },
        },
      },
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    const { r0: batch, r1: query, r2: scan } = output;
    assert.deepEqual(batch, { UnprocessedItems: {} });
    assert.equal(query!['Count'], 3);
    assert.equal(query!['ScannedCount'], 3);
    assert.deepEqual(
      (query!['Items'] as Array<Record<string, { S?: string; N?: string }>>).map((i) => [
        i['sk']!.S,
        i['amount']!.N,
      ]),
      [
        ['a', '1'],
        ['b', '2'],
        ['c', '3'],
      ],
    );
    assert.ok(!('$metadata' in query!) && !('SdkHttpMetadata' in query!));
    assert.deepEqual(
      (scan!['Items'] as Array<Record<string, { S?: string }>>).map((i) => i['sk']!.S).sort(),
      ['b', 'c'],
    );
    assert.deepEqual(taskIds(events).slice(-3), [
      'TaskScheduled aws-sdk:dynamodb scan',
      'TaskStarted aws-sdk:dynamodb scan',
      'TaskSucceeded aws-sdk:dynamodb scan',
    ]);
  });

  it('a missing table is DynamoDb.ResourceNotFoundException, caught by a Catch on that name', async () => {
    const { stateMachineArn } = await local.api.client.send(
      new CreateStateMachineCommand({
        name: 'aws-sdk-catch',
        roleArn: ROLE,
        definition: JSON.stringify({
          StartAt: 'Put',
          States: {
            Put: {
              Type: 'Task',
              Resource: sdkTask('dynamodb', 'putItem'),
              Parameters: { TableName: 'no-such-table', Item: key },
              Catch: [{ ErrorEquals: ['DynamoDb.ResourceNotFoundException'], Next: 'Missing' }],
              End: true,
            },
            Missing: { Type: 'Pass', End: true },
          },
        }),
      }),
    );
    const { executionArn } = await local.api.client.send(
      new StartExecutionCommand({ stateMachineArn, input: '{}' }),
    );
    const description = await settled(local.api, executionArn!);
    assert.equal(description.status, 'SUCCEEDED');
    const caught = JSON.parse(description.output!) as { Error: string; Cause: string };
    assert.equal(caught.Error, 'DynamoDb.ResourceNotFoundException');
    assert.match(
      caught.Cause,
      /^Requested resource not found.* \(Service: DynamoDb, Status Code: 400, Request ID: \S+\)$/,
    );
    const failed = failure(await historyOf(local.api, executionArn!));
    assert.equal(failed.resourceType, 'aws-sdk:dynamodb');
    assert.equal(failed.resource, 'putItem');
  });

  it('an error the model does not declare is DynamoDb.DynamoDbException', async () => {
    const { events } = await run(local.api, [
      { resource: sdkTask('dynamodb', 'getItem'), parameters: { TableName: 'ab', Key: key } },
    ]);
    assert.equal(failure(events).error, 'DynamoDb.DynamoDbException');
  });
});
