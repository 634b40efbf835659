// Optimized DynamoDB (arn:aws:states:::dynamodb:*) through real executions against dynalite: the
// service's results with SdkHttpMetadata, and errors named and worded as AWS-recorded histories show
// (LocalStack's snapshots in tests/aws/services/stepfunctions/v2/{services,error_handling}).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { TABLE, localDynamoForTests } from '../support/aws-local-services.ts';
import { ddbTask, failure, run, taskIds } from './aws-support.ts';

const local = localDynamoForTests();

const key = { pk: { S: 'order-1' }, sk: { S: 'v0' } };

describe('optimized DynamoDB (arn:aws:states:::dynamodb:*) against dynalite', () => {
  it('putItem, getItem, updateItem, deleteItem: the service results with SdkHttpMetadata', async () => {
    const { description, events, output } = await run(local.api, [
      {
        resource: ddbTask('putItem'),
        parameters: { TableName: TABLE, Item: { ...key, status: { S: 'new' } } },
      },
      { resource: ddbTask('getItem'), parameters: { TableName: TABLE, Key: key } },
      {
        resource: ddbTask('updateItem'),
        parameters: {
          TableName: TABLE,
          Key: key,
          UpdateExpression: 'SET #s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': { S: 'paid' } },
          ReturnValues: 'UPDATED_NEW',
        },
      },
      { resource: ddbTask('getItem'), parameters: { TableName: TABLE, Key: key } },
      {
        resource: ddbTask('deleteItem'),
        parameters: { TableName: TABLE, Key: key, ReturnValues: 'ALL_OLD' },
      },
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    const { r0: put, r1: got, r2: updated, r3: gotAgain, r4: deleted } = output;
    assert.deepEqual(Object.keys(put!), ['SdkHttpMetadata', 'SdkResponseMetadata']);
    const http = put!['SdkHttpMetadata'] as {
      HttpStatusCode: number;
      HttpHeaders: Record<string, string>;
      AllHttpHeaders: Record<string, string[]>;
    };
    assert.equal(http.HttpStatusCode, 200);
    assert.equal(http.HttpHeaders['Content-Type'], 'application/x-amz-json-1.0');
    const requestId = http.HttpHeaders['x-amzn-RequestId'];
    assert.ok(requestId);
    assert.deepEqual(http.AllHttpHeaders['x-amzn-RequestId'], [requestId]);
    assert.deepEqual(put!['SdkResponseMetadata'], { RequestId: requestId });
    assert.deepEqual(got!['Item'], { ...key, status: { S: 'new' } });
    assert.deepEqual(updated!['Attributes'], { status: { S: 'paid' } });
    assert.deepEqual(gotAgain!['Item'], { ...key, status: { S: 'paid' } });
    assert.deepEqual(deleted!['Attributes'], { ...key, status: { S: 'paid' } });
    // The table itself agrees: the item is gone.
    assert.equal((await local.ddb.send(new GetItemCommand({ TableName: TABLE, Key: key }))).Item, undefined);
    assert.deepEqual(taskIds(events).slice(0, 3), [
      'TaskScheduled dynamodb putItem',
      'TaskStarted dynamodb putItem',
      'TaskSucceeded dynamodb putItem',
    ]);
    const scheduled = events.find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails!;
    assert.equal(scheduled.region, 'us-east-1');
  });

  it('a missing table is DynamoDB.ResourceNotFoundException, with the Java SDK v1 cause', async () => {
    const { description, events } = await run(local.api, [
      { resource: ddbTask('putItem'), parameters: { TableName: 'no-such-table', Item: key } },
    ]);
    assert.equal(description.status, 'FAILED');
    const failed = failure(events);
    assert.equal(failed.error, 'DynamoDB.ResourceNotFoundException');
    assert.match(
      failed.cause!,
      /^Requested resource not found.* \(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ResourceNotFoundException; Request ID: \S+; Proxy: null\)$/,
    );
    assert.equal(failed.resourceType, 'dynamodb');
    assert.equal(failed.resource, 'putItem');
    assert.equal(description.error, 'DynamoDB.ResourceNotFoundException');
  });

  it('an error the service model does not declare is DynamoDB.AmazonDynamoDBException', async () => {
    // A table name shorter than 3 characters: a ValidationException, which DynamoDB's model lacks.
    const { events } = await run(local.api, [
      { resource: ddbTask('getItem'), parameters: { TableName: 'ab', Key: key } },
    ]);
    const failed = failure(events);
    assert.equal(failed.error, 'DynamoDB.AmazonDynamoDBException');
    assert.match(failed.cause!, /Error Code: ValidationException;/);
  });

  it('a conditional write that fails is DynamoDB.ConditionalCheckFailedException, caught by name', async () => {
    const item = { pk: { S: 'order-2' }, sk: { S: 'v0' } };
    await run(local.api, [{ resource: ddbTask('putItem'), parameters: { TableName: TABLE, Item: item } }]);
    const { description, events } = await run(local.api, [
      {
        resource: ddbTask('putItem'),
        parameters: { TableName: TABLE, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
      },
    ]);
    assert.equal(description.status, 'FAILED');
    assert.equal(failure(events).error, 'DynamoDB.ConditionalCheckFailedException');
  });
});
