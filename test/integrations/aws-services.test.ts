// AWS service integrations through real state machine executions, against real local
// implementations: dynalite for DynamoDB, s3rver for S3 (test/support/aws-stand-ins.ts). Error
// names, causes and history fields follow AWS-recorded histories (LocalStack's snapshots in
// tests/aws/services/stepfunctions/v2/{services,error_handling}).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Api } from '../api/harness.ts';
import { ROLE, startApi } from '../api/harness.ts';
import type { StandIn } from '../support/aws-stand-ins.ts';
import { LOCAL_CREDENTIALS, startDynalite, startS3rver } from '../support/aws-stand-ins.ts';
import { startProtocolServer } from '../support/aws-protocol-server.ts';
import { historyOf, settled } from './support.ts';
import { ddbTask, failure, inBareAwsEnvironment, run, sdkTask, taskIds } from './aws-support.ts';

const TABLE = 'orders';
const BUCKET = 'stepwise-files';

let dynamo: StandIn;
let s3: StandIn;
let api: Api;
let ddb: DynamoDBClient;
let s3Client: S3Client;

before(async () => {
  [dynamo, s3] = await Promise.all([startDynalite(), startS3rver()]);
  const client = { region: 'us-east-1', credentials: LOCAL_CREDENTIALS };
  ddb = new DynamoDBClient({ ...client, endpoint: dynamo.endpoint });
  s3Client = new S3Client({ ...client, endpoint: s3.endpoint, forcePathStyle: true });
  await ddb.send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await s3Client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  api = await startApi({
    aws: { endpoints: { dynamodb: dynamo.endpoint, s3: s3.endpoint }, credentials: LOCAL_CREDENTIALS },
  });
});

after(async () => {
  await api.close();
  ddb.destroy();
  s3Client.destroy();
  await Promise.all([dynamo.close(), s3.close()]);
});

const key = { pk: { S: 'order-1' }, sk: { S: 'v0' } };

describe('optimized DynamoDB (arn:aws:states:::dynamodb:*) against dynalite', () => {
  it('putItem, getItem, updateItem, deleteItem: the service results with SdkHttpMetadata', async () => {
    const { description, events, output } = await run(api, [
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
    assert.equal((await ddb.send(new GetItemCommand({ TableName: TABLE, Key: key }))).Item, undefined);
    assert.deepEqual(taskIds(events).slice(0, 3), [
      'TaskScheduled dynamodb putItem',
      'TaskStarted dynamodb putItem',
      'TaskSucceeded dynamodb putItem',
    ]);
    const scheduled = events.find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails!;
    assert.equal(scheduled.region, 'us-east-1');
  });

  it('a missing table is DynamoDB.ResourceNotFoundException, with the Java SDK v1 cause', async () => {
    const { description, events } = await run(api, [
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
    const { events } = await run(api, [
      { resource: ddbTask('getItem'), parameters: { TableName: 'ab', Key: key } },
    ]);
    const failed = failure(events);
    assert.equal(failed.error, 'DynamoDB.AmazonDynamoDBException');
    assert.match(failed.cause!, /Error Code: ValidationException;/);
  });

  it('a conditional write that fails is DynamoDB.ConditionalCheckFailedException, caught by name', async () => {
    const item = { pk: { S: 'order-2' }, sk: { S: 'v0' } };
    await run(api, [{ resource: ddbTask('putItem'), parameters: { TableName: TABLE, Item: item } }]);
    const { description, events } = await run(api, [
      {
        resource: ddbTask('putItem'),
        parameters: { TableName: TABLE, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
      },
    ]);
    assert.equal(description.status, 'FAILED');
    assert.equal(failure(events).error, 'DynamoDB.ConditionalCheckFailedException');
  });
});

describe('aws-sdk:dynamodb:* against dynalite', () => {
  it('batchWriteItem, query and scan return the response as the service does', async () => {
    const put = (sk: string, amount: string) => ({
      PutRequest: { Item: { pk: { S: 'customer-9' }, sk: { S: sk }, amount: { N: amount } } },
    });
    const { description, events, output } = await run(api, [
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
    const { stateMachineArn } = await api.client.send(
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
    const { executionArn } = await api.client.send(
      new StartExecutionCommand({ stateMachineArn, input: '{}' }),
    );
    const description = await settled(api, executionArn!);
    assert.equal(description.status, 'SUCCEEDED');
    const caught = JSON.parse(description.output!) as { Error: string; Cause: string };
    assert.equal(caught.Error, 'DynamoDb.ResourceNotFoundException');
    assert.match(
      caught.Cause,
      /^Requested resource not found.* \(Service: DynamoDb, Status Code: 400, Request ID: \S+\)$/,
    );
    const failed = failure(await historyOf(api, executionArn!));
    assert.equal(failed.resourceType, 'aws-sdk:dynamodb');
    assert.equal(failed.resource, 'putItem');
  });

  it('an error the model does not declare is DynamoDb.DynamoDbException', async () => {
    const { events } = await run(api, [
      { resource: sdkTask('dynamodb', 'getItem'), parameters: { TableName: 'ab', Key: key } },
    ]);
    assert.equal(failure(events).error, 'DynamoDb.DynamoDbException');
  });
});

describe('aws-sdk:s3:* against s3rver', () => {
  it('putObject, getObject, listObjectsV2, copyObject, deleteObject', async () => {
    const { description, events, output } = await run(api, [
      {
        resource: sdkTask('s3', 'putObject'),
        parameters: { Bucket: BUCKET, Key: 'in/a.txt', Body: 'text data' },
      },
      {
        resource: sdkTask('s3', 'putObject'),
        parameters: { Bucket: BUCKET, Key: 'in/b.json', Body: { Dict: 'Value' } },
      },
      { resource: sdkTask('s3', 'getObject'), parameters: { Bucket: BUCKET, Key: 'in/a.txt' } },
      { resource: sdkTask('s3', 'getObject'), parameters: { Bucket: BUCKET, Key: 'in/b.json' } },
      {
        resource: sdkTask('s3', 'copyObject'),
        parameters: { Bucket: BUCKET, Key: 'out/a.txt', CopySource: `${BUCKET}/in/a.txt` },
      },
      { resource: sdkTask('s3', 'deleteObject'), parameters: { Bucket: BUCKET, Key: 'in/a.txt' } },
      { resource: sdkTask('s3', 'listObjectsV2'), parameters: { Bucket: BUCKET } },
    ]);
    assert.equal(description.status, 'SUCCEEDED', description.cause);
    const { r0: put, r2: getText, r3: getJson, r4: copy, r6: list } = output;
    assert.match(put!['ETag'] as string, /^"[0-9a-f]{32}"$/);
    assert.equal(getText!['Body'], 'text data');
    assert.equal(getText!['ContentLength'], 9);
    assert.equal(getText!['ETag'], put!['ETag']);
    assert.match(getText!['LastModified'] as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    assert.ok(!('$metadata' in getText!));
    // A JSON Body is stored as its text, as Step Functions does.
    assert.equal(getJson!['Body'], '{"Dict":"Value"}');
    assert.ok((copy!['CopyObjectResult'] as { ETag: string }).ETag);
    const listed = (list!['Contents'] as Array<{ Key: string }>).map((c) => c.Key).sort();
    assert.deepEqual(listed, ['in/b.json', 'out/a.txt']);
    assert.equal(list!['KeyCount'], 2);
    // S3 itself has the copy.
    const copied = await s3Client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'out/a.txt' }));
    assert.equal(await copied.Body!.transformToString(), 'text data');
    assert.deepEqual(taskIds(events).slice(0, 2), [
      'TaskScheduled aws-sdk:s3 putObject',
      'TaskStarted aws-sdk:s3 putObject',
    ]);
  });

  it('a missing key is S3.NoSuchKeyException; a missing bucket S3.NoSuchBucketException', async () => {
    const key = await run(api, [
      { resource: sdkTask('s3', 'getObject'), parameters: { Bucket: BUCKET, Key: 'nope.json' } },
    ]);
    const failed = failure(key.events);
    assert.equal(failed.error, 'S3.NoSuchKeyException');
    assert.match(
      failed.cause!,
      /^The specified key does not exist\. \(Service: S3, Status Code: 404, Request ID: /,
    );
    assert.equal(failed.resourceType, 'aws-sdk:s3');
    assert.equal(failed.resource, 'getObject');
    const bucket = await run(api, [
      { resource: sdkTask('s3', 'listObjectsV2'), parameters: { Bucket: 'no-such-bucket' } },
    ]);
    assert.equal(failure(bucket.events).error, 'S3.NoSuchBucketException');
  });
});

describe('where AWS calls go', () => {
  it('a service whose client package is not installed fails with the package to install', async () => {
    const { events } = await run(api, [
      {
        resource: sdkTask('kinesis', 'putRecord'),
        parameters: { StreamName: 'clicks', PartitionKey: 'k', Data: 'aGk=' },
      },
    ]);
    assert.match(failure(events).cause!, /npm install @aws-sdk\/client-kinesis/);
  });

  it('with no endpoint and no credentials a task fails at once, naming the settings to add', async () => {
    await inBareAwsEnvironment({}, async () => {
      const bare = await startApi({});
      try {
        const started = Date.now();
        const { description, events } = await run(bare, [
          { resource: sdkTask('dynamodb', 'listTables'), parameters: {} },
        ]);
        assert.ok(Date.now() - started < 5000, 'no long wait');
        assert.equal(description.status, 'FAILED');
        const failed = failure(events);
        assert.equal(failed.error, 'States.TaskFailed');
        assert.match(failed.cause!, /integrations\.aws\.endpoints\.dynamodb/);
        assert.match(failed.cause!, /AWS_ENDPOINT_URL_DYNAMODB/);
        assert.match(failed.cause!, /integrations\.aws\.credentials/);
      } finally {
        await bare.close();
      }
    });
  });

  it('AWS_ENDPOINT_URL_<SERVICE> points a service at a stand-in; any credentials are then taken', async () => {
    await inBareAwsEnvironment({ AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint }, async () => {
      const viaEnv = await startApi({});
      try {
        const { description, output } = await run(viaEnv, [
          { resource: sdkTask('dynamodb', 'listTables'), parameters: {} },
        ]);
        assert.equal(description.status, 'SUCCEEDED', description.cause);
        assert.ok((output['r0']!['TableNames'] as string[]).includes(TABLE));
      } finally {
        await viaEnv.close();
      }
    });
  });
});

describe('DynamoDB calls no local implementation answers (a signed JSON 1.0 loopback server)', () => {
  const credentials = { accessKeyId: 'AKIDSTEPWISE', secretAccessKey: 'local-secret' };

  it('aws-sdk:dynamodb:transactWriteItems sends a signed request with the PascalCase parameters', async () => {
    const server = await startProtocolServer(credentials, () => ({ status: 200, body: {} }));
    const target = await startApi({ aws: { endpoints: { dynamodb: server.endpoint }, credentials } });
    try {
      const items = [
        { Put: { TableName: TABLE, Item: { pk: { S: 'p' }, sk: { S: '1' } } } },
        { Delete: { TableName: TABLE, Key: { pk: { S: 'p' }, sk: { S: '0' } } } },
      ];
      const { description, output } = await run(target, [
        { resource: sdkTask('dynamodb', 'transactWriteItems'), parameters: { TransactItems: items } },
      ]);
      assert.equal(description.status, 'SUCCEEDED', description.cause);
      assert.deepEqual(output['r0'], {});
      assert.equal(server.requests.length, 1);
      const [request] = server.requests;
      assert.equal(request!.target, 'DynamoDB_20120810.TransactWriteItems');
      assert.equal(request!.signatureError, undefined);
      assert.match(request!.scope!, /^\d{8}\/us-east-1\/dynamodb\/aws4_request$/);
      assert.deepEqual(request!.body['TransactItems'], items);
      // The SDK adds the idempotency token the model marks, as AWS's own SDK does.
      assert.equal(typeof request!.body['ClientRequestToken'], 'string');
    } finally {
      await target.close();
      await server.close();
    }
  });

  it('a throttled call fails with AWS’s name and is retried by the state’s Retry, not by the SDK', async () => {
    const server = await startProtocolServer(credentials, (req) =>
      req.target.endsWith('.GetItem') && server.requests.length === 1
        ? {
            status: 400,
            body: {
              __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
              message: 'The level of configured provisioned throughput for the table was exceeded.',
            },
          }
        : { status: 200, body: { Item: { pk: { S: 'p' } } } },
    );
    const target = await startApi({ aws: { endpoints: { dynamodb: server.endpoint }, credentials } });
    try {
      const { stateMachineArn } = await target.client.send(
        new CreateStateMachineCommand({
          name: 'throttled',
          roleArn: ROLE,
          definition: JSON.stringify({
            StartAt: 'Get',
            States: {
              Get: {
                Type: 'Task',
                Resource: ddbTask('getItem'),
                Parameters: { TableName: TABLE, Key: { pk: { S: 'p' } } },
                Retry: [
                  {
                    ErrorEquals: ['DynamoDB.ProvisionedThroughputExceededException'],
                    IntervalSeconds: 1,
                    MaxAttempts: 2,
                    BackoffRate: 1,
                  },
                ],
                End: true,
              },
            },
          }),
        }),
      );
      const { executionArn } = await target.client.send(
        new StartExecutionCommand({ stateMachineArn, input: '{}' }),
      );
      const description = await settled(target, executionArn!);
      assert.equal(description.status, 'SUCCEEDED', description.cause);
      assert.deepEqual((JSON.parse(description.output!) as { Item: unknown }).Item, { pk: { S: 'p' } });
      assert.equal(server.requests.length, 2, 'one call per attempt of the state');
      const failed = failure(await historyOf(target, executionArn!));
      assert.equal(failed.error, 'DynamoDB.ProvisionedThroughputExceededException');
      assert.match(
        failed.cause!,
        /Status Code: 400; Error Code: ProvisionedThroughputExceededException; Request ID: req-1;/,
      );
    } finally {
      await target.close();
      await server.close();
    }
  });
});
